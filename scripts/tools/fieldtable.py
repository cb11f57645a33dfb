"""The front-matter field tables of CONTRIBUTING.md, generated from schemas/ so they never drift.

Each table sits between `<!-- fields:KIND -->` and `<!-- /fields:KIND -->`; `python -m scripts.cli fields
--write` (`make fields`) rewrites them, and a test fails while the file differs from the schemas.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts.model.content import REPO, TRANSLATABLE, schema
from scripts.model.render import table_cell

CONTRIBUTING = REPO / "CONTRIBUTING.md"
KINDS = ("article", "plan", "procedure", "page")
_BLOCK = re.compile(r"(<!-- fields:(?P<kind>\w+) -->\n).*?(<!-- /fields:(?P=kind) -->)", re.S)


def _example(node: dict) -> str:
    examples = node.get("examples") or (node.get("items") or {}).get("examples")
    if node.get("enum"):
        return ", ".join(f"`{value}`" for value in node["enum"])
    if not examples:
        return ""
    value = examples[0]
    return f"`{value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}`"


def _rows(kind: str, node: dict, prefix: str = "", top: bool = True) -> list[str]:
    rows = []
    required = set(node.get("required", []))
    for name, field in node.get("properties", {}).items():
        key = f"{prefix}{name}"
        translatable = "có" if top and name in TRANSLATABLE[kind] else ""
        rows.append(f"| `{key}` | {table_cell(field.get('title', ''))} | {'**bắt buộc**' if name in required else ''} | "
                    f"{translatable} | {table_cell(field.get('description', ''))} | {table_cell(_example(field))} |")
        inner = field.get("items", field) if field.get("type") in ("array", "object") else {}
        if inner.get("properties"):
            rows += _rows(kind, inner, f"{key}[]." if field["type"] == "array" else f"{key}.", top=False)
    return rows


def table(kind: str) -> str:
    """The Markdown table of one content type's fields, in the schema's order."""
    definition = schema(kind)
    head = [f"*{definition['title']}* ({definition['x-title-en']}): {definition['description']}", "",
            "| Trường | Tên | Bắt buộc | Dịch được | Ý nghĩa | Ví dụ |", "|---|---|---|---|---|---|"]
    return "\n".join(head + _rows(kind, definition)) + "\n"


def render(text: str) -> str:
    """The document with every field table regenerated from the schemas."""
    return _BLOCK.sub(lambda m: f"{m.group(1)}{table(m.group('kind'))}{m.group(3)}", text)


def kinds_in(text: str) -> list[str]:
    return [m.group("kind") for m in _BLOCK.finditer(text)]


def write(path: Path = CONTRIBUTING) -> bool:
    """Rewrite the tables in place; True when anything changed."""
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
