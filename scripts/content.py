"""The content model: Markdown files with YAML front matter, one JSON Schema per content type.

`load_site` reads every page under docs/, validates it and returns the documents with every problem
found (all files, all problems, one run). `make check` prints the problems; the build refuses to run
while any of them is an error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

import fastjsonschema
import jsonschema
import yaml

from scripts.vietnamese import nfc, slugify, sort_vietnamese

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schemas"
GENERATED_DIR = "_generated"  # docs/_generated/: pages written at build time, never committed
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

# Which content type a page is, by the folder it sits in; every other page is a plain page.
SECTIONS = {"tin-tuc": "article", "ke-hoach": "plan", "thu-tuc": "procedure"}
KIND_NAMES = {"article": "tin bài", "plan": "kế hoạch", "procedure": "thủ tục", "page": "trang"}
# Text fields a translation (page.en.md) may carry; everything else comes from the original.
TRANSLATABLE = {
    "article": {"title", "summary", "tags", "image"},
    "plan": {"title", "purpose", "targets", "tasks", "channels"},
    "procedure": {"name", "applicants", "steps", "channels", "dossier", "result", "conditions", "agency", "field"},
    "page": {"title", "description", "hide"},
}
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, said so that an editor knows what to change."""

    path: str  # relative to the repository, e.g. docs/tin-tuc/bai-viet.md
    line: int | None
    field: str | None
    message: str  # Vietnamese
    gloss: str = ""  # a short English gloss for maintainers
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = {"error": "LỖI", "warning": "CẢNH BÁO", "info": "THÔNG TIN"}[self.severity]
        field = f" [{self.field}]" if self.field else ""
        gloss = f" ({self.gloss})" if self.gloss else ""
        return f"{where}: {label}{field}: {self.message}{gloss}"


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
        translated name, the original's name in that language (a procedure's `name_en`)."""
        translation = self.translations.get(lang)
        meta = {**self.meta, **translation.meta} if translation else dict(self.meta)
        if lang != self.lang and f"name_{lang}" in self.meta and not (translation and "name" in translation.meta):
            meta["name"] = self.meta[f"name_{lang}"]
        return meta


@dataclass
class Site:
    """All documents of the site, with the indexes other modules look things up in."""

    documents: list[Document]
    problems: list[Problem]

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


def kind_of(src: str) -> str:
    path = PurePosixPath(src)
    if len(path.parts) < 2 or path.name.split(".")[0] in ("index", "README"):
        return "page"
    return SECTIONS.get(path.parts[0], "page")


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


def _parse(front: str) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree (for line numbers) and its data, from one parse."""
    loader = _FrontMatterLoader(front)
    try:
        node = loader.get_single_node()
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

@cache
def schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


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


_TYPE_NAMES = {"string": "một đoạn chữ", "integer": "một số nguyên", "number": "một số", "array": "một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
               "object": "một nhóm trường", "boolean": "true hoặc false", "null": "để trống"}


def _field_schema(kind: str, path: Iterable) -> dict:
    node = schema(kind)
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def _example(node: dict) -> str:
    examples = node.get("examples")
    return f" Ví dụ: {json.dumps(examples[0], ensure_ascii=False) if not isinstance(examples[0], str) else examples[0]}" if examples else ""


def _how(node: dict) -> str:
    """How to write the field: the schema's example, else its description (every message says how to fix)."""
    return _example(node) or (f" {node['description']}" if node.get("description") else "")


