"""The content model: reading, checking and rendering one page's text; Vietnamese text; the contracts (schemas, names shared with the scripts)."""
