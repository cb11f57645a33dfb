"""Procedures: the index with its filter, the pages per field, level, agency and online-service level, and the
import of procedure tables (CSV or XLSX with Vietnamese headers) into docs/thu-tuc/*.md.

The index lists the groups, not every procedure: at thousands of procedures the list alone weighed more than the
page budget. Its filter (docs/assets/javascripts/procedure-filter.js) reads each procedure's field, level, online
level and its names folded to plain letters from a script of rows per language (FILTER_DATA), loaded when the reader
first uses the filter, so it only compares strings. Without JavaScript the group pages and the A–Z page list them all.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from scripts.model import content, contract, schemas
from scripts.model.content import Document, Site
from scripts.model.generated import GeneratedPage, listing_page, page_src, path_from_root
from scripts.model.pagelinks import doc_link, link_text, other_language, relative
from scripts.model.sections import DEFAULT as DEFAULT_SECTIONS, Sections
from scripts.model.translations import term, translator
from scripts.model.vietnamese import canonical_tone_placement, fold_marks, nfc, slugify, sort_vietnamese

PORTAL_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc="
ONLINE_LEVELS = ("full", "partial", "none", "unknown")  # "unknown": the record does not say (no `online` field)
SLUG_LIMIT = 80  # file names stay readable; long official names are cut at a word boundary
# The filter's rows, beside procedure-filter.js, which finds them from its own address (any depth, prefix or file://).
FILTER_DATA = "assets/javascripts/procedures-{lang}.js"


# --- reading a procedure ---------------------------------------------------------------------------

def online_level(meta: dict) -> str:
    return meta.get("online", {}).get("level", "unknown")


def online_url(meta: dict) -> str | None:
    """Where to apply online: the record's own link, else the portal's page of the procedure when the record has an
    online channel (the portal lists every procedure it serves by its national code)."""
    if meta.get("online", {}).get("url"):
        return meta["online"]["url"]
    served = online_level(meta) != "none" and any(channel.get("type") == "online" for channel in meta.get("channels", []))
    return PORTAL_URL + meta["code"][:8] if served else None


def search_text(meta: dict) -> str:
    """Names (English and everyday ones too), code, field and agency folded to plain lower-case letters: what the
    filter matches typed words against, on either side ("marriage" and "nhập hộ khẩu" find their procedures)."""
    text = " ".join([meta["name"], meta.get("name_en", ""), *meta.get("also_known_as", []), *meta.get("also_known_as_en", []),
                     meta["code"], *meta.get("former_codes", []), meta["field"], meta["agency"]])
    return " ".join(fold_marks(canonical_tone_placement(text)).split())


def description(meta: dict, lang: str) -> str:
    """One line for search engines and shared links: what a reader asks first (time, fee, where), as far as known."""
    t = translator(lang)
    channels = meta.get("channels") or []
    facts = [f"{t(label)}: {channels[0][key]}" for key, label in (("time", "procedure.time"), ("fee", "procedure.fee"))
             if channels and channels[0].get(key)]
    facts.append(f"{t('procedure.summary.where')}: {term(meta['agency'], lang)}")
    return f"{meta['name']}. " + ". ".join(facts) + "."


def procedure_slug(name: str) -> str:
    """File name (without .md) for a procedure: the ASCII slug of its name, cut at a word boundary."""
    slug = slugify(name)
    return slug if len(slug) <= SLUG_LIMIT else slug[:SLUG_LIMIT].rsplit("-", 1)[0]


# --- groups: field, level, agency, online level ----------------------------------------------------

@dataclass(frozen=True)
class Grouping:
    """One way of grouping procedures, each group published in the folder extra.sections gives the name (thu-tuc/linh-vuc/<slug>/)."""

    name: str  # field | level | agency | online
    key: Callable[[dict], str]
    label: Callable[[str, str], str]  # (key, lang) -> what readers see
    slug: Callable[[str], str]


GROUPINGS = (
    Grouping("field", lambda m: m["field"], term, slugify),
    Grouping("level", lambda m: m["level"], lambda k, lang: translator(lang)(f"procedure.level.{k}"),
             lambda k: slugify(translator("vi")(f"procedure.level.{k}"))),
    Grouping("agency", lambda m: m["agency"], term, slugify),
    Grouping("online", online_level, lambda k, lang: translator(lang)(f"procedure.online.{k}"),
             lambda k: slugify(translator("vi")(f"procedure.online.{k}"))),
)


@dataclass
class Group:
    grouping: Grouping
    key: str
    folder: str  # the grouping's URL path: thu-tuc/linh-vuc/
    members: list[Document] = field(default_factory=list)

    @property
    def src(self) -> str:
        """The generated page's file, for relative links: _generated/thu-tuc/linh-vuc/ho-tich.md."""
        return page_src(self.url)

    @property
    def url(self) -> str:
        return f"{self.folder}{self.grouping.slug(self.key)}/"


def groups(site: Site, grouping: Grouping) -> list[Group]:
    """The groups of one grouping, in Vietnamese alphabetical order of their Vietnamese label
    (levels and online levels in their fixed order)."""
    by_key: dict[str, Group] = {}
    folder = site.sections.procedure.page(grouping.name)
    for doc in site.of_kind("procedure"):
        key = grouping.key(doc.meta)
        by_key.setdefault(key, Group(grouping, key, folder)).members.append(doc)
    if grouping.name == "online":
        return [by_key[k] for k in ONLINE_LEVELS if k in by_key]
    if grouping.name == "level":
        return [by_key[k] for k in ("commune", "province") if k in by_key]
    return [by_key[k] for k in sort_vietnamese(by_key)]


# --- Markdown and HTML of lists ---------------------------------------------------------------------

def count_text(count: int, lang: str) -> str:
    t = translator(lang)
    return t("procedure.count_one" if count == 1 else "procedure.count_other").format(count=count)


