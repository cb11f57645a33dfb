"""Procedures: the index with its filter, the pages per field, level, agency and online-service level, and the
import of procedure tables (CSV or XLSX with Vietnamese headers) into docs/thu-tuc/*.md.

The index list carries each procedure's field, level, online level and its name folded to plain letters in
data attributes, so the filter script (docs/assets/javascripts/procedure-filter.js) only compares strings.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from scripts import content
from scripts.content import Document, Site
from scripts.generated import GeneratedPage
from scripts.news import doc_link, listing_page, page_src, relative
from scripts.translations import term, translator
from scripts.vietnamese import canonical_tone_placement, fold_marks, nfc, slugify, sort_vietnamese

SECTION = "thu-tuc"
PORTAL_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc="
ONLINE_LEVELS = ("full", "partial", "none", "unknown")  # "unknown": the record does not say (no `online` field)
SLUG_LIMIT = 80  # file names stay readable; long official names are cut at a word boundary


# --- reading a procedure ---------------------------------------------------------------------------

def online_level(meta: dict) -> str:
    return meta.get("online", {}).get("level", "unknown")


def search_text(meta: dict) -> str:
    """Names (the English one too), code, field and agency folded to plain lower-case letters: what the filter
    matches typed words against, on either side ("marriage" finds Đăng ký kết hôn)."""
    text = " ".join([meta["name"], meta.get("name_en", ""), meta["code"], *meta.get("former_codes", []), meta["field"], meta["agency"]])
    return " ".join(fold_marks(canonical_tone_placement(text)).split())


def procedure_slug(name: str) -> str:
    """File name (without .md) for a procedure: the ASCII slug of its name, cut at a word boundary."""
    slug = slugify(name)
    return slug if len(slug) <= SLUG_LIMIT else slug[:SLUG_LIMIT].rsplit("-", 1)[0]


# --- groups: field, level, agency, online level ----------------------------------------------------

@dataclass(frozen=True)
class Grouping:
    """One way of grouping procedures, each group published at thu-tuc/<folder>/<slug>/."""

    name: str  # field | level | agency | online
    folder: str
    key: Callable[[dict], str]
    label: Callable[[str, str], str]  # (key, lang) -> what readers see
    slug: Callable[[str], str]


GROUPINGS = (
    Grouping("field", "linh-vuc", lambda m: m["field"], term, slugify),
    Grouping("level", "cap-thuc-hien", lambda m: m["level"], lambda k, lang: translator(lang)(f"procedure.level.{k}"),
             lambda k: slugify(translator("vi")(f"procedure.level.{k}"))),
    Grouping("agency", "co-quan", lambda m: m["agency"], term, slugify),
    Grouping("online", "truc-tuyen", online_level, lambda k, lang: translator(lang)(f"procedure.online.{k}"),
             lambda k: slugify(translator("vi")(f"procedure.online.{k}"))),
)


@dataclass
class Group:
    grouping: Grouping
    key: str
    members: list[Document] = field(default_factory=list)

    @property
    def src(self) -> str:
        """The generated page's file, for relative links: _generated/thu-tuc/linh-vuc/ho-tich.md."""
        return page_src(self.url)

    @property
    def url(self) -> str:
        return f"{SECTION}/{self.grouping.folder}/{self.grouping.slug(self.key)}/"


def group_page_src(grouping: str, key: str) -> str:
    """The generated page of one group, for links from other modules: group_page_src("field", "Hộ tịch") ==
    "_generated/thu-tuc/linh-vuc/ho-tich.md" (key: the Vietnamese field or agency, the level or online level)."""
    return Group(next(g for g in GROUPINGS if g.name == grouping), key).src


def groups(site: Site, grouping: Grouping) -> list[Group]:
    """The groups of one grouping, in Vietnamese alphabetical order of their Vietnamese label
    (levels and online levels in their fixed order)."""
    by_key: dict[str, Group] = {}
    for doc in site.of_kind("procedure"):
        key = grouping.key(doc.meta)
        by_key.setdefault(key, Group(grouping, key)).members.append(doc)
    if grouping.name == "online":
        return [by_key[k] for k in ONLINE_LEVELS if k in by_key]
    if grouping.name == "level":
        return [by_key[k] for k in ("commune", "province") if k in by_key]
    return [by_key[k] for k in sort_vietnamese(by_key)]


# --- Markdown and HTML of lists ---------------------------------------------------------------------

