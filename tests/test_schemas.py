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


WRONG = (["a", "b"], 7, -1, "", "x", "2021-02-30", "2021-13-01", "2021-03-09", "https://dịch vụ công", None, {"a": 1})


def _variants(node):
    """The node and copies with one thing wrong anywhere inside it: each field or item left out, replaced by a
    value of another type, an impossible date or a wrong form, repeated; and an unknown field."""
    yield node
    if isinstance(node, dict):
        yield {**node, "titel": "x"}
        for key, value in node.items():
            yield {k: v for k, v in node.items() if k != key}
            for wrong in (*WRONG, [value, value]):
                yield {**node, key: wrong}
            for variant in _variants(value):
                yield {**node, key: variant}
    elif isinstance(node, list):
        yield [*node, *node]
        for index, value in enumerate(node):
            for variant in (*WRONG, *_variants(value)):
                yield [*node[:index], variant, *node[index + 1:]]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("partial", [False, True], ids=["original", "translation"])
def test_fast_check_agrees_with_jsonschema(kind, partial):
    """The build validates with a compiled schema and falls back to jsonschema for the messages: the two
    must never differ on whether a file is valid."""
    front, _, _ = content.split_front_matter((content.SCHEMA_DIR / "examples" / f"{kind}.md").read_text(encoding="utf-8"))
    _, data = content._parse(front)
    if partial:
        data = {k: v for k, v in data.items() if k in content.TRANSLATABLE[kind]}
    verdicts = []
    for variant in _variants(data):
        full = not list(content._validator(kind, partial).iter_errors(variant))
        try:
            content._fast_validator(kind, partial)(variant)
            fast = True
        except Exception:
            fast = False
        assert fast == full, f"{kind}: the two checks differ on {variant}"
        verdicts.append(full)
    assert True in verdicts and False in verdicts  # both kinds of file were tried