def procedure_list(docs: Iterable[Document], here: str, lang: str) -> str:
    """The procedures as an HTML list (Markdown inside, so that MkDocs rewrites the .md links), in Vietnamese
    alphabetical order."""
    t = translator(lang)
    items = sort_vietnamese(docs, key=lambda d: d.localized(lang)["name"])
    lines = ['<ul class="cchc-procedure-list" markdown>']
    for doc in items:
        meta = doc.localized(lang)
        lines.append(f'<li class="cchc-procedure" markdown="span">{doc_link(meta["name"], doc, here, lang)} '
                     f'<span class="cchc-procedure__meta">· {meta["code"]} · {t("procedure.level." + meta["level"])}</span></li>')
    lines.append("</ul>")
    return "\n".join(lines)


@dataclass(frozen=True)
class FilterData(GeneratedPage):
    """The filter's rows in one language: a classic script (file:// allows no fetch), published at its own URL, one
    file per language side by side (url: FILTER_DATA)."""

    @property
    def src(self) -> str:
        return f"{content.GENERATED_DIR}/{self.url}"


def filter_data(site: Site, lang: str) -> FilterData:
    """Every procedure as a row in the contract's columns (name, address, code, field, level, online level, folded
    text, language of the name when not the page's), in the list's order; addresses relative to the file itself."""
    url = FILTER_DATA.format(lang=lang)
    up = "../" * url.count("/")
    names = _filter()
    rows = [{"name": meta["name"], "path": up + path_from_root(doc.url, lang, site.directory_urls), "code": meta["code"],
             "field": doc.meta["field"], "level": doc.meta["level"], "online": online_level(doc.meta), "text": search_text(doc.meta),
             "lang": other_language(doc, lang) or ""}
            for doc in sort_vietnamese(site.of_kind("procedure"), key=lambda d: d.localized(lang)["name"])
            for meta in [doc.localized(lang)]]
    levels = {row["level"]: translator(lang)(f"procedure.level.{row['level']}") for row in rows}
    data = json.dumps({"levels": levels, "rows": [[row[column] for column in names["columns"]] for row in rows]},
                      ensure_ascii=False, separators=(",", ":"))
    return FilterData(url, lang, f"window.{names['rows']} = {data};\n")


def _options(values: list[tuple[str, str]], all_label: str) -> str:
    return "".join([f'<option value="">{html.escape(all_label)}</option>',
                    *(f'<option value="{html.escape(v, quote=True)}">{html.escape(label)}</option>' for v, label in values)])


def _filter() -> dict:
    """The ids and names the filter script reads (docs/assets/javascripts/contract.js)."""
    return contract.names()["procedureFilter"]


def filter_form(site: Site, lang: str) -> str:
    """The filter controls: hidden until the script runs, so without JavaScript readers get the group links; data-rows:
    the file of rows, in the filter script's folder."""
    t = translator(lang)
    fields, levels, _, online = (groups(site, g) for g in GROUPINGS)
    selects = {"field": (t("procedure.field"), [(g.key, term(g.key, lang)) for g in fields]),
               "level": (t("procedure.level"), [(g.key, t(f"procedure.level.{g.key}")) for g in levels]),
               "online": (t("procedure.online"), [(g.key, t(f"procedure.online.{g.key}")) for g in online])}
    names = _filter()
    # Named: the header search is a search landmark too, and landmarks of one kind need distinct names.
    rows = FILTER_DATA.format(lang=lang).rsplit("/", 1)[1]
    parts = [f'<form class="cchc-filter" id="{names["form"]}" role="search" aria-label="{html.escape(t("procedure.filter.name"))}" '
             f'data-rows="{rows}" hidden>',
             f'<div class="cchc-filter__control cchc-filter__control--text"><label for="cchc-filter-text">{html.escape(t("procedure.filter.text"))}</label>'
             f'<input type="search" id="cchc-filter-text" name="{names["words"]}" autocomplete="off" spellcheck="false"></div>']
    for name, (label, values) in ((name, selects[name]) for name in names["facets"]):
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
            parts.append(f"- [{link_text(grouping.label(group.key, lang))}]({relative(group.src, here)}) ({count_text(len(group.members), lang)})")
        parts.append("")
    return "\n".join(parts)


def index_listing(site: Site, here: str, lang: str) -> str:
    """What `<!-- cchc:procedures -->` becomes: the filter, the count, the list the filter fills (empty until the
    reader asks), the link to the A–Z page, then links to the group pages."""
    t = translator(lang)
    total = len(site.of_kind("procedure"))
    names = _filter()
    count = (f'<p id="{names["count"]}" class="cchc-filter-count" role="status" aria-live="polite" '
             f'{names["shown"]}="{html.escape(t("procedure.filter.shown"), quote=True)}" '
             f'{names["none"]}="{html.escape(t("procedure.filter.none"), quote=True)}">{html.escape(count_text(total, lang))}.</p>')
    results = f'<ul class="cchc-procedure-list" id="{names["list"]}" hidden></ul>'
    full = [f"[{t('procedure.full_list.link')}]({relative(page_src(site.sections.procedure.page('all')), here)})"] if total else []  # made when there are any
    return "\n\n".join([f"## {t('procedure.list')}", filter_form(site, lang), count, results, *full, _group_links(site, here, lang)])


def pages(site: Site) -> list[GeneratedPage]:
    """The group pages, the A–Z list (its breadcrumb leads back to the index) and the filter's rows, in both languages."""
    procedures, url = site.of_kind("procedure"), site.sections.procedure.page("all")  # every procedure, A–Z: the whole list without JavaScript
    here = page_src(url)
    full = [listing_page(url, lang, translator(lang)("procedure.full_list.title"),
                         f"{count_text(len(procedures), lang)}.\n\n{procedure_list(procedures, here, lang)}")
            for lang in content.LANGUAGES] if procedures else []
    return group_pages(site) + full + [filter_data(site, lang) for lang in content.LANGUAGES]