def count_text(count: int, lang: str) -> str:
    t = translator(lang)
    return t("procedure.count_one" if count == 1 else "procedure.count_other").format(count=count)


def procedure_list(docs: Iterable[Document], here: str, lang: str, list_id: str | None = None) -> str:
    """The procedures as an HTML list (Markdown inside, so that MkDocs rewrites the .md links), in Vietnamese
    alphabetical order, each item with the data the filter reads."""
    t = translator(lang)
    items = sort_vietnamese(docs, key=lambda d: d.localized(lang)["name"])
    id_attr = f' id="{list_id}"' if list_id else ""
    lines = [f'<ul class="cchc-procedure-list"{id_attr} markdown>']
    for doc in items:
        meta = doc.localized(lang)
        data = {"field": doc.meta["field"], "level": doc.meta["level"], "online": online_level(doc.meta), "text": search_text(doc.meta)}
        attrs = " ".join(f'data-{k}="{html.escape(v, quote=True)}"' for k, v in data.items())
        lines.append(f'<li class="cchc-procedure" {attrs} markdown="span">{doc_link(meta["name"], doc, here, lang)} '
                     f'<span class="cchc-procedure__meta">· {meta["code"]} · {t("procedure.level." + meta["level"])}</span></li>')
    lines.append("</ul>")
    return "\n".join(lines)


def _options(values: list[tuple[str, str]], all_label: str) -> str:
    return "".join([f'<option value="">{html.escape(all_label)}</option>',
                    *(f'<option value="{html.escape(v, quote=True)}">{html.escape(label)}</option>' for v, label in values)])


def filter_form(site: Site, lang: str) -> str:
    """The filter controls: hidden until the script runs, so without JavaScript readers get the plain full list."""
    t = translator(lang)
    fields, levels, _, online = (groups(site, g) for g in GROUPINGS)
    selects = [("field", t("procedure.field"), [(g.key, term(g.key, lang)) for g in fields]),
               ("level", t("procedure.level"), [(g.key, t(f"procedure.level.{g.key}")) for g in levels]),
               ("online", t("procedure.online"), [(g.key, t(f"procedure.online.{g.key}")) for g in online])]
    # Named: the header search is a search landmark too, and landmarks of one kind need distinct names.
    parts = [f'<form class="cchc-filter" id="cchc-filter" role="search" aria-label="{html.escape(t("procedure.filter.name"))}" hidden>',
             f'<div class="cchc-filter__control cchc-filter__control--text"><label for="cchc-filter-text">{html.escape(t("procedure.filter.text"))}</label>'
             f'<input type="search" id="cchc-filter-text" name="q" autocomplete="off" spellcheck="false"></div>']
    for name, label, values in selects:
        parts.append(f'<div class="cchc-filter__control"><label for="cchc-filter-{name}">{html.escape(label)}</label>'
                     f'<select id="cchc-filter-{name}" name="{name}">{_options(values, t("procedure.filter.all"))}</select></div>')
    parts.append(f'<button type="reset" class="md-button cchc-filter__reset">{html.escape(t("procedure.filter.reset"))}</button>')
    parts.append("</form>")
    return "".join(parts)


def _group_links(site: Site, here: str, lang: str) -> str:
    t = translator(lang)
    parts = [f"## {t('procedure.groups')}\n"]
    for grouping in GROUPINGS:
        parts.append(f"### {t('procedure.group.' + grouping.name)}\n")
        for group in groups(site, grouping):
            parts.append(f"- [{grouping.label(group.key, lang)}]({relative(group.src, here)}) ({count_text(len(group.members), lang)})")
        parts.append("")
    return "\n".join(parts)


def index_listing(site: Site, here: str, lang: str) -> str:
    """What `<!-- cchc:procedures -->` becomes: the filter, the count and every procedure, then links to the group pages."""
    t = translator(lang)
    procedures = site.of_kind("procedure")
    total = len(procedures)
    count = (f'<p id="cchc-filter-count" class="cchc-filter-count" role="status" aria-live="polite" '
             f'data-template="{html.escape(t("procedure.filter.shown"), quote=True)}" '
             f'data-none="{html.escape(t("procedure.filter.none"), quote=True)}">{html.escape(count_text(total, lang))}.</p>')
    return "\n\n".join([f"## {t('procedure.list')}", filter_form(site, lang), count,
                        procedure_list(procedures, here, lang, "cchc-procedure-list"), _group_links(site, here, lang)])


