"""The content model: Markdown files with YAML front matter, one JSON Schema per content type.

`load_site` reads every page under docs/, validates it and returns the documents with every problem
found (all files, all problems, one run). `make check` prints the problems; the build refuses to run
while any of them is an error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
import subprocess
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Mapping

import fastjsonschema
import jsonschema
import yaml

from scripts.model import messages, schemas
from scripts.model.sections import DEFAULT as DEFAULT_SECTIONS, Sections
from scripts.model.vietnamese import nfc, slugify, sort_vietnamese

REPO = Path(__file__).resolve().parents[2]
SCHEMA_DIR = schemas.SCHEMA_DIR
GENERATED_DIR = "_generated"  # docs/_generated/: pages written at build time, never committed
DATA_DIR = "data"  # data/ beside docs/: figures and search words, checked like content, never published as they are
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

KIND_NAMES = {"article": "tin bài", "plan": "kế hoạch", "procedure": "thủ tục", "page": "trang",
              "data/synonyms": "từ đồng nghĩa", "data/search-words": "từ của ô tìm kiếm", "data/form": "dữ liệu biểu mẫu",
              "config/agency": "khối cơ quan", "config/categories": "danh sách chuyên mục", "config/content_safety": "khối an toàn nội dung",
              "config/news": "khối danh sách tin", "config/sections": "khối các mục nội dung"}
# Text fields a translation (page.en.md) may carry; everything else comes from the original.
TRANSLATABLE = {
    "article": {"title", "summary", "tags", "image"},
    "plan": {"title", "purpose", "targets", "tasks", "channels"},
    "procedure": {"name", "applicants", "steps", "channels", "dossier", "result", "conditions", "agency", "field", "online"},
    "page": {"title", "description", "hide"},
}
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, said so that an editor knows what to change."""

    path: str  # relative to the repository, e.g. docs/tin-tuc/bai-viet.md
    line: int | None
    field: str | None  # as code matches it: "targets.0.value"; shown to editors by `field_label`
    message: str  # Vietnamese
    gloss: str = ""  # a short English gloss for maintainers
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = {"error": "LỖI", "warning": "CẢNH BÁO", "info": "THÔNG TIN"}[self.severity]
        field = f" [{field_label(self.field)}]" if self.field else ""
        gloss = f" ({self.gloss})" if self.gloss else ""
        return f"{where}: {label}{field}: {self.message}{gloss}"


def field_label(field: str) -> str:
    """A field path as an editor reads it: "implements.0" -> "mục thứ 1 của implements",
    "targets.0.value" -> "value ở mục thứ 1 của targets"; list positions count from 1, as people count."""
    label, names = "", []
    for part in field.split(".") + [""]:  # "" ends the last run of names
        if part and not part.isdigit():
            names.append(part)
            continue
        whose = " ở ".join(filter(None, [".".join(names), label]))
        label = f"mục thứ {int(part) + 1} của {whose}" if part else whose
        names = []
    return label


@dataclass
class Document:
    """One Markdown file: its front matter (validated, NFC) and its body."""

    src: str  # path under docs/, POSIX, e.g. ke-hoach/111-kh-ubnd-2021.en.md
    kind: str
    lang: str
    meta: dict[str, Any]
    body: str
    body_line: int  # line of the file where the body starts
    key_lines: dict[tuple, int] = field(default_factory=dict)
    valid: bool = True
    translations: dict[str, "Document"] = field(default_factory=dict)  # on originals: lang -> translation

    @property
    def base_src(self) -> str:
        """The path without its language suffix: the key shared by an original and its translations."""
        suffix = f".{self.lang}.md"
        return self.src[: -len(suffix)] + ".md" if self.src.endswith(suffix) else self.src

    @property
    def url(self) -> str:
        """The page's URL path on the Vietnamese side, e.g. ke-hoach/111-kh-ubnd-2021/."""
        return page_url(self.base_src)

    def localized(self, lang: str) -> dict[str, Any]:
        """Front matter for one language: the original's, with the translation's text fields over it; without a
        translated name, the original's name in that language (a procedure's `name_en`). A translated dossier row
        keeps its original row's files (the same in every language, titled by their `title_en`)."""
        translation = self.translations.get(lang)
        meta = {**self.meta, **translation.meta} if translation else dict(self.meta)
        if translation and "dossier" in translation.meta and len(translation.meta["dossier"]) == len(self.meta.get("dossier", [])):
            meta["dossier"] = [{**row, "attachments": source["attachments"]} if "attachments" in source and "attachments" not in row else row
                               for row, source in zip(translation.meta["dossier"], self.meta["dossier"])]
        if lang != self.lang and f"name_{lang}" in self.meta and not (translation and "name" in translation.meta):
            meta["name"] = self.meta[f"name_{lang}"]
        return meta


