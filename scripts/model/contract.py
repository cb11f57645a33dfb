"""The names pages and data files share with the site's scripts (ids, data attributes, the callbacks of the data
files, the search index's format version): one source, docs/assets/javascripts/contract.js, which the scripts load
first and this module reads as JSON for the build."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

CONTRACT_FILE = Path(__file__).resolve().parents[2] / "docs/assets/javascripts/contract.js"
_OBJECT = re.compile(r"^window\.cchcContract = (\{.*\});\s*\Z", re.S | re.M)


@cache
def names() -> dict:
    """The contract as the scripts see it: searchIndex, procedureFilter, compose."""
    found = _OBJECT.search(CONTRACT_FILE.read_text(encoding="utf-8"))
    if not found:
        raise ValueError(f"{CONTRACT_FILE}: no «window.cchcContract = {{…}};» at the end of the file")
    return json.loads(found[1])