def group_pages(site: Site) -> list[GeneratedPage]:
    """One page per field, level, agency and online-service level, in both languages."""
    pages = []
    index = f"{SECTION}/index.md"
    has_index = index in site.by_src  # a small site may have no procedure index page to link back to
    for grouping in GROUPINGS:
        for group in groups(site, grouping):
            for lang in content.LANGUAGES:
                t = translator(lang)
                here = group.src  # both languages' files sit in the same folder: links are the same
                title = f"{t('procedure.' + grouping.name)}: {grouping.label(group.key, lang)}"
                back = f" [{t('procedure.all')}]({relative(index, here)})" if has_index else ""
                # Left out of search: a group page only repeats the names of the procedures that rank above it.
                pages.append(listing_page(group.url, lang, title,
                                          f"{count_text(len(group.members), lang)}.{back}\n\n{procedure_list(group.members, here, lang)}"))
    return pages


# --- import from a table (the portal's Excel export, or a richer table with the same kind of headers) -------

# Field -> the headers tables give it, compared without marks, case or extra spaces. The first is the portal export's own.
COLUMNS = {
    "code": ("Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Mã số"),
    "name": ("Tên TTHC", "Tên thủ tục", "Tên thủ tục hành chính"),
    "field": ("Lĩnh vực",),
    "applicants": ("Đối tượng", "Đối tượng thực hiện"),
    "publisher": ("Cơ quan công khai",),
    "agency": ("Cơ quan thực hiện", "Cơ quan giải quyết", "Cơ quan có thẩm quyền"),
    "level": ("Cấp thực hiện",),
    "status": ("Tình trạng",),
    "decision": ("QĐ công bố", "Quyết định công bố", "Số quyết định"),
    "time": ("Thời hạn giải quyết", "Thời gian giải quyết"),
    "fee": ("Phí, lệ phí", "Phí lệ phí", "Lệ phí", "Phí"),
    "online": ("Mức độ DVC", "Mức độ dịch vụ công", "Mức độ dịch vụ công trực tuyến", "Dịch vụ công trực tuyến", "DVC trực tuyến"),
    "result": ("Kết quả", "Kết quả thực hiện"),
    "former_codes": ("Mã cũ",),
}
REQUIRED_COLUMNS = ("code", "name")
_ONLINE_WORDS = (("toan trinh", "full"), ("muc do 4", "full"), ("mot phan", "partial"), ("muc do 3", "partial"),
                 ("muc do 2", "none"), ("muc do 1", "none"), ("khong", "none"), ("chua", "none"))