@dataclass
class Site:
    """All documents of the site, with the indexes other modules look things up in."""

    documents: list[Document]
    problems: list[Problem]
    unreadable: dict[str, str] = field(default_factory=dict)  # src -> text of each page whose front matter could not be read
    agency: Any = None  # scripts.pages.agency.Agency: mkdocs.yml's identity block (offices, popular procedures), set by the check
    categories: dict[str, str] = field(default_factory=dict)  # the categories an article may name -> English label
    directory_urls: bool = True  # mkdocs.yml's use_directory_urls (False in the offline bundle), set by the check
    news_per_page: int = schemas.load("config/news")["properties"]["per_page"]["default"]  # extra.news.per_page
    sections: Sections = DEFAULT_SECTIONS  # extra.sections: each content type's folder, and its pages'

    def category_label(self, name: str, lang: str) -> str:
        """A category as a page in `lang` names it (mkdocs.yml, extra.categories: `name`, `en`)."""
        return self.categories.get(name, name) if lang != DEFAULT_LANGUAGE else name

    def held_back(self, kind: str, key: str) -> bool:
        """Whether a page of this kind left out for its own error (unreadable or invalid) may be the one a plan number
        or procedure code names: a reference to it is then not reported, since that page's error is the one to fix."""
        return (any(self.sections.kind_of(src) == kind and key in text for src, text in self.unreadable.items())
                or any(d.kind == kind and not d.valid and key in (d.meta.get("number"), d.meta.get("code")) for d in self.documents))

    @cached_property
    def originals(self) -> list[Document]:
        return [d for d in self.documents if d.lang == DEFAULT_LANGUAGE and d.valid]

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.originals if d.kind == kind]

    @cached_property
    def by_src(self) -> dict[str, Document]:
        return {d.src: d for d in self.originals}

    @cached_property
    def by_file(self) -> dict[str, Document]:
        """Every document, translations too, by its path under docs/."""
        return {d.src: d for d in self.documents}

    @cached_property
    def plans_by_number(self) -> dict[str, Document]:
        return {d.meta["number"]: d for d in self.of_kind("plan") if d.meta.get("number")}

    @cached_property
    def procedures_by_code(self) -> dict[str, Document]:
        codes = {}
        for d in self.of_kind("procedure"):
            for code in d.meta.get("former_codes", []):
                codes.setdefault(code, d)
            codes[d.meta["code"]] = d
        return codes

    def procedure(self, code: str) -> Document | None:
        """The procedure a code names: its code or a former one, or, for a province's long code
        (1.001193.000.00.00.H12), the national procedure it localises."""
        return self.procedures_by_code.get(code) or self.procedures_by_code.get(code[:8])

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def page_url(src: str) -> str:
    """URL path of a page with directory URLs: tin-tuc/a.md -> tin-tuc/a/, x/index.md -> x/."""
    path = PurePosixPath(src)
    stem = path.with_suffix("")
    if path.stem in ("index", "README"):
        stem = path.parent
    return "" if str(stem) == "." else f"{stem}/"


def lang_of(src: str) -> str:
    suffixes = PurePosixPath(src).suffixes
    return suffixes[-2][1:] if len(suffixes) >= 2 and suffixes[-2][1:] in LANGUAGES else DEFAULT_LANGUAGE


# --- YAML with line numbers -------------------------------------------------------------------------

class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~10x faster on thousands of files
    """Safe YAML that keeps dates as written (a schema checks them) instead of failing on 2021-13-45."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refuse_aliases(node: yaml.Node | None) -> None:
    """An alias (*name) makes one node stand in many places: a few KB of them expand to gigabytes in whatever
    walks the data. Found on the node tree, where each is still one shared node, before anything expands it."""
    seen, stack = set(), [node] if node is not None else []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise yaml.MarkedYAMLError(problem="bí danh YAML (*tên, &tên) không được dùng trong phần đầu; viết giá trị ra đầy đủ",
                                       problem_mark=current.start_mark)
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            stack += [part for pair in current.value for part in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value


def _parse(front: str) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree (for line numbers) and its data, from one parse."""
    loader = _FrontMatterLoader(front)
    try:
        node = loader.get_single_node()
        if "*" in front:  # an alias is written *name: without a star there is none to find
            _refuse_aliases(node)
        return node, loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()


