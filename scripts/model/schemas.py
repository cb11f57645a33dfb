"""The schemas of schemas/, each read once with its shared definitions in place, and those definitions' patterns
for the code that finds or checks the same values (one source: schemas/defs.schema.json).

A field says what it is with `$ref` to defs.schema.json and keeps its own words and length limit. Everything that
reads a schema (the check's two validators, its messages, the compose page's data shipped to file://, the field
tables of CONTRIBUTING.md, the CSV checks) gets it with each reference replaced by the definition merged with the
field's own keywords: in JSON Schema both apply, so a keyword that would say something else than the definition
is refused here rather than silently meaning two things. Words (title, description, examples) are the field's.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
DEFS = "defs.schema.json"
# Keywords that describe rather than constrain: the field's own win over the definition's.
_WORDS = {"title", "x-title-en", "description", "examples", "$comment"}


@cache
def _document(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _target(ref: str, document: str) -> tuple[Any, str]:
    """(the node a reference names, the file it is in): a file of schemas/ relative to `document`, and a JSON pointer."""
    where, _, pointer = ref.partition("#")
    name = posixpath.normpath(posixpath.join(posixpath.dirname(document), where)) if where else document
    if name.startswith("../") or "://" in ref:
        raise ValueError(f"schemas/{document}: «{ref}» names something outside schemas/")
    node = _document(name)
    for part in filter(None, pointer.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, name


def _resolved(node: Any, document: str, at: str) -> Any:
    if isinstance(node, list):
        return [_resolved(item, document, f"{at}/{index}") for index, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    if "$ref" not in node:
        return {key: _resolved(value, document, f"{at}/{key}") for key, value in node.items()}
    target, name = _target(node["$ref"], document)
    merged = {key: value for key, value in _resolved(target, name, node["$ref"]).items() if key != "$comment"}
    for key, value in node.items():
        if key == "$ref":
            continue
        value = _resolved(value, document, f"{at}/{key}")
        if key in merged and key not in _WORDS and merged[key] != value:
            raise ValueError(f"schemas/{document}#{at}: «{key}» differs from {node['$ref']}; say it once, in the definition")
        merged[key] = value
    return merged


@cache
def load(name: str) -> dict:
    """The schema schemas/<name>.schema.json ("article", "data/synonyms", "config/agency") with its references
    resolved. Shared: never change what it returns."""
    return _resolved(_document(f"{name}.schema.json"), f"{name}.schema.json", "")


@cache
def definitions() -> dict[str, dict]:
    """The shared definitions, resolved (source.url is a web_url)."""
    return _resolved(_document(DEFS), DEFS, "")["$defs"]


def pattern(name: str) -> re.Pattern[str]:
    """A definition's pattern; use `fullmatch`, as JavaScript reads `$` (Python's `$` also matches before a final newline)."""
    return re.compile(definitions()[name]["pattern"])


def inner(name: str) -> str:
    """A definition's pattern without its anchors, as a group: to find such values inside a text."""
    text = definitions()[name]["pattern"]
    if not (text.startswith("^") and text.endswith("$")):
        raise ValueError(f"schemas/{DEFS}: the pattern of {name} must hold the whole value (^…$)")
    return f"(?:{text[1:-1]})"


PROCEDURE_CODE = pattern("procedure_code")
PLAN_NUMBER = pattern("plan_number")
WEB_URL = pattern("web_url")
SITE_PATH = pattern("site_path")
