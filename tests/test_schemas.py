"""One schema per content type: each is a valid JSON Schema, closed to unknown fields, with an example that validates."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scripts import content

SCHEMAS = sorted((content.SCHEMA_DIR).glob("*.schema.json"))
KINDS = [path.name.split(".")[0] for path in SCHEMAS]


def test_every_content_type_has_a_schema():
    assert set(KINDS) == set(content.SECTIONS.values()) | {"page"}


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_and_closed(kind):
    schema = json.loads((content.SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)

    def closed(node, where):
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, f"{kind}: {where} accepts unknown fields"
            for name, child in node["properties"].items():
                assert child.get("title") and child.get("x-title-en") and child.get("description"), f"{kind}: {where}.{name} lacks labels"
                closed(child, f"{where}.{name}")
        if node.get("type") == "array":
            closed(node["items"], f"{where}[]")

    closed(schema, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_example_validates(kind, tmp_path):
    example = content.SCHEMA_DIR / "examples" / f"{kind}.md"
    folder = {"article": "tin-tuc", "plan": "ke-hoach", "procedure": "thu-tuc", "page": "."}[kind]
    target = tmp_path / folder / "vi-du.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(example.read_bytes())
    doc, problems = content.read_document(tmp_path, f"{folder}/vi-du.md".lstrip("./"))
    assert problems == [] and doc is not None and doc.kind == kind


@pytest.mark.parametrize("kind", KINDS)
def test_translation_fields_exist_in_the_schema(kind):
    assert content.TRANSLATABLE[kind] <= set(content.schema(kind)["properties"])