def _key_lines(node: yaml.Node, offset: int, path: tuple = (), lines: dict | None = None) -> dict[tuple, int]:
    """Map each key path (('targets', 0, 'value')) to its line in the file."""
    lines = {} if lines is None else lines
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines[child] = key.start_mark.line + offset
            _key_lines(value, offset, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + offset
            _key_lines(item, offset, path + (index,), lines)
    return lines


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group(1) or "", text[match.end():], match.group(0).count("\n") + 1


# --- schemas ------------------------------------------------------------------------------------------

def schema(kind: str) -> dict:
    return schemas.load(kind)


def _definition(kind: str, partial: bool) -> dict:
    definition = dict(schema(kind))
    if partial:  # a translation: only the text fields, none of them required
        definition["properties"] = {k: v for k, v in definition["properties"].items() if k in TRANSLATABLE[kind]}
        definition.pop("required", None)
    return definition


@cache
def _validator(kind: str, partial: bool) -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(_definition(kind, partial), format_checker=jsonschema.FormatChecker())


def _formats(node) -> set[str]:
    """Every format a schema names."""
    if isinstance(node, list):
        return set().union(*map(_formats, node))
    if not isinstance(node, dict):
        return set()
    found = set().union(*map(_formats, node.values()))
    return found | {node["format"]} if isinstance(node.get("format"), str) else found


@cache
def _fast_validator(kind: str, partial: bool) -> Callable[[dict], Any]:
    """The schema compiled to Python (fastjsonschema), for the common case of a valid file: jsonschema took
    2-3 ms a procedure, seconds at thousands. It stops at the first error, so an invalid file is checked
    again by `_validator` for every message. Formats are jsonschema's own checks, so both agree on them."""
    definition = _definition(kind, partial)
    checker = jsonschema.FormatChecker()
    formats = {name: (lambda value, name=name: checker.conforms(value, name)) for name in _formats(definition)}
    return fastjsonschema.compile(definition, formats=formats, use_default=False)


def _field_schema(kind: str, path: Iterable) -> dict:
    node = schema(kind)
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def _schema_problems(doc_path: str, kind: str, data: dict, lines: dict, partial: bool, first_line: int,
                     add_to: str = "phần đầu tệp") -> list[Problem]:
    """Every value the schema refuses, each said in Vietnamese with the words of schemas/messages.yml."""
    try:
        _fast_validator(kind, partial)(data)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass  # every error, each said in Vietnamese
    problems = []
    for error in sorted(_validator(kind, partial).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        name = ".".join(map(str, path)) or None
        node = error.schema
        line = lines.get(path, first_line)
        if error.validator == "required":
            missing = error.message.split("'")[1]
            sub = _field_schema(kind, path + (missing,))
            fix = messages.fill(messages.messages()["required"]["in_file"], field=missing, add_to=add_to)
            problems.append(Problem(doc_path, line, ".".join(map(str, path + (missing,))),
                                    *messages.say("required", field=missing, title=sub.get("title", ""), fix=fix, how=messages.how(sub))))
            continue
        if error.validator == "additionalProperties":
            allowed = sorted(_field_schema(kind, path).get("properties", {}))
            if partial and not path:
                allowed = sorted(TRANSLATABLE[kind])
            for unknown in sorted(set(error.instance) - set(allowed)):
                guess = difflib.get_close_matches(unknown, allowed, n=1)
                hint = messages.fill(messages.messages()["unknown_field"]["hint"], guess=guess[0]) if guess else ""
                where = "bản dịch" if partial and not path else KIND_NAMES[kind]
                problems.append(Problem(doc_path, lines.get(path + (unknown,), line), ".".join(map(str, path + (unknown,))),
                                        *messages.say("unknown_field", field=unknown, where=where, hint=hint, allowed=", ".join(allowed))))
            continue
        said = _value_problem(error.validator, node, error.instance) or (error.message, "")  # a rule no schema uses today
        problems.append(Problem(doc_path, line, name, *said))
    return list(dict.fromkeys(problems))  # a date both malformed and impossible is one mistake (format and pattern agree)


def _value_problem(rule: str, node: dict, value: Any) -> tuple[str, str] | None:
    """(message, gloss) for a value its schema node refuses by one rule (a JSON Schema keyword), None for a rule
    without words in schemas/messages.yml."""
    shown = messages.as_json(value)
    if rule == "type":
        words = messages.messages()["type"]["types"]
        return messages.say("type", type=words.get(node["type"], node["type"]), type_name=node["type"], value=shown, example=messages.example(node))
    if rule in ("format", "pattern") and node.get("format") == "date":
        return messages.say("date", value=shown, fix=messages.messages()["date"]["in_file"])
    if rule == "format":
        return messages.say("format", value=shown, how=messages.how(node), format=node.get("format"))
    if rule == "pattern":
        description = f" {node['description']}" if node.get("description") else ""
        return messages.say("pattern", value=shown, description=description, example=messages.example(node))
    if rule == "enum":
        return messages.say("enum", value=shown, allowed=", ".join(map(str, node["enum"])), description=node.get("description", ""))
    if rule == "minLength":
        return messages.say("min_length", limit=node["minLength"], how=messages.how(node))
    if rule == "maxLength":
        return messages.say("max_length", limit=node["maxLength"], length=len(value))
    if rule in ("minimum", "maximum"):
        return messages.say("range", value=shown, minimum=node.get("minimum", "…"), maximum=node.get("maximum", "…"))
    if rule == "uniqueItems":
        return messages.say("unique")
    if rule == "minItems":
        return messages.say("min_items", limit=node["minItems"])
    if rule == "maxItems":
        return messages.say("max_items", limit=node["maxItems"], count=len(value))
    return None


# --- reading one file ------------------------------------------------------------------------------

def free_name(docs_dir: Path, src: str, claimed: dict[str, str]) -> str:
    """The slug name to suggest for a file whose name is not one: dang-ky-khai-sinh.md, or -2, -3 … when a page of
    any language already has that name, or another file was told to take it in this run (`claimed`: new base ->
    the base it was suggested for, so that a page and its translation are told the same name)."""
    path = PurePosixPath(src)
    stem, lang = path.name.split(".")[0], lang_of(src)
    suffix = f".{lang}.md" if lang != DEFAULT_LANGUAGE else ".md"
    mine = str(path.parent / stem)
    for number in itertools.count(1):
        base = str(path.parent / (slugify(stem) + (f"-{number}" if number > 1 else "")))
        on_disk = [f"{base}.md", *(f"{base}.{other}.md" for other in LANGUAGES if other != DEFAULT_LANGUAGE)]
        if claimed.get(base, mine) == mine and not any((docs_dir / name).exists() for name in on_disk):
            claimed[base] = mine
            return PurePosixPath(base).name + suffix


_INDENT = re.compile(r"^[ \t-]*\t[ \t]*", re.M)  # a line's indentation, list dashes included ("-\tmục")


def _tab_lines(front: str, error: yaml.YAMLError) -> list[int]:
    """Lines of the file (front matter starts on line 2) indented with a tab, when the tabs are what YAML refuses:
    with spaces for them, the error goes or changes (a tab inside a block of text is allowed, and the error may be
    another mistake)."""
    tabs = [front.count("\n", 0, match.start()) + 2 for match in _INDENT.finditer(front)]
    if not tabs:
        return []
    try:
        _parse(_INDENT.sub(lambda match: match[0].replace("\t", "  "), front))
        return tabs
    except yaml.YAMLError as spaced:
        where = (lambda e: (getattr(e, "problem", None), getattr(getattr(e, "problem_mark", None), "line", None)))
        return tabs if where(spaced) != where(error) else []


def _closing_line(text: str) -> int | None:
    """Where a missing closing «---» belongs: the first blank line, when what comes before it reads as front matter."""
    lines = text.split("\n")
    blank = next((index for index, line in enumerate(lines[1:], 1) if not line.strip()), None)
    if blank is None:
        return None
    try:
        return blank + 1 if isinstance(_parse("\n".join(lines[1:blank]) + "\n")[1], dict) else None
    except yaml.YAMLError:
        return None


def _said(items: list) -> str:
    """1 / 1 và 2 / 1, 2 và 3."""
    return ", ".join(map(str, items[:-1])) + f" và {items[-1]}" if len(items) > 1 else str(items[0])


def read_document(docs_dir: Path, src: str, repo_prefix: str = "docs", claimed: dict[str, str] | None = None,
                  lang: str | None = None, sections: Sections = DEFAULT_SECTIONS) -> tuple[Document | None, list[Problem]]:
    """Parse and validate one Markdown file; a Document is returned whenever its front matter could be read.
    `claimed` holds the names suggested so far in this run (see `free_name`); `lang` overrides the language the
    name gives (a misnamed translation is checked as the translation it is; its name is the caller's to report);
    `sections` tells its content type from its folder."""
    shown = f"{repo_prefix}/{src}" if repo_prefix else src
    kind, misnamed, lang = sections.kind_of(src), lang is not None, lang or lang_of(src)
    problems: list[Problem] = []
    raw = (docs_dir / src).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, None, "tệp không phải UTF-8. Lưu lại tệp với bảng mã UTF-8.", "not UTF-8")]
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        return None, [Problem(shown, 1, None, f"tệp rỗng. Một {KIND_NAMES[kind]} cần phần đầu (front matter) giữa hai dòng «---» và nội dung.", "empty file")]
    if text != nfc(text):
        first = next(i for i, line in enumerate(text.split("\n"), 1) if line != nfc(line))
        problems.append(Problem(shown, first, None, "chữ tiếng Việt ở dạng tổ hợp (NFD, thường do chép từ PDF); trang web sẽ tự chuẩn hóa về dạng dựng sẵn (NFC).",
                                "decomposed Unicode (NFD) normalised to NFC", "info"))
        text = nfc(text)
    stem = PurePosixPath(src).name.split(".")[0]
    if stem not in ("index", "README") and stem != slugify(stem) and not misnamed:
        problems.append(Problem(shown, None, None, *messages.say("slug", file=PurePosixPath(src).name,
                                                                  suggestion=free_name(docs_dir, src, {} if claimed is None else claimed))))
    front, body, body_line = split_front_matter(text)
    if front is None and text.split("\n", 1)[0].rstrip() == "---":
        closing = _closing_line(text)
        where = f" (ở đây: ngay trước dòng {closing}, dòng trống trước nội dung)" if closing else ""
        problems.append(Problem(shown, closing or 1, None, "phần đầu (front matter) mở bằng dòng «---» ở dòng 1 nhưng thiếu dòng «---» đóng lại. "
                                f"Thêm một dòng chỉ có «---» ngay sau trường cuối cùng{where}.", "front matter has no closing '---' line"))
        return None, problems
    if front is None:
        problems.append(Problem(shown, 1, None, "thiếu phần đầu (front matter). Tệp phải bắt đầu bằng dòng «---», các trường như «title: …», rồi một dòng «---».",
                                "missing front matter"))
        return None, problems
    try:
        node, data = _parse(front)
    except yaml.YAMLError as exc:
        # YAML's message for a tab ("found character that cannot start any token") names neither the tab nor,
        # always, its line: the tab is found here instead.
        if tabs := _tab_lines(front, exc):
            problems.append(Problem(shown, tabs[0], None, f"dòng {_said(tabs)} có ký tự tab (Tab) để thụt lề; YAML chỉ nhận dấu cách. "
                                    "Thay mỗi tab ở đầu dòng bằng dấu cách, thẳng hàng với các dòng cùng cấp.", "tab used for indentation in YAML"))
            return None, problems
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        problems.append(Problem(shown, line, None, f"phần đầu viết sai cú pháp YAML ({getattr(exc, 'problem', exc)}). Kiểm tra dấu hai chấm, "
                                "thụt lề và dấu nháy; chuỗi có dấu «:» cần đặt trong dấu nháy kép, ví dụ «title: \"Kế hoạch 111/KH-UBND: tuyên truyền\"».", "YAML syntax error"))
        return None, problems
    if not isinstance(data, dict):
        problems.append(Problem(shown, 2, None, "phần đầu phải là các dòng «trường: giá trị», ví dụ «title: Giới thiệu».", "front matter is not a mapping"))
        return None, problems
    lines = _key_lines(node, 2) if node is not None else {}
    schema_problems = _schema_problems(shown, kind, data, lines, partial=lang != DEFAULT_LANGUAGE, first_line=2)
    problems += schema_problems
    doc = Document(src, kind, lang, data, body, body_line, lines, valid=not schema_problems)
    return doc, problems


