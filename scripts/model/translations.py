"""Reader-facing words: translations/<lang>.yml, looked up by key from templates and generated pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from scripts.model.vietnamese import slugify

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


@cache
def translations(lang: str) -> dict[str, str]:
    return yaml.safe_load((TRANSLATIONS_DIR / f"{lang}.yml").read_text(encoding="utf-8"))


def translator(lang: str):
    """t(key) for one language; an unknown key fails loudly so that a typo never reaches a page."""
    words = translations(lang)

    def t(key: str) -> str:
        if key not in words:
            raise KeyError(f"no translation for '{key}' in translations/{lang}.yml")
        return words[key]

    return t


def term(value: str, lang: str) -> str:
    """A name from the content (a field, an agency) in the reader's language: its translation when
    translations/<lang>.yml has one (key `term.<slug>`), else the Vietnamese name as written."""
    return translations(lang).get(f"term.{slugify(value)}", value)