_CODE = re.compile(r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")


def _folded_header(text: str) -> str:
    return " ".join(fold_marks(str(text)).replace(":", " ").split())


@dataclass
class RowReport:
    """What happened to one row: created, updated, unchanged, skipped (with a reason) or failed (with reasons)."""

    row: int
    outcome: str
    file: str = ""
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        words = {"created": "đã tạo", "updated": "đã cập nhật", "unchanged": "không đổi", "skipped": "bỏ qua", "failed": "LỖI"}
        where = f" {self.file}" if self.file else ""
        detail = f": {'; '.join(self.messages)}" if self.messages else ""
        return f"Dòng {self.row}: {words[self.outcome]}{where}{detail}"


def read_table(path: Path) -> list[list[Any]]:
    """Every row of the first sheet (XLSX) or of the CSV file, as lists of cell values."""
    save_as = "Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx hoặc CSV UTF-8, rồi nhập lại."
    if path.suffix.lower() == ".xls":
        raise ValueError(f"tệp .xls (Excel 97–2003) chưa đọc được. {save_as}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except zipfile.BadZipFile:
            raise ValueError(f"tệp không phải bảng Excel .xlsx (có thể là tệp khác được đổi đuôi). {save_as}") from None
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"tệp CSV không ở bảng mã UTF-8. {save_as}") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or an empty file: the header check says what is missing
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _cell(value: Any) -> str:
    """A cell as text, NFC. Excel may keep a code such as 1.000110 as the number 1.00011: six decimals bring it back."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6f}"
    return nfc(str(value)).strip()


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int], list[str]]:
    """(index of the header row, field -> column, headers not understood). Title rows above the header are skipped."""
    wanted = {_folded_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
    for index, row in enumerate(rows[:20]):
        columns, unknown = {}, []
        for column, value in enumerate(row):
            header = _folded_header(_cell(value))
            if header in wanted and wanted[header] not in columns:
                columns[wanted[header]] = column
            elif header:
                unknown.append(_cell(value))
        if all(name in columns for name in REQUIRED_COLUMNS):
            return index, columns, unknown
    raise ValueError("không tìm thấy dòng tiêu đề có cột «Mã TTHC» và «Tên TTHC» trong 20 dòng đầu của bảng. Thêm dòng tiêu đề "
                     f"(các cột đọc được: {', '.join(f'«{aliases[0]}»' for aliases in COLUMNS.values())}).")


def _level(text: str) -> tuple[str | None, str | None]:
    """(level, problem). A row listing several levels is taken at commune level when the commune is one of them:
    this is a commune's site, and the commune is where its readers go."""
    folded = fold_marks(text)
    if re.search(r"\b(xa|phuong|dac khu)\b", folded):
        return "commune", None
    if re.search(r"\btinh\b|\bthanh pho\b", folded):
        return "province", None
    if "huyen" in folded:
        return None, f"cấp thực hiện «{text}»: cấp huyện không còn từ 01/7/2025; ghi «Cấp xã» hoặc «Cấp tỉnh»"
    return None, f"cấp thực hiện «{text}» không rõ; ghi «Cấp xã» hoặc «Cấp tỉnh»"


def _online(text: str) -> tuple[str | None, str | None]:
    folded = fold_marks(text)
    for words, level in _ONLINE_WORDS:
        if words in folded:
            return level, None
    return None, f"mức độ dịch vụ công trực tuyến «{text}» không rõ; ghi «Toàn trình», «Một phần» hoặc «Không»"


def _row_values(row: list[Any], columns: dict[str, int]) -> dict[str, str]:
    return {name: _cell(row[column]) if column < len(row) else "" for name, column in columns.items()}


def _table_meta(values: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The front-matter fields a table row carries (empty cells carry nothing), and what is wrong with the row."""
    meta: dict[str, Any] = {}
    problems: list[str] = []
    code = values.get("code", "")
    if not code:
        problems.append("thiếu mã thủ tục (cột «Mã TTHC»)")
    elif not _CODE.match(code):
        problems.append(f"mã thủ tục «{code}» không đúng dạng (ví dụ 1.001193 hoặc 1.004873.000.00.00.H01)")
    else:
        meta["code"] = code
    if not values.get("name"):
        problems.append("thiếu tên thủ tục (cột «Tên TTHC»)")
    else:
        meta["name"] = values["name"]
    for column, name, parse in (("level", "level", _level), ("online", "online_level", _online)):
        if values.get(column):
            value, problem = parse(values[column])
            if value:
                meta[name] = value
            else:
                problems.append(problem)
    for name in ("field", "decision", "result"):
        if values.get(name):
            meta[name] = values[name]
    if values.get("agency"):
        meta["agency"] = values["agency"]
    elif values.get("publisher"):
        meta["publisher"] = values["publisher"]  # the publishing agency stands in only where no agency is known
    if values.get("applicants"):
        meta["applicants"] = [part.strip(" -•") for part in re.split(r"[;\n]", values["applicants"]) if part.strip(" -•")]
    if values.get("former_codes"):
        meta["former_codes"] = [part.strip() for part in re.split(r"[;,\s]+", values["former_codes"]) if part.strip()]
    for name in ("time", "fee"):
        if values.get(name):
            meta[f"in_person_{name}"] = values[name]
    return meta, problems


def _merge(existing: dict[str, Any], carried: dict[str, Any]) -> dict[str, Any]:
    """The existing front matter with what the table carries put over it; everything else (steps, dossier, other
    channels …) stays as the editor wrote it."""
    meta = dict(existing)
    if "publisher" in carried and "agency" not in meta:
        meta["agency"] = carried["publisher"]
    for name in ("code", "name", "level", "field", "agency", "decision", "result", "applicants", "former_codes", "updated"):
        if name in carried:
            meta[name] = carried[name]
    if "in_person_time" in carried or "in_person_fee" in carried:
        channels = [dict(c) for c in meta.get("channels", [])]
        in_person = next((c for c in channels if c["type"] == "in_person"), None)
        if in_person is None:
            in_person = {"type": "in_person"}
            channels.insert(0, in_person)
        for name in ("time", "fee"):
            if f"in_person_{name}" in carried:
                in_person[name] = carried[f"in_person_{name}"]
        meta["channels"] = channels
    if "online_level" in carried:
        online = dict(meta.get("online", {}), level=carried["online_level"])
        if online["level"] == "none":
            online.pop("url", None)
        else:
            online.setdefault("url", PORTAL_URL + meta["code"][:8])  # the portal knows the national code
        meta["online"] = online
    order = list(content.schema("procedure")["properties"])
    return {name: meta[name] for name in sorted(meta, key=lambda n: order.index(n) if n in order else len(order))}


def _front_matter_text(meta: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


def _existing_procedures(docs_dir: Path) -> dict[str, tuple[Path, dict[str, Any], str]]:
    """code -> (file, front matter, body) of the procedures already there (translations left out)."""
    found = {}
    for path in sorted((docs_dir / SECTION).glob("*.md")):
        doc, _ = content.read_document(docs_dir, f"{SECTION}/{path.name}")
        if doc and doc.kind == "procedure" and doc.lang == content.DEFAULT_LANGUAGE and doc.meta.get("code"):
            found[str(doc.meta["code"])] = (path, doc.meta, doc.body)
    return found


def _shown(path: Path, docs_dir: Path) -> str:
    """A file as editors see it: docs/thu-tuc/x.md."""
    return path.relative_to(docs_dir.parent).as_posix()


def import_table(table: Path, docs_dir: Path, updated: str | None = None) -> tuple[list[RowReport], list[str]]:
    """Import procedures from a CSV or XLSX table into docs_dir/thu-tuc/. Returns one report per data row, and
    notes about the table itself (columns left unread). A row that cannot be imported is reported with its
    number and reason; the other rows are imported all the same."""
    rows = read_table(table)
    header_index, columns, unknown = _header(rows)
    notes = [f"Bỏ qua cột không dùng: {', '.join(unknown)}."] if unknown else []
    folder = docs_dir / SECTION
    folder.mkdir(parents=True, exist_ok=True)
    existing = _existing_procedures(docs_dir)
    taken_names = {path.stem: code for code, (path, _, _) in existing.items()}
    seen: dict[str, int] = {}
    reports = []
    for index in range(header_index + 1, len(rows)):
        number = index + 1  # as the spreadsheet numbers its rows
        values = _row_values(rows[index], columns)
        if not any(values.values()):
            continue
        carried, problems = _table_meta(values)
        status = fold_marks(values.get("status", ""))
        if not problems and ("het hieu luc" in status or "bai bo" in status):
            reports.append(RowReport(number, "skipped", messages=[f"thủ tục {carried['code']} có tình trạng «{values['status']}», không nhập"]))
            continue
        code = carried.get("code")
        if code and code in seen:
            problems.append(f"mã {code} đã có ở dòng {seen[code]} của bảng")
        if problems:
            reports.append(RowReport(number, "failed", messages=problems))
            continue
        seen[code] = number
        path, old, body = existing.get(code, (None, {}, ""))
        meta = _merge(old, carried)
        if updated and meta != old:
            meta = _merge(old, {**carried, "updated": updated})
        missing = [name for name in ("level", "field", "agency") if name not in meta]
        schema_problems = content._schema_problems("", "procedure", meta, {}, partial=False, first_line=number) if not missing else []
        if missing or schema_problems:
            labels = {"level": "Cấp thực hiện", "field": "Lĩnh vực", "agency": "Cơ quan thực hiện (hoặc Cơ quan công khai)"}
            problems = [f"thiếu {labels[name]}" for name in missing] + [f"[{p.field}] {p.message}" for p in schema_problems]
            reports.append(RowReport(number, "failed", messages=problems))
            continue
        if path is None:
            stem = procedure_slug(meta["name"])
            if stem in taken_names and taken_names[stem] != code:
                stem = f"{stem}-{slugify(code)}"
            path = folder / f"{stem}.md"
            taken_names[stem] = code
            path.write_text(_front_matter_text(meta, body), encoding="utf-8")
            reports.append(RowReport(number, "created", _shown(path, docs_dir)))
        elif meta == old:
            reports.append(RowReport(number, "unchanged", _shown(path, docs_dir)))
        else:
            changed = [name for name in meta if meta.get(name) != old.get(name) and name != "updated"]
            path.write_text(_front_matter_text(meta, body), encoding="utf-8")
            reports.append(RowReport(number, "updated", _shown(path, docs_dir), [f"đổi {', '.join(changed)}"]))
        existing[code] = (path, meta, body)
    return reports, notes