def data_file(docs_dir: Path, prefix: str, name: str) -> tuple[Path, str]:
    """A file of data/ beside docs/: its path, and its name as the editor sees it in the repository."""
    shown = PurePosixPath(prefix).parent / DATA_DIR if prefix else PurePosixPath("..") / DATA_DIR
    return docs_dir.resolve().parent / DATA_DIR / name, str(shown / name)


def read_data_file(path: Path, shown: str, kind: str) -> tuple[Any, dict[tuple, int], list[Problem]]:
    """A YAML data file (data/synonyms.yml …) checked against schemas/<kind>.schema.json, as front matter is: its
    data as read (None when it cannot be read), the line of each key path, and every problem with its line."""
    try:
        node, data = _parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        return None, {}, [Problem(shown, None, None, f"tệp không phải văn bản UTF-8 (byte thứ {error.start + 1}); lưu lại tệp với mã UTF-8.", "not UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, {}, [Problem(shown, mark.line + 1 if mark else 1, None, f"tệp viết sai cú pháp YAML ({getattr(exc, 'problem', exc)}). Kiểm tra "
                              "dấu hai chấm, thụt lề (dấu cách, không dùng tab) và dấu nháy.", "YAML syntax error")]
    data = {} if data is None else data
    lines = _key_lines(node, 1) if node is not None else {}
    problems = _schema_problems(shown, kind, data, lines, partial=False, first_line=1, add_to="tệp")
    return data, lines, problems


