"""One schema per content type: each is a valid JSON Schema, closed to unknown fields, with an example that validates.
The values several schemas share are defined once (schemas/defs.schema.json), and the code takes their patterns from there."""

from __future__ import annotations

import ast
import csv
import itertools
import json
import re

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

from conftest import REPO
from scripts.pages import compose, references, results
from scripts.model import content, render, schemas, sections

SCHEMAS = sorted(path for path in content.SCHEMA_DIR.glob("*.schema.json") if path.name != schemas.DEFS)
KINDS = [path.name.split(".")[0] for path in SCHEMAS]


def test_every_content_type_has_a_schema():
    assert set(KINDS) == {*sections.KINDS, "page"}


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_and_closed(kind):
    jsonschema.Draft202012Validator.check_schema(json.loads((content.SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")))
    schema = content.schema(kind)  # as the check reads it, the shared definitions in place

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


# --- shared definitions: one source ------------------------------------------------------------------------

ALL_SCHEMAS = sorted(path.relative_to(content.SCHEMA_DIR).as_posix().removesuffix(".schema.json")
                     for path in content.SCHEMA_DIR.rglob("*.schema.json") if path.name != schemas.DEFS)
# What the build writes rather than reads (output/): tests/test_search.py validates the index against its schema.
INPUT_SCHEMAS = [name for name in ALL_SCHEMAS if not name.startswith("output/")]


def _raw(name: str) -> dict:
    return json.loads((content.SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _nodes(node, where=""):
    """(pointer, node) of every object in a schema."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _nodes(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, f"{where}/{index}")


def _small(node):
    """A data file cut down to a few items of each list and of each table of words: every kind of value, quickly varied."""
    if isinstance(node, list):
        return [_small(item) for item in node[:2]]
    if isinstance(node, dict):
        keep = list(node)[:3] if len(node) > 10 and all(isinstance(v, str) for v in node.values()) else list(node)
        return {key: _small(node[key]) for key in keep}
    return node


def _instances(name: str) -> list:
    """Something real each schema describes: its example page, the identity block of mkdocs.yml, a data file."""
    if name in KINDS:
        front, _, _ = content.split_front_matter((content.SCHEMA_DIR / "examples" / f"{name}.md").read_text(encoding="utf-8"))
        return [content._parse(front)[1]]
    if name.startswith("config/"):  # a block of mkdocs.yml's extra
        return [yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"][name.removeprefix("config/")]]
    if name == "data/form":
        return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "data/forms").glob("*.yml"))[:1]]
    if name in ("data/synonyms", "data/search-words"):
        return [yaml.safe_load((REPO / f"{name}.yml").read_text(encoding="utf-8"))]
    with (REPO / f"{name}.csv").open(encoding="utf-8") as table:  # a CSV row typed as scripts/pages/results.py types it
        row = next(csv.DictReader(table))
    columns = schemas.load(name)["properties"]
    return [{key: results._cell(value, columns[key])[0] for key, value in row.items() if value}]


@pytest.mark.parametrize("name", INPUT_SCHEMAS)
def test_references_resolve_as_json_schema_says(name):
    """The schema as the check reads it (references replaced by the definitions, scripts/model/schemas.py) and the file as
    any JSON Schema tool reads it (the references followed through a registry of schemas/) agree on every value."""
    registry = Registry().with_resources(
        (path.relative_to(content.SCHEMA_DIR).as_posix(), Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
        for path in content.SCHEMA_DIR.rglob("*.schema.json"))
    by_file = jsonschema.Draft202012Validator(_raw(name), registry=registry, format_checker=jsonschema.FormatChecker())
    resolved = jsonschema.Draft202012Validator(schemas.load(name), format_checker=jsonschema.FormatChecker())
    verdicts = []
    for variant in itertools.islice((v for instance in _instances(name) for v in _variants(_small(instance))), 4000):
        verdicts.append(by_file.is_valid(variant))
        assert resolved.is_valid(variant) == verdicts[-1], f"{name}: the two readings differ on {variant}"
    assert True in verdicts and False in verdicts


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_shared_values_are_defined_once(name):
    """A date, a procedure code, a plan number, a URL … is a reference to its definition, never a pattern or a
    format of its own; a field keeps its words, and its examples are values the definition accepts."""
    for where, node in _nodes(_raw(name)):
        if where.endswith("/properties"):
            continue  # field names, not schemas: a field may be called "format"
        assert "format" not in node, f"{name}{where}: a format is the definition's (schemas/{schemas.DEFS})"
        assert not any(signature.search(node.get("pattern", "")) for signature in SIGNATURES.values()), \
            f"{name}{where}: a copy of a shared pattern; write {{\"$ref\": \"…{schemas.DEFS}#/$defs/…\"}}"
    for where, node in _nodes(schemas.load(name)):
        rules = {key: value for key, value in node.items() if key not in ("examples", "items", "properties", "required")}
        if "examples" in node and node.get("type") in ("string", "integer"):
            for example in node["examples"]:
                assert jsonschema.Draft202012Validator(rules, format_checker=jsonschema.FormatChecker()).is_valid(example), f"{name}{where}: {example}"


# What a copy of a shared pattern looks like, \d or [0-9] alike; none may appear outside schemas/defs.schema.json.
SIGNATURES = {
    "procedure_code": re.compile(r"\{6\}"),
    "plan_number": re.compile(r"KH-\["),
    "date": re.compile(r"\{4\}-"),
    "phone": re.compile(r"\{6,14\}"),
    "urls": re.compile(r"https://\[|<>`"),
    "site_path": re.compile(r"\(\?!\[a-zA-Z\]"),
}


def test_the_code_takes_the_patterns_from_the_definitions():
    """No module of scripts/ writes a shared pattern again (the procedure code once stood in seven places, the
    renderer's URL rule apart from the schemas'); each comes from scripts/model/schemas.py."""
    copies = []
    for path in sorted((REPO / "scripts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                copies += [f"{path.name}:{node.lineno}: {name}" for name, signature in SIGNATURES.items() if signature.search(node.value)]
    assert copies == []
    for name, signature in SIGNATURES.items():  # the signatures find the definitions themselves
        assert any(signature.search(node.get("pattern", "")) for node in schemas.definitions().values()), name
    assert references.PLAN_NUMBER == schemas.inner("plan_number") and references.PROCEDURE_CODE == schemas.inner("procedure_code")


PROBES = [chr(code) for code in range(0x20, 0x7f)] + ["\t", "\n", "\u00a0", "đ"]


def test_urls_refuse_what_the_renderer_refuses():
    """Every URL-like definition refuses the same characters, and a link the schemas accept is one the templates
    write (a quote or a bracket they let through once stopped the build with a traceback)."""
    defs = schemas.definitions()
    article = content.schema("article")["properties"]

    def renders(value):
        try:
            render.url(value)
            return True
        except ValueError:
            return False

    for char in PROBES:
        web = f"https://example.gov.vn/a{char}b"
        path = f"../assets/a{char}b.jpg"
        accepted = {name: bool(schemas.pattern(name).fullmatch(value)) for name, value in
                    (("web_url", web), ("https_url", web), ("site_path", path), ("site_file", path))}
        assert accepted["web_url"] == accepted["https_url"] == accepted["site_path"], repr(char)
        assert accepted["site_file"] == (accepted["site_path"] and char not in "#?"), repr(char)
        for node, value in ((article["source"]["properties"]["url"], web), (article["image"]["properties"]["src"], path)):
            in_schema = jsonschema.Draft202012Validator(node, format_checker=jsonschema.FormatChecker()).is_valid(value)
            assert renders(value) == in_schema, (repr(char), value)
    assert defs["web_url"]["pattern"].startswith("^https?://") and not renders("javascript:alert(1)") and not renders("//evil.example/a")


@pytest.mark.parametrize("value, name, valid", [
    ("1.001193", "procedure_code", True), ("1.004873.000.00.00.H01", "procedure_code", True),
    ("1.00119", "procedure_code", False), ("1.001193\n", "procedure_code", False), ("١.٠٠١١٩٣", "procedure_code", False),
    ("111/KH-UBND", "plan_number", True), ("27/KH-BCĐ-UBND", "plan_number", True), ("111/KH-UBND-", "plan_number", False),
    ("111/KH--UBND", "plan_number", False), ("2021-03-09", "date", True), ("2021-3-9", "date", False), ("２０２１-03-09", "date", False),
])
def test_definitions_hold_python_and_javascript_alike(value, name, valid):
    """The patterns mean the same in Python and in the browser: ASCII digits only (Python's \\d takes any script's),
    the whole value (Python's $ also matches before a final newline, so the code uses fullmatch; jsonschema searches
    with $ as Python reads it, which a YAML value ending in a line break alone could tell apart)."""
    assert bool(schemas.pattern(name).fullmatch(value)) == valid
    assert value.endswith("\n") or jsonschema.Draft202012Validator(schemas.definitions()[name], format_checker=jsonschema.FormatChecker()).is_valid(value) == valid


def test_a_definition_said_otherwise_by_a_field_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(schemas, "SCHEMA_DIR", tmp_path)
    schemas._document.cache_clear()
    try:
        (tmp_path / schemas.DEFS).write_text(json.dumps({"$defs": {"code": {"type": "string", "pattern": "^[0-9]$"}}}), encoding="utf-8")
        (tmp_path / "x.schema.json").write_text(json.dumps({"properties": {"a": {"$ref": "defs.schema.json#/$defs/code", "pattern": "^a$"},
                                                                           "b": {"$ref": "defs.schema.json#/$defs/code", "title": "B"}}}),
                                                encoding="utf-8")
        with pytest.raises(ValueError, match="«pattern» differs"):
            schemas._resolved(schemas._document("x.schema.json"), "x.schema.json", "")
        (tmp_path / "y.schema.json").write_text(json.dumps({"properties": {"b": {"$ref": "../outside.json#/x"}}}), encoding="utf-8")
        with pytest.raises(ValueError, match="outside schemas/"):
            schemas._resolved(schemas._document("y.schema.json"), "y.schema.json", "")
    finally:
        schemas._document.cache_clear()


def test_the_compose_page_gets_the_schemas_with_their_definitions_in_place():
    """compose.js runs from file:// and reads no schema file: its forms carry each definition's rules themselves."""
    forms = {kind: compose.kind_form(kind) for kind in compose.KINDS}
    assert "$ref" not in json.dumps(forms)
    code = next(field for field in forms["procedure"]["fields"] if field["name"] == "code")
    assert code["rules"]["pattern"] == schemas.definitions()["procedure_code"]["pattern"]