def _schema_problems(doc_path: str, kind: str, data: dict, lines: dict, partial: bool, first_line: int) -> list[Problem]:
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
        value = json.dumps(error.instance, ensure_ascii=False, default=str)
        kind_name = KIND_NAMES[kind]
        if error.validator == "required":
            missing = error.message.split("'")[1]
            name = ".".join(map(str, path + (missing,)))
            sub = _field_schema(kind, path + (missing,))
            problems.append(Problem(doc_path, line, name, f"thiếu trường bắt buộc «{missing}» ({sub.get('title', '')}). "
                                    f"Thêm một dòng «{missing}: …» vào phần đầu tệp.{_how(sub)}", f"missing required field '{missing}'"))
            continue
        if error.validator == "additionalProperties":
            allowed = sorted(_field_schema(kind, path).get("properties", {}))
            if partial and not path:
                allowed = sorted(TRANSLATABLE[kind])
            for unknown in sorted(set(error.instance) - set(allowed)):
                guess = difflib.get_close_matches(unknown, allowed, n=1)
                hint = f" Có phải bạn định viết «{guess[0]}»?" if guess else ""
                where = "bản dịch" if partial and not path else kind_name
                problems.append(Problem(doc_path, lines.get(path + (unknown,), line), ".".join(map(str, path + (unknown,))),
                                        f"trường «{unknown}» không có trong mẫu {where}.{hint} Các trường dùng được: {', '.join(allowed)}.",
                                        f"unknown field '{unknown}'"))
            continue
        if error.validator == "type":
            message = f"phải là {_TYPE_NAMES.get(node['type'], node['type'])}, nhưng đang là {value}.{_example(node)}"
            gloss = f"expected {node['type']}"
        elif error.validator in ("format", "pattern") and node.get("format") == "date":
            message = (f"{value} không phải một ngày có thật hoặc sai dạng. Viết ngày theo dạng năm-tháng-ngày trong dấu nháy, "
                       f"ví dụ \"2021-03-09\" cho ngày 09/03/2021.")
            gloss = "invalid date, expected YYYY-MM-DD"
        elif error.validator == "format":
            message = f"{value} không phải địa chỉ hợp lệ.{_how(node)}"
            gloss = f"invalid {node.get('format')}"
        elif error.validator == "pattern":
            message = f"{value} không đúng dạng.{' ' + node['description'] if node.get('description') else ''}{_example(node)}"
            gloss = "does not match the expected form"
        elif error.validator == "enum":
            message = f"{value} không phải giá trị cho phép. Chọn một trong: {', '.join(map(str, node['enum']))}. {node.get('description', '')}"
            gloss = "not one of the allowed values"
        elif error.validator == "minLength":
            message = f"quá ngắn: cần ít nhất {node['minLength']} ký tự.{_how(node)}"
            gloss = "too short"
        elif error.validator == "maxLength":
            message = f"quá dài: tối đa {node['maxLength']} ký tự, đang có {len(error.instance)}."
            gloss = "too long"
        elif error.validator in ("minimum", "maximum"):
            message = f"{value} nằm ngoài khoảng cho phép ({node.get('minimum', '…')}–{node.get('maximum', '…')})."
            gloss = "out of range"
        elif error.validator == "uniqueItems":
            message = "danh sách có mục trùng nhau; mỗi mục chỉ ghi một lần."
            gloss = "duplicate items"
        else:
            message, gloss = error.message, ""
        problems.append(Problem(doc_path, line, name, message, gloss))
    return problems


# --- reading one file ------------------------------------------------------------------------------

def read_document(docs_dir: Path, src: str, repo_prefix: str = "docs") -> tuple[Document | None, list[Problem]]:
    """Parse and validate one Markdown file; a Document is returned whenever its front matter could be read."""
    shown = f"{repo_prefix}/{src}" if repo_prefix else src
    kind, lang = kind_of(src), lang_of(src)
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
    if stem not in ("index", "README") and stem != slugify(stem):
        problems.append(Problem(shown, None, None, f"tên tệp «{PurePosixPath(src).name}» phải viết thường, không dấu, nối bằng gạch ngang. "
                                f"Đổi tên thành «{slugify(stem)}{''.join(PurePosixPath(src).suffixes)}».", "file name is not an ASCII slug"))
    front, body, body_line = split_front_matter(text)
    if front is None:
        problems.append(Problem(shown, 1, None, "thiếu phần đầu (front matter). Tệp phải bắt đầu bằng dòng «---», các trường như «title: …», rồi một dòng «---».",
                                "missing front matter"))
        return None, problems
    try:
        node, data = _parse(front)
    except yaml.YAMLError as exc:
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


# --- the whole site --------------------------------------------------------------------------------