def config_lines(config_file: Path, keys: tuple[str, ...]) -> dict[tuple, int]:
    """The line of each key path inside one block of mkdocs.yml (keys = ("extra", "agency")), from its node tree
    only: tags such as !ENV that a fork may use are never constructed here."""
    loader = _FrontMatterLoader(config_file.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines = _key_lines(node, 1) if node is not None else {}
    return {path[len(keys):]: line for path, line in lines.items() if path[:len(keys)] == keys}


def check_config_block(config_file: Path, shown: str, keys: tuple[str, ...], data: Any, kind: str) -> list[Problem]:
    """A block of mkdocs.yml as MkDocs read it (extra.agency …) checked against schemas/<kind>.schema.json, each
    problem on its line and named by its full key path (extra.agency.offices.0.hours)."""
    lines = config_lines(config_file, keys)
    first = lines.get((), 1)
    if data is None:
        data = {}
    found = _schema_problems(shown, kind, data, lines, partial=False, first_line=first, add_to=f"khối «{'.'.join(keys)}» của {shown}")
    prefix = ".".join(keys)
    return [Problem(p.path, p.line, f"{prefix}.{p.field}" if p.field else prefix, p.message, p.gloss, p.severity) for p in found]


# --- the whole site --------------------------------------------------------------------------------

def content_files(docs_dir: Path) -> list[str]:
    """Markdown files an editor wrote (generated pages are left out), sorted."""
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
                  if p.relative_to(docs_dir).parts[0] != GENERATED_DIR)


