"""The whole site: every check at once, every generated page, and the build's stages over one context."""