def group_pages(site: Site) -> list[GeneratedPage]:
    """One page per field, level, agency and online-service level, in both languages."""
    pages = []
    index = site.sections.procedure.index
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


# --- import from a table (the portal's Excel export as it comes, or a richer table with the same kind of headers) --

# Field -> the headings tables give it, compared without marks, case, punctuation or a part in brackets. The first is
# the national portal export's own; the others are provinces' exports and older annexes. Listed in README.
COLUMNS = {
    "code": ("Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Mã số", "Mã số TTHC", "Mã số thủ tục"),
    "name": ("Tên TTHC", "Tên thủ tục", "Tên thủ tục hành chính"),
    "field": ("Lĩnh vực", "Lĩnh vực thực hiện"),
    "applicants": ("Đối tượng", "Đối tượng thực hiện"),
    "publisher": ("Cơ quan công khai",),
    "agency": ("Cơ quan thực hiện", "Cơ quan giải quyết", "Cơ quan có thẩm quyền", "Cơ quan có thẩm quyền giải quyết"),
    "level": ("Cấp thực hiện",),
    "status": ("Tình trạng",),
    "decision": ("QĐ công bố", "Quyết định công bố", "Số quyết định", "Số quyết định công bố"),
    "time": ("Thời hạn giải quyết", "Thời gian giải quyết"),
    "fee": ("Phí, lệ phí", "Lệ phí", "Phí"),
    "online": ("Mức độ DVC", "Mức độ DVCTT", "Mức độ dịch vụ công", "Mức độ dịch vụ công trực tuyến", "Mức độ cung cấp DVCTT",
               "Mức độ cung cấp dịch vụ công trực tuyến", "Dịch vụ công trực tuyến", "DVC trực tuyến", "DVCTT",
               "Dịch vụ công trực tuyến toàn trình/một phần", "DVC trực tuyến toàn trình/một phần", "DVCTT toàn trình/một phần"),
    "result": ("Kết quả", "Kết quả thực hiện"),
    "former_codes": ("Mã cũ",),
}
REQUIRED_COLUMNS = ("code", "name")
# Headings of columns that are ticked ("x") for the procedures offered at that online level: older annexes have one
# column per level (Mức độ 3 | Mức độ 4), some exports split "Mức độ DVC" into Toàn trình | Một phần.
MARK_COLUMNS = {"Mức độ 4": "full", "Mức độ 3": "partial", "Mức độ 2": "none", "Mức độ 1": "none",
                "Toàn trình": "full", "Một phần": "partial", "DVC toàn trình": "full", "DVC một phần": "partial",
                "DVCTT toàn trình": "full", "DVCTT một phần": "partial", "DVC trực tuyến toàn trình": "full", "DVC trực tuyến một phần": "partial",
                "Dịch vụ công trực tuyến toàn trình": "full", "Dịch vụ công trực tuyến một phần": "partial"}
# The levels of Decree 43/2011 read as those of Decree 42/2022 (level 4 became "toàn trình", level 3 about "một
# phần", levels 1-2 are not online submission): close, not exact, so the import says so when it uses them.
OLD_LEVELS = {"4": "full", "3": "partial", "2": "none", "1": "none"}
OLD_LEVELS_NOTE = ("Mức độ cũ được đọc theo Nghị định 42/2022/NĐ-CP: mức độ 4 là «toàn trình» (full), mức độ 3 là «một phần» (partial), "
                   "mức độ 1–2 là «không trực tuyến» (none). Đây là cách đọc gần đúng (a judgement, not an exact mapping): "
                   "đối chiếu lại mức độ trên Cổng Dịch vụ công quốc gia.")
_ONLINE_WORDS = (("toan trinh", "full"), ("mot phan", "partial"), ("khong", "none"), ("chua", "none"))
_MARKER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d+)[.)]?$", re.I)  # I, II, A., b), 1: how rows are numbered
_SECTION_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d+)[.)]?\s+", re.I)
_TICKS = {"x", "v", "co", "1", "✓", "✔", "×"}
TEXT_FIX = ("Định dạng cột «Mã TTHC» là Văn bản (Format Cells → Text, hoặc gõ dấu ' trước mã), gõ lại mã đúng như trên "
            "Cổng Dịch vụ công, rồi nhập lại")
OUTCOMES = {"created": "đã tạo", "updated": "đã cập nhật", "unchanged": "không đổi", "kept": "giữ nguyên, khác bảng", "skipped": "bỏ qua",
            "failed": "LỖI", "section": "dòng tiêu đề nhóm", "total": "dòng tổng"}  # what happened to a row, as the report says it


def _folded_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold_marks(str(text))).split())