# A preview's files as read before (`load_site`): src -> ((mtime in ns, size) of the file then, its document as read).
Reads = dict[str, tuple[tuple[int, int], Document]]


def load_site(docs_dir: Path, categories: Mapping[str, str] | Iterable[str] = (), repo_prefix: str = "docs",
              sections: Sections = DEFAULT_SECTIONS, reads: Reads | None = None) -> Site:
    """Read and validate every page, then check what pages say about each other; `categories`: the names an
    article may use, or each name with its English label; `sections`: which folder holds which content type;
    `reads`: a preview's files as read before, which are read again only when saved since (kept up to date here)."""
    documents, problems, unreadable, claimed = [], [], {}, {}
    files = content_files(docs_dir)
    names = set(files)
    shown = (lambda src: f"{repo_prefix}/{src}") if repo_prefix else (lambda src: src)
    for src in files:
        if (docs_dir / src).is_symlink():  # never followed (it may lead nowhere): the safety check names it, once
            continue
        if right := _misnamed_translation(src, names):
            problems.append(_misnamed_problem(src, right, names, shown))
            problems += read_document(docs_dir, src, repo_prefix, claimed, lang_of(right), sections)[1]
            continue
        doc, found = _read_once(docs_dir, src, repo_prefix, claimed, sections, reads)
        problems += found
        if doc:
            documents.append(doc)
        else:
            unreadable[src] = (docs_dir / src).read_bytes().decode("utf-8", "replace")
    labels = dict(categories) if isinstance(categories, Mapping) else {name: name for name in categories}
    site = Site(documents, problems, unreadable, categories=labels, sections=sections)
    _pair_translations(site, shown)
    _check_duplicates(site, docs_dir, shown)
    _check_references(site, set(labels), shown)
    return site


def _read_once(docs_dir: Path, src: str, repo_prefix: str, claimed: dict[str, str], sections: Sections,
               reads: Reads | None) -> tuple[Document | None, list[Problem]]:
    """read_document; for a preview, a copy of the document read before when its file is as it was then and was read
    without a problem (the check's later steps change a document's own fields: each build gets a fresh copy)."""
    if reads is None:
        return read_document(docs_dir, src, repo_prefix, claimed, sections=sections)
    stat = (docs_dir / src).stat()
    stamp, kept = (stat.st_mtime_ns, stat.st_size), reads.get(src)
    if kept is not None and kept[0] == stamp:  # a change of mkdocs.yml (its sections) starts an empty `reads`
        return replace(kept[1], translations={}), []
    doc, found = read_document(docs_dir, src, repo_prefix, claimed, sections=sections)
    if doc is not None and not found:
        reads[src] = (stamp, replace(doc, translations={}))
    else:
        reads.pop(src, None)
    return doc, found