def content_files(docs_dir: Path) -> list[str]:
    """Markdown files an editor wrote (generated pages are left out), sorted."""
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
                  if p.relative_to(docs_dir).parts[0] != GENERATED_DIR)


def load_site(docs_dir: Path, categories: Iterable[str] = (), repo_prefix: str = "docs") -> Site:
    """Read and validate every page, then check what pages say about each other."""
    documents, problems = [], []
    for src in content_files(docs_dir):
        doc, found = read_document(docs_dir, src, repo_prefix)
        problems += found
        if doc:
            documents.append(doc)
    site = Site(documents, problems)
    shown = (lambda src: f"{repo_prefix}/{src}") if repo_prefix else (lambda src: src)
    _pair_translations(site, shown)
    _check_urls(site, docs_dir, shown)
    _check_references(site, set(categories), shown)
    return site


def _pair_translations(site: Site, shown) -> None:
    originals = {d.src: d for d in site.documents if d.lang == DEFAULT_LANGUAGE}
    for doc in site.documents:
        if doc.lang == DEFAULT_LANGUAGE:
            continue
        original = originals.get(doc.base_src)
        if original is None:
            site.problems.append(Problem(shown(doc.src), 1, None, f"bản dịch không có bản gốc tiếng Việt «{doc.base_src}». Viết bản tiếng Việt trước, "
                                         "rồi đặt bản dịch bên cạnh với cùng tên.", "translation without a Vietnamese original"))
            doc.valid = False
            continue
        original.translations[doc.lang] = doc


def _check_urls(site: Site, docs_dir: Path, shown) -> None:
    by_url: dict[tuple[str, str], list[Document]] = {}
    for doc in site.documents:
        by_url.setdefault((doc.lang, doc.url), []).append(doc)
    for (lang, url), docs in sorted(by_url.items()):
        if len(docs) > 1:
            names = " và ".join(f"«{d.src}»" for d in docs)
            for doc in docs:
                site.problems.append(Problem(shown(doc.src), None, None, f"{names} cùng tạo ra trang /{'' if lang == DEFAULT_LANGUAGE else lang + '/'}{url}. "
                                             "Đổi tên hoặc xóa một tệp.", "two pages with the same URL"))


def _check_references(site: Site, categories: set[str], shown) -> None:
    holders: dict[str, list[Document]] = {}
    for doc in site.of_kind("procedure"):
        for code in dict.fromkeys([doc.meta["code"], *doc.meta.get("former_codes", [])]):
            holders.setdefault(code, []).append(doc)
    for code, docs in holders.items():
        for doc in docs if len(docs) > 1 else []:
            others = ", ".join(f"«{d.src}»" for d in docs if d is not doc)
            site.problems.append(Problem(shown(doc.src), doc.key_lines.get(("code",)), "code",
                                         f"mã thủ tục {code} cũng là mã của {others}. Mỗi thủ tục có một mã riêng; "
                                         "kiểm tra lại mã trên Cổng Dịch vụ công quốc gia.", "duplicate procedure code"))
    seen_numbers: dict[tuple[str, str], Document] = {}
    for doc in site.of_kind("plan"):
        key = (doc.meta.get("number"), doc.meta["issuer"])
        if key[0] and key in seen_numbers:
            site.problems.append(Problem(shown(doc.src), doc.key_lines.get(("number",)), "number",
                                         f"kế hoạch {key[0]} của {key[1]} đã có ở «{seen_numbers[key].src}». Mỗi kế hoạch một trang: "
                                         "xóa một trong hai tệp, hoặc sửa «number»/«issuer» nếu đây là kế hoạch khác.", "duplicate plan"))
        seen_numbers.setdefault(key, doc)
    plan = site.plans_by_number.get
    for doc in site.originals:
        # A reference the site cannot follow is a warning, not an error: the parent plan of a local plan is
        # often a city or province plan this site does not summarise; the page shows the number unlinked.
        for field_name, target, what in (("implements", plan, "kế hoạch"), ("plans", plan, "kế hoạch"), ("procedures", site.procedure, "thủ tục")):
            for index, ref in enumerate(doc.meta.get(field_name, []) if doc.kind != "procedure" else []):
                if target(ref) is None:
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