def _heading_roles() -> dict[str, str]:
    """Folded heading -> role: a field name, or "mark:<online level>"."""
    roles = {_folded_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
    return roles | {_folded_header(heading): f"mark:{level}" for heading, level in MARK_COLUMNS.items()}


def _role(text: str, roles: dict[str, str]) -> str | None:
    """The role of a heading, read as written, else without its part in brackets ("Phí, lệ phí (nếu có)")."""
    return roles.get(_folded_header(text)) or roles.get(_folded_header(re.sub(r"\([^)]*\)", " ", text)))


@dataclass
class RowReport:
    """What happened to one row: created, updated, unchanged, kept (the file differs from the table and stays as
    it is), skipped, failed, or a section or totals row; with what changed, what was kept, and why."""

    row: int
    outcome: str
    file: str = ""
    messages: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the file's values kept where the table differs

    def __str__(self) -> str:
        where = f" {self.file}" if self.file else ""
        detail = f": {'; '.join(self.messages + self.kept)}" if self.messages or self.kept else ""
        return f"Dòng {self.row}: {OUTCOMES[self.outcome]}{where}{detail}"


@dataclass
class Header:
    """Where the table's heading ends and which column holds what."""

    last_row: int  # index of the last heading row (a second row of sub-headings, a row numbering the columns)
    columns: dict[str, int]  # field -> column
    marks: dict[int, str]  # column -> the online level its ticks mean
    unknown: list[str]
    old_levels: bool  # a column named after an old level (Mức độ 3, Mức độ 4)


def _format_decimals(number_format: str | None) -> int | None:
    """Decimals a cell format shows: "0.000000" -> 6, "#,##0.00_);(#,##0.00)" -> 2, "General" -> None."""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", (number_format or "").split(";")[0])
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else None


def _number_text(value: float) -> str:
    """A number as Excel's General format shows it, without trailing zeros: 1.00119, 3."""
    return str(int(value)) if value.is_integer() else repr(value)


def _sheet_value(cell: Any) -> Any:
    """A sheet cell's value; a number whose format shows more decimals than the number has becomes the text the editor
    sees ("0.000000": 1.00119 -> "1.001190"). Other numbers stay numbers: a code among them is ambiguous."""
    value = cell.value
    if isinstance(value, float) and not value.is_integer():
        decimals = _format_decimals(getattr(cell, "number_format", None))
        if decimals is not None and decimals > len(_number_text(value).partition(".")[2]):
            return f"{value:.{decimals}f}"
    return value


def read_table(path: Path) -> list[list[Any]]:
    """Every row of the first sheet (XLSX) or of the CSV file, as lists of cell values. A sheet's cell merged down
    several rows (a field written once for its procedures) is read in each of those rows; a cell merged across a
    row (a section heading) stays in its first column."""
    save_as = "Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx hoặc CSV UTF-8, rồi nhập lại."
    if path.suffix.lower() == ".xls":
        raise ValueError(f"tệp .xls (Excel 97–2003) chưa đọc được. {save_as}")
    from scripts.model.safety import check_sheet_size, check_table_file

    check_table_file(path)  # bounded work: size, and no zip bomb
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(path, data_only=True)  # not read-only: it has neither merged cells nor formats
        except zipfile.BadZipFile:
            raise ValueError(f"tệp không phải bảng Excel .xlsx (có thể là tệp khác được đổi đuôi). {save_as}") from None
        try:
            sheet = workbook.worksheets[0]
            check_sheet_size(sheet.max_row, sheet.max_column)
            rows = [[_sheet_value(cell) for cell in row] for row in sheet.iter_rows()]
            for merged in sheet.merged_cells.ranges:
                column = merged.min_col - 1
                for below in range(merged.min_row, min(merged.max_row, len(rows))):
                    rows[below][column] = rows[merged.min_row - 1][column]
            return rows
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
    rows = [row for row in csv.reader(io.StringIO(text), dialect)]
    check_sheet_size(len(rows), max(map(len, rows), default=0))
    return rows


def _cell(value: Any) -> str:
    """A cell as text, NFC; a number as Excel's General format shows it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _number_text(value)
    return nfc(str(value)).strip()


def _looks_like_code(text: str) -> bool:
    return bool(re.match(r"^\d+([.,]\d+)+", text))


def _sub_heading(below: list[str], heading: list[Any], found: dict[int, str | None], roles: dict[int, str | None]) -> bool:
    """Whether the row below the heading continues it: no code or name of its own (empty, or the heading merged down
    repeated), and sub-headings: a known one (Mức độ 3, Toàn trình), or several texts where a section row has one."""
    own = [below[column] for column, role in found.items() if role in REQUIRED_COLUMNS and column < len(below)
           and below[column] and below[column] != _cell(heading[column])]
    texts = {text for text in below if text and not _MARKER.match(text)}
    return not own and (any(roles.values()) or len(texts) >= 2)


def _header(rows: list[list[Any]]) -> Header:
    """The heading: the first of the first 20 rows naming both the code and the name columns (title rows above it are
    skipped), with the row below when it holds sub-headings (Mức độ 3 | Mức độ 4 under a merged "Mức độ DVC") and a
    row numbering the columns ((1) (2) (3) …)."""
    roles = _heading_roles()
    for index, row in enumerate(rows[:20]):
        found = {column: _role(_cell(value), roles) for column, value in enumerate(row)}
        if not set(REQUIRED_COLUMNS) <= set(found.values()):
            continue
        last = index
        below = [_cell(value) for value in rows[index + 1]] if index + 1 < len(rows) else []
        sub = {column: _role(text, roles) for column, text in enumerate(below)}
        if _sub_heading(below, row, found, sub):
            found.update({column: role for column, role in sub.items() if role})  # a sub-heading names its column
            last = index + 1
        after = [_cell(value) for value in rows[last + 1]] if last + 1 < len(rows) else []
        if sum(bool(re.fullmatch(r"\(?\d+\)?", text)) for text in after) >= 3 and all(not t or re.fullmatch(r"\(?\d+\)?", t) for t in after):
            last += 1
        columns, marks, unknown = {}, {}, []
        for column, role in found.items():
            if role and role.startswith("mark:"):
                marks[column] = role.removeprefix("mark:")
            elif role and role not in columns:
                columns[role] = column
            elif not role and _cell(row[column] if column < len(row) else None):
                unknown.append(_cell(row[column]))
        old = any(re.fullmatch(r"muc do \d", _folded_header(_cell(v))) for r in rows[index:last + 1] for v in r)
        return Header(last, columns, marks, list(dict.fromkeys(unknown)), old)
    raise ValueError("không tìm thấy dòng tiêu đề có cột «Mã TTHC» và «Tên TTHC» trong 20 dòng đầu của bảng. Thêm dòng tiêu đề "
                     f"(các cột đọc được: {', '.join(f'«{aliases[0]}»' for aliases in COLUMNS.values())}).")


def _row_kind(row: list[Any], header: Header) -> str:
    """blank, total ("Tổng số: 6 thủ tục"), section ("I | LĨNH VỰC HỘ TỊCH": one text, perhaps numbered I, A …) or data.
    A row with a code is data; so is one text numbered 1, 2 … like procedures are (a procedure without its code, to be
    reported), unless it reads as a heading: in capitals, or naming a field."""
    texts = [_cell(value) for value in row]
    filled = [text for text in texts if text]
    if not filled:
        return "blank"
    words = list(dict.fromkeys(text for text in filled if not _MARKER.match(text)))
    if words and re.match(r"^(tổng|cộng)\b", words[0].lower()):
        return "total"
    code_column = header.columns["code"]
    if code_column < len(texts) and _looks_like_code(texts[code_column]) or len(words) != 1:
        return "data"
    heading = words[0] == words[0].upper() or fold_marks(_SECTION_NUMBER.sub("", words[0])).startswith("linh vuc")
    return "section" if heading or not re.fullmatch(r"\d+", filled[0]) else "data"


def _section_field(text: str) -> str | None:
    """The field a section row names: "I. LĨNH VỰC HỘ TỊCH" -> "Hộ tịch" (a heading in capitals is written as a field is)."""
    text = _SECTION_NUMBER.sub("", text.strip())
    if not fold_marks(text).startswith("linh vuc"):
        return None
    name = text[len("lĩnh vực"):].strip(" :.-–")
    if not name:
        return None
    return name[0].upper() + name[1:].lower() if name == name.upper() else name


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


def _online(text: str) -> tuple[str | None, str | None, bool]:
    """(online level, problem, whether an old level was read) from the portal's words: Toàn trình, Một phần, Dịch vụ
    công trực tuyến một phần, Không; or an old level: Mức độ 3, 4 (or the digit alone)."""
    folded = _folded_header(text)
    old = re.fullmatch(r"(?:muc do )?([1-4])", folded) or re.search(r"\bmuc do ([1-4])\b", folded)
    if old:
        return OLD_LEVELS[old.group(1)], None, True
    for words, level in _ONLINE_WORDS:
        if words in folded:
            return level, None, False
    return None, f"mức độ dịch vụ công trực tuyến «{text}» không rõ; ghi «Toàn trình», «Một phần» hoặc «Không»", False


def _code(value: Any, heading: str) -> tuple[str | None, str | None]:
    """(code, problem). A code Excel keeps as a number has lost its trailing zeros when it shows fewer than six
    decimals: 1.00119 is 1.001190, or a code typed one digit short. Nothing tells which, so the row waits for the editor."""
    text = _cell(value)
    if schemas.PROCEDURE_CODE.fullmatch(text):
        return text, None
    if isinstance(value, float) and re.fullmatch(r"\d\.\d{1,5}", text):
        return None, (f"mã ở cột «{heading}» lưu dạng số {text}, đọc được hai cách: {value:.6f} (Excel đã bỏ số 0 ở cuối) "
                      f"hoặc {text} (mã gõ thiếu chữ số); dòng này chưa được nhập. {TEXT_FIX}")
    return None, f"mã thủ tục «{text}» không đúng dạng (ví dụ 1.001193 hoặc 1.004873.000.00.00.H01)"


def _table_meta(row: list[Any], header: Header) -> tuple[dict[str, Any], list[str], bool]:
    """The front-matter fields a table row carries (empty cells carry nothing), what is wrong with the row, and
    whether its online level was an old one."""
    raw = {name: row[column] if column < len(row) else None for name, column in header.columns.items()}
    values = {name: _cell(value) for name, value in raw.items()}
    meta: dict[str, Any] = {}
    problems: list[str] = []
    if not values["code"]:
        problems.append("thiếu mã thủ tục (cột «Mã TTHC»)")
    else:
        code, problem = _code(raw["code"], "Mã TTHC")
        if code:
            meta["code"] = code
        else:
            problems.append(problem)
    if not values.get("name"):
        problems.append("thiếu tên thủ tục (cột «Tên TTHC»)")
    else:
        meta["name"] = values["name"]
    if values.get("level"):
        level, problem = _level(values["level"])
        if level:
            meta["level"] = level
        else:
            problems.append(problem)
    old = False
    ticked = [level for column, level in header.marks.items() if column < len(row) and fold_marks(_cell(row[column])) in _TICKS]
    if values.get("online"):
        level, problem, old = _online(values["online"])
        if level:
            meta["online_level"] = level
        else:
            problems.append(problem)
    elif ticked:  # the highest level ticked
        meta["online_level"] = min(ticked, key=ONLINE_LEVELS.index)
        old = header.old_levels
    for name in ("field", "decision", "result", "agency", "publisher", "status"):
        if values.get(name):
            meta[name] = values[name]
    if values.get("applicants"):
        meta["applicants"] = [part.strip(" -•") for part in re.split(r"[;\n]", values["applicants"]) if part.strip(" -•")]
    if values.get("former_codes"):
        former = [_code(raw["former_codes"], "Mã cũ")] if isinstance(raw["former_codes"], float) else \
            [_code(part, "Mã cũ") for part in re.split(r"[;,\s]+", values["former_codes"]) if part]
        meta["former_codes"] = [code for code, _ in former if code]
        problems += [problem for code, problem in former if not code]
    for name in ("time", "fee"):
        if values.get(name):
            meta[f"in_person_{name}"] = values[name]
    return meta, problems, old


# --- what a re-import changes: the table's values are added where a file has none; where it has its own, they are
# kept and listed, unless the editor asks for the table's (--replace) -------------------------------------------------

_REMOVE = object()  # a Change's value that removes the key


@dataclass
class Change:
    path: tuple  # ("name",), ("online", "level"), ("channels", 0, "fee")
    value: Any
    label: str  # as editors read it; "" for the bookkeeping date
    before: Any = None  # None: added
    insert: bool = False  # a new item of a list, at path[-1]


def _same(a: Any, b: Any) -> bool:
    def plain(value: Any) -> Any:
        if isinstance(value, str):
            return " ".join(nfc(value).split())
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value
    return plain(a) == plain(b)


def _plan(old: dict[str, Any], carried: dict[str, Any], replace: bool, updated: str | None) -> tuple[list[Change], list[Change]]:
    """(changes to write, differences kept) turning `old` (a file's front matter, {} for a new one) towards the table."""
    changes: list[Change] = []
    kept: list[Change] = []

    def offer(path: tuple, label: str, value: Any, current: Any) -> None:
        if current is None:
            changes.append(Change(path, value, label))
        elif not _same(current, value):
            (changes if replace else kept).append(Change(path, value, label, current))

    for name in ("code", "name", "level", "field", "agency", "decision", "result", "applicants", "former_codes"):
        if name in carried:
            offer((name,), name, carried[name], old.get(name))
    if "publisher" in carried and "agency" not in carried and "agency" not in old:
        offer(("agency",), "agency", carried["publisher"], None)  # the publishing agency stands in only where none is known
    in_person = {name: carried[f"in_person_{name}"] for name in ("time", "fee") if f"in_person_{name}" in carried}
    channels = old.get("channels")
    if in_person and not isinstance(channels, list):
        offer(("channels",), "channels", [{"type": "in_person", **in_person}], channels)
    elif in_person:
        index = next((i for i, c in enumerate(channels) if isinstance(c, dict) and c.get("type") == "in_person"), None)
        if index is None:
            changes.append(Change(("channels", 0), {"type": "in_person", **in_person}, "channels (in_person)", insert=True))
        for name, value in in_person.items() if index is not None else ():
            offer(("channels", index, name), f"channels (in_person) {name}", value, channels[index].get(name))
    if "online_level" in carried:
        level, online = carried["online_level"], old.get("online")
        link = {} if level == "none" else {"url": PORTAL_URL + carried["code"][:8]}  # the portal knows the national code
        if not isinstance(online, dict):
            offer(("online",), "online", {"level": level, **link}, online)
        else:
            written = len(changes)
            offer(("online", "level"), "online.level", level, online.get("level"))
            if len(changes) > written and not link and "url" in online:
                changes.append(Change(("online", "url"), _REMOVE, "online.url", online["url"]))
            elif len(changes) > written and link and "url" not in online:
                changes.append(Change(("online", "url"), link["url"], "online.url"))
    if changes and updated and old.get("updated") != updated:
        changes.append(Change(("updated",), updated, "", old.get("updated")))
    return changes, kept


def _apply(meta: dict[str, Any], change: Change) -> None:
    *parents, last = change.path
    target: Any = meta
    for part in parents:
        target = target[part]
    if change.insert:
        target.insert(last, change.value)
    elif change.value is _REMOVE:
        del target[last]
    else:
        target[last] = change.value


def _ordered(meta: dict[str, Any]) -> dict[str, Any]:
    order = list(content.schema("procedure")["properties"])
    return {name: meta[name] for name in sorted(meta, key=lambda n: order.index(n) if n in order else len(order))}


def _front_matter_text(meta: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


# --- editing front matter in place: only the changed values' text is rewritten, so comments, quoting and the order
# an editor chose survive. Positions come from PyYAML's pure-Python composer (character offsets). ---------------------

def _end(node: yaml.Node) -> int:
    """Where a value's own text ends: a block collection ends with its last item (not at the next key, past any
    comment lines between)."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _end(last[1] if isinstance(node, yaml.MappingNode) else last)


def _line_after(front: str, index: int) -> int:
    """The start of the line after the one `index` is on (the end of the text when it is the last)."""
    if index and front[index - 1] == "\n":
        return index
    newline = front.find("\n", index)
    return newline + 1 if newline >= 0 else len(front)


def _scalar_text(value: Any) -> str:
    if isinstance(value, str) and "\n" in value:
        return json.dumps(value, ensure_ascii=False)  # one line whatever the indentation around it
    return yaml.safe_dump({"k": value}, allow_unicode=True, width=10**6).removeprefix("k: ").rstrip("\n")


def _block(value: Any, column: int) -> str:
    """A value in block style, its first line to be put at `column`, the others indented to it."""
    lines = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10**6).rstrip("\n").split("\n")
    return ("\n" + " " * column).join(lines)


def _value_text(value: Any, node: yaml.Node) -> str:
    if isinstance(value, list) and isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _block(value, node.start_mark.column)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)  # flow style: YAML reads JSON
    return _scalar_text(value)


def _entry_text(key: str, value: Any, column: int) -> str:
    """A new `key: value` entry at `column`, ending with a newline."""
    text = f"{key}: {_scalar_text(value)}" if not isinstance(value, (list, dict)) else _block({key: value}, column)
    return " " * column + text + "\n"


def _edit(front: str, change: Change, data: dict[str, Any]) -> str:
    """The front matter text with one change made (`data`: the front matter with the change already applied)."""
    root = yaml.compose(front, Loader=yaml.SafeLoader)
    *parents, last = change.path
    node: yaml.Node = root
    for part in parents:
        node = dict((k.value, v) for k, v in node.value)[part] if isinstance(node, yaml.MappingNode) else node.value[part]
    new_parent = data
    for part in parents:
        new_parent = new_parent[part]
    if node.flow_style or not node.value:  # rewrite the whole small collection
        return front[:node.start_mark.index] + json.dumps(new_parent, ensure_ascii=False) + front[node.end_mark.index:]
    column = node.value[0][0].start_mark.column if isinstance(node, yaml.MappingNode) else node.start_mark.column
    if isinstance(node, yaml.SequenceNode):  # a new first item
        at = node.start_mark.index
        return front[:at] + _block([change.value], column) + "\n" + " " * column + front[at:]
    pair = next(((k, v) for k, v in node.value if k.value == last), None)
    if pair is None:
        if node is root:  # after the field that comes before it in the schema's order, else first
            order = list(content.schema("procedure")["properties"])
            rank = order.index(last) if last in order else len(order)
            before = [v for k, v in node.value if (order.index(k.value) if k.value in order else len(order)) < rank]
            at = _line_after(front, _end(before[-1])) if before else node.value[0][0].start_mark.index - column
        else:
            at = _line_after(front, _end(node.value[-1][1]))
        text = _entry_text(last, change.value, column)
        return front[:at] + ("\n" if at and front[at - 1] != "\n" else "") + text + front[at:]
    key, value = pair
    if change.value is _REMOVE:
        start = key.start_mark.index - key.start_mark.column
        return front[:start] + front[_line_after(front, _end(value)):]
    if isinstance(value, yaml.ScalarNode) and value.start_mark.index == value.end_mark.index:  # `key:` with nothing after
        at = front.index(":", key.end_mark.index) + 1
        if isinstance(change.value, (list, dict)) and change.value:  # block style on the lines below, as the dump writes it
            indent = key.start_mark.column + (2 if isinstance(change.value, dict) else 0)
            return front[:at] + "\n" + " " * indent + _block(change.value, indent) + front[at:]
        return front[:at] + " " + _value_text(change.value, value) + front[at:]
    start, end = value.start_mark.index, _end(value)
    old_text = front[start:end]
    return front[:start] + _value_text(change.value, value) + old_text[len(old_text.rstrip("\n")):] + front[end:]


def _comparable(data: dict[str, Any]) -> str:
    return nfc(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str))


def _edited_file(text: str, changes: list[Change], old: dict[str, Any]) -> str | None:
    """The file's text with the changes made in its front matter, or None when the result would not read back as
    exactly the intended front matter (then nothing is written)."""
    bom, text = text.startswith("\ufeff"), text.lstrip("\ufeff")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    opening = text.index("\n") + 1
    front, _, _ = content.split_front_matter(text)
    data = copy.deepcopy(old)
    try:
        for change in changes:
            _apply(data, change)
            front = _edit(front, change, data)
        if _comparable(content._parse(front)[1]) != _comparable(data):
            return None
    except (yaml.YAMLError, KeyError, IndexError, ValueError):
        return None
    closing = opening + len(content.split_front_matter(text)[0] or "")
    result = text[:opening] + front + text[closing:]
    return ("\ufeff" if bom else "") + (result.replace("\n", "\r\n") if crlf else result)


# --- the import ---------------------------------------------------------------------------------------------------

@dataclass
class Existing:
    """The procedures already in docs/thu-tuc/ (translations left out), and the files whose front matter cannot be read."""

    by_code: dict[str, tuple[Path, dict[str, Any]]]
    unreadable: dict[Path, str]  # file -> its text
    problems: list[str]


def _existing_procedures(docs_dir: Path, sections: Sections) -> Existing:
    found = Existing({}, {}, [])
    for path in sorted((docs_dir / sections.procedure.folder).glob("*.md")):
        src = f"{sections.procedure.folder}/{path.name}"
        if sections.kind_of(src) != "procedure" or content.lang_of(src) != content.DEFAULT_LANGUAGE:
            continue
        doc, problems = content.read_document(docs_dir, src, docs_dir.name, sections=sections)
        if doc is None:
            found.unreadable[path] = path.read_bytes().decode("utf-8", "replace")
            found.problems += [str(p) for p in problems if p.severity == "error"]
        elif doc.meta.get("code"):
            found.by_code[str(doc.meta["code"])] = (path, doc.meta)
    return found


def _shown(path: Path, docs_dir: Path) -> str:
    """A file as editors see it: docs/thu-tuc/x.md."""
    return path.relative_to(docs_dir.parent).as_posix()


def _said(value: Any) -> str:
    text = "; ".join(map(str, value)) if isinstance(value, list) else json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)
    return f"«{text if len(text) <= 80 else text[:79] + '…'}»"


def _field_page_note(value: str, current: str | None, fields: Counter, written: bool, folder: str) -> str | None:
    """Said when a field value no other procedure has would give the site a second field page beside a similar one."""
    if fields.get(value):
        return None
    folded = fold_marks(value)
    near = current or next((f for f, count in fields.items() if count and (fold_marks(f) in folded or folded in fold_marks(f))), None)
    if near is None:
        return None
    page = f"{folder}{slugify(value)}/"
    verb = "thêm" if written else "lấy theo bảng sẽ thêm"
    return (f"lĩnh vực «{value}» chưa thủ tục nào khác dùng: {verb} trang lĩnh vực {page} bên cạnh «{near}»; "
            "nếu là cùng một lĩnh vực, dùng một tên")


def import_table(table: Path, docs_dir: Path, updated: str | None = None, replace: bool = False,
                 sections: Sections = DEFAULT_SECTIONS) -> tuple[list[RowReport], list[str]]:
    """Import procedures from a CSV or XLSX table into the procedure section's folder of docs_dir (mkdocs.yml
    extra.sections: docs/thu-tuc/). Returns one report per row below the
    heading (blank rows left out), and notes about the table and the folder. A row that cannot be imported is
    reported with its number and reason; the others are imported all the same. A file's own values are kept and
    listed where the table differs, unless `replace`; a file whose front matter cannot be read is never written."""
    rows = read_table(table)
    header = _header(rows)
    notes = [f"Bỏ qua cột không dùng: {', '.join(header.unknown)}."] if header.unknown else []
    folder = docs_dir / sections.procedure.folder
    folder.mkdir(parents=True, exist_ok=True)
    existing = _existing_procedures(docs_dir, sections)
    notes += [f"{problem} Tệp này được giữ nguyên, không ghi đè." for problem in existing.problems]
    taken = {path.stem: code for code, (path, _) in existing.by_code.items()}
    fields = Counter(meta["field"] for _, meta in existing.by_code.values() if isinstance(meta.get("field"), str))
    seen: dict[str, int] = {}
    section_field = None
    old_levels = False
    reports = []
    for index in range(header.last_row + 1, len(rows)):
        number = index + 1  # as the spreadsheet numbers its rows
        kind = _row_kind(rows[index], header)
        if kind == "blank":
            continue
        if kind in ("section", "total"):
            text = " ".join(t for t in map(_cell, rows[index]) if t)
            if kind == "section":
                section_field = _section_field(text) or section_field
            reports.append(RowReport(number, kind, messages=[f"«{text}»"]))
            continue
        carried, problems, old = _table_meta(rows[index], header)
        if section_field and "field" not in carried:
            carried["field"] = section_field
        status = carried.pop("status", "")
        if not problems and re.search(r"het hieu luc|bai bo", fold_marks(status)):
            reports.append(RowReport(number, "skipped", messages=[f"thủ tục {carried['code']} có tình trạng «{status}», không nhập"]))
            continue
        code = carried.get("code")
        if code and code in seen:
            problems.append(f"mã {code} đã có ở dòng {seen[code]} của bảng")
        unreadable = [path for path, text in existing.unreadable.items()
                      if code and (re.search(rf"^code:\s*['\"]?{re.escape(code)}\b", text, re.M) or path.stem == procedure_slug(carried.get("name", "")))]
        if code and code not in existing.by_code and unreadable:
            problems.append(f"{_shown(unreadable[0], docs_dir)} có thể đã ghi thủ tục này nhưng phần đầu không đọc được (xem lỗi ở trên); "
                            "tệp được giữ nguyên: sửa tệp (make check chỉ chỗ sai) rồi nhập lại")
        if problems:
            reports.append(RowReport(number, "failed", messages=problems))
            continue
        old_levels = old_levels or old
        seen[code] = number
        path, old_meta = existing.by_code.get(code, (None, {}))
        changes, kept = _plan(old_meta, carried, replace, updated)
        meta = copy.deepcopy(old_meta)
        for change in changes:
            _apply(meta, change)
        touched = {change.path[0] for change in changes}
        missing = [name for name in ("level", "field", "agency") if name not in meta]
        schema_problems = [] if missing else [p for p in content._schema_problems("", "procedure", meta, {}, partial=False, first_line=number)
                                              if p.field and p.field.split(".")[0] in touched]
        if missing or schema_problems:
            labels = {"level": "Cấp thực hiện", "field": "Lĩnh vực", "agency": "Cơ quan thực hiện (hoặc Cơ quan công khai)"}
            problems = [f"thiếu {labels[name]}" for name in missing] + [f"[{content.field_label(p.field)}] {p.message}" for p in schema_problems]
            reports.append(RowReport(number, "failed", messages=problems))
            continue
        field_change = next((c for c in [*changes, *kept] if c.path == ("field",)), None)
        page_note = field_change and _field_page_note(field_change.value, field_change.before, fields, field_change in changes,
                                                           sections.procedure.page("field"))
        if path is None:
            stem = procedure_slug(meta["name"])
            if taken.get(stem, code) != code or (folder / f"{stem}.md").exists():
                stem = f"{stem}-{slugify(code)}"
            path = folder / f"{stem}.md"
            if path.exists():
                reports.append(RowReport(number, "failed", messages=[f"{_shown(path, docs_dir)} đã có nhưng không phải thủ tục {code}; "
                                                                     "tệp được giữ nguyên: đổi tên tệp đó rồi nhập lại"]))
                continue
            taken[stem] = code
            path.write_text(_front_matter_text(_ordered(meta), ""), encoding="utf-8")
            reports.append(RowReport(number, "created", _shown(path, docs_dir), [page_note] if page_note else []))
        else:
            said = [c for c in changes if c.label]
            messages = [f"thêm {', '.join(c.label for c in said if c.before is None)}"] if any(c.before is None for c in said) else []
            messages += [f"đổi {c.label}: {_said(c.before)} → {_said(c.value)}" for c in said if c.before is not None]
            messages += [page_note] if page_note else []
            if changes:
                text = _edited_file(path.read_bytes().decode("utf-8"), changes, old_meta)
                if text is None:
                    reports.append(RowReport(number, "failed", _shown(path, docs_dir),
                                             ["không sửa tự động được phần đầu của tệp (cách viết YAML lạ); tệp được giữ nguyên: "
                                              f"sửa tay {', '.join(c.label for c in said)} theo bảng"]))
                    continue
                path.write_text(text, encoding="utf-8", newline="")
            outcome = "updated" if changes else "kept" if kept else "unchanged"
            reports.append(RowReport(number, outcome, _shown(path, docs_dir), messages,
                                     [f"giữ {c.label} {_said(c.before)} của tệp (bảng: {_said(c.value)})" for c in kept]))
        if field_change in changes:
            fields[field_change.value] += 1
            if field_change.before is not None:
                fields[field_change.before] -= 1
        existing.by_code[code] = (path, meta)
    if old_levels:
        notes.append(OLD_LEVELS_NOTE)
    return reports, notes