_TRANSLATION_NAME = re.compile(r"(?P<base>.+?)(?P<sep>[-_. ])(?P<lang>[A-Za-z]{2})\.md")


def _misnamed_translation(src: str, files: set[str]) -> str | None:
    """The right name (x.en.md) of a translation named x.EN.md, or x-en.md / x_en.md beside an x.md (without an
    x.md, x-en.md may be a Vietnamese page whose slug ends in "en"); None for every other file."""
    match = _TRANSLATION_NAME.fullmatch(src)
    lang = match["lang"].lower() if match else DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES or src.endswith(f".{lang}.md"):
        return None
    if match["sep"] == "." or f"{match['base']}.md" in files:
        return f"{match['base']}.{lang}.md"
    return None


def _misnamed_problem(src: str, right: str, files: set[str], shown) -> Problem:
    original = right[: -len(".en.md")] + ".md"
    then = (f"Đã có «{PurePosixPath(right).name}»: chép phần cần giữ sang tệp đó rồi xóa tệp này." if right in files
            else f"Đổi tên tệp thành «{PurePosixPath(right).name}».")
    return Problem(shown(src), None, None, f"tên tệp «{PurePosixPath(src).name}» không đúng dạng tên bản dịch, nên tệp bị đọc như một trang tiếng Việt. "
                   f"Bản dịch tiếng Anh của «{PurePosixPath(original).name}» tên là «{PurePosixPath(right).name}» (chữ «.en» viết thường, ngay trước «.md»). {then}",
                   f"misnamed translation, should be {PurePosixPath(right).name}")


def _pair_translations(site: Site, shown) -> None:
    originals = {d.src: d for d in site.documents if d.lang == DEFAULT_LANGUAGE}
    for doc in site.documents:
        if doc.lang == DEFAULT_LANGUAGE:
            continue
        original = originals.get(doc.base_src)
        if original is None:
            if doc.base_src not in site.unreadable:  # the original's own error is the one to fix
                site.problems.append(Problem(shown(doc.src), 1, None, f"bản dịch không có bản gốc tiếng Việt «{doc.base_src}». Viết bản tiếng Việt trước, "
                                             "rồi đặt bản dịch bên cạnh với cùng tên.", "translation without a Vietnamese original"))
            doc.valid = False
            continue
        original.translations[doc.lang] = doc


def _added_times(docs_dir: Path, srcs: list[str]) -> dict[str, int] | None:
    """When git's history last added each file (Unix time; a file not yet committed is absent), or None when the
    docs are not in a git repository. A rename counts as adding the file under its new name."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", "log", "--no-renames", "--diff-filter=A", "--format=%ct", "--name-only",
                               "--relative", "--", *srcs], capture_output=True, text=True, cwd=docs_dir)
    except OSError:  # no git on this machine
        return None
    if done.returncode != 0:
        return None
    added: dict[str, int] = {}
    when = 0
    for line in done.stdout.splitlines():
        if line.isdigit():
            when = int(line)
        elif line:
            added.setdefault(line, when)  # newest commit first: a file added, deleted and added again counts from its last add
    return added


def _duplicate_keys(doc: Document) -> dict[str, list]:
    """What must be unique across pages, by what it is: codes of a procedure, number and issuer of a plan,
    title of an article, URL of every page (per language). Values of the wrong type are the schema's to report."""
    meta, keys = doc.meta, {"url": [(doc.lang, doc.url)]}
    if doc.lang != DEFAULT_LANGUAGE:
        return keys
    if doc.kind == "procedure":
        former = meta.get("former_codes") if isinstance(meta.get("former_codes"), list) else []
        keys["code"] = [code for code in dict.fromkeys([meta.get("code"), *former]) if isinstance(code, str)]
    elif doc.kind == "plan" and isinstance(meta.get("number"), str) and isinstance(meta.get("issuer"), str):
        keys["plan"] = [(meta["number"], " ".join(meta["issuer"].casefold().split()))]
    elif doc.kind == "article" and isinstance(meta.get("title"), str):
        keys["title"] = [" ".join(meta["title"].casefold().split())]
    return keys


def _check_duplicates(site: Site, docs_dir: Path, shown) -> None:
    """A page said twice is reported once, on the file that repeats an older one. Older: added earlier in git's
    history (a file not yet committed is the newest); where git cannot tell (no repository, one commit), the earlier
    `updated` or `date` field, then name order without ".md" (a copy x-2.md or x-ban-sao.md comes after x.md). A repeated
    procedure or plan is then left out of the site, so that nothing else (ambiguous numbers) is said about it."""
    holders: dict[tuple, list[Document]] = {}
    for doc in site.documents:
        for what, keys in _duplicate_keys(doc).items():
            for key in keys:
                holders.setdefault((what, key), []).append(doc)
    groups = {key: docs for key, docs in holders.items() if len(docs) > 1}
    if not groups:
        return
    added = _added_times(docs_dir, sorted({d.src for docs in groups.values() for d in docs}))
    git_order = (lambda d: added.get(d.src, math.inf)) if added is not None else (lambda d: 0)
    repeats: dict[tuple[str, str, str], list] = {}  # (what, newer src, older src) -> the keys they share
    for (what, key), docs in groups.items():
        oldest, *newer = sorted(docs, key=lambda d: (git_order(d), str(d.meta.get("updated") or d.meta.get("date") or ""), d.src.removesuffix(".md")))
        for doc in newer:
            repeats.setdefault((what, doc.src, oldest.src), []).append(key)
    by_src = {d.src: d for d in site.documents}
    for (what, src, older), keys in repeats.items():
        doc = by_src[src]
        if what == "code":
            position = ("code",) if doc.meta.get("code") == keys[0] else ("former_codes", doc.meta["former_codes"].index(keys[0]))
            problem = Problem(shown(src), doc.key_lines.get(position), ".".join(map(str, position)),
                              f"mã thủ tục {_said(keys)} đã là mã của «{older}». Mỗi thủ tục có một mã riêng: nếu đây là cùng một thủ tục, "
                              "xóa tệp này; nếu không, kiểm tra lại mã trên Cổng Dịch vụ công quốc gia.", "duplicate procedure code")
        elif what == "plan":
            problem = Problem(shown(src), doc.key_lines.get(("number",)), "number",
                              f"kế hoạch {doc.meta['number']} của {doc.meta['issuer']} đã có ở «{older}». Mỗi kế hoạch một trang: "
                              "xóa tệp này, hoặc sửa «number»/«issuer» nếu đây là kế hoạch khác.", "duplicate plan")
        elif what == "title":
            problem = Problem(shown(src), doc.key_lines.get(("title",)), "title",
                              f"tin bài «{older}» đã có tiêu đề «{doc.meta['title']}». Hai tin cùng tiêu đề không phân biệt được trong danh sách "
                              "tin và kết quả tìm kiếm: đặt tiêu đề khác cho tin này (ví dụ thêm nơi hoặc thời gian), hoặc xóa tệp nếu là tin đăng lại.",
                              "two articles with the same title")
        else:
            lang, url = keys[0]
            problem = Problem(shown(src), None, None, f"«{older}» đã tạo ra trang /{'' if lang == DEFAULT_LANGUAGE else lang + '/'}{url}; "
                              "tệp này tạo ra cùng trang đó. Đổi tên hoặc xóa tệp này.", "two pages with the same URL")
        site.problems.append(problem)
        if what in ("code", "plan"):
            doc.valid = False


def _check_references(site: Site, categories: set[str], shown) -> None:
    plan = site.plans_by_number.get
    for doc in site.originals:
        # A reference the site cannot follow is a warning, not an error: the parent plan of a local plan is
        # often a city or province plan this site does not summarise; the page shows the number unlinked.
        for field_name, target, kind in (("implements", plan, "plan"), ("plans", plan, "plan"), ("procedures", site.procedure, "procedure")):
            what = KIND_NAMES[kind]
            for index, ref in enumerate(doc.meta.get(field_name, []) if doc.kind != "procedure" else []):
                if target(ref) is None and not site.held_back(kind, ref):
                    site.problems.append(Problem(shown(doc.src), doc.key_lines.get((field_name, index)), field_name,
                                                 f"trang chưa có {what} {ref}; số hiệu sẽ hiện không có liên kết. Kiểm tra lại số hiệu, "
                                                 f"hoặc thêm trang cho {what} đó.", f"unknown {field_name} reference", "warning"))
        if doc.kind == "article" and categories and doc.meta["category"] not in categories:
            names = sort_vietnamese(categories)
            guess = difflib.get_close_matches(doc.meta["category"], names, n=1)
            hint = f" Có phải «{guess[0]}»?" if guess else ""
            site.problems.append(Problem(shown(doc.src), doc.key_lines.get(("category",)), "category",
                                         f"chuyên mục «{doc.meta['category']}» chưa có trong mkdocs.yml (extra.categories).{hint} "
                                         f"Các chuyên mục: {', '.join(names)}.", "unknown category"))


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)
