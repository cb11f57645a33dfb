"""Reform results as open data and pictures: the figures in data/*.csv (checked against schemas/data/), the
procedure catalogue counted at build time, and the results page (ket-qua/) that draws them.

The figures live in data/ at the repository root, beside docs/ rather than in it: MkDocs publishes every file
under docs/ as it is, so a CSV there would go out unchecked, even with an error in it. Here an editor changes one
file, `make check` reads it, and the build publishes only what it drew, as CSV files under docs/_generated/.

Charts are SVG written into the page: no script, no request to another host, the same from file:// and on paper.
Every chart has a text summary, a table of the same figures and a CSV download of exactly those figures; marks
carry their value as text, so nothing depends on colour.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from scripts.model import schemas
from scripts.model.content import DEFAULT_LANGUAGE, GENERATED_DIR, LANGUAGES, Document, Problem, Site, data_file
from scripts.model.generated import GeneratedPage
from scripts.model.generated import page_src
from scripts.model.pagelinks import doc_link, relative
from scripts.pages.procedures import GROUPINGS, count_text, groups
from scripts.model.render import page_title, table_cell, text, url
from scripts.model.translations import term, translator
from scripts.model.vietnamese import format_date, nfc, slugify

TABLES = ("index-results", "plan-results")
URL = "ket-qua/"
SRC = page_src(URL)  # _generated/ket-qua.md
TARGETS_ANCHOR = "plan-targets"  # the same id in both languages: templates/plan.md.j2 links to it
MERGED = 2025  # provinces merged on 1/7/2025 (63 -> 34): results assessed from 2025 on are ranked among 34
INDICES = ("PAR INDEX", "SIPAS", "PAPI")

# Colours on the white page, each at least 3:1 against it (WCAG 1.4.11): ink 6.9:1, grey 6.8:1, track 4.5:1.
INK, GREY, TRACK, TEXT = "#1f5f8b", "#5c5c5c", "#767676", "#1b1b1b"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif"  # fonts of the reader's system, with Vietnamese marks


# --- reading and checking the data files ------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]


@dataclass
class Data:
    index: list[Row] = field(default_factory=list)
    plans: list[Row] = field(default_factory=list)


def table_schema(name: str) -> dict:
    return schemas.load(f"data/{name}")


_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _cell(raw: str, node: dict) -> tuple[Any, str | None]:
    """A cell as the value the schema expects, or why it is not one."""
    kind = node.get("type")
    if kind == "integer":
        return (int(raw), None) if _INTEGER.fullmatch(raw) else (raw, f"«{raw}» không phải một số nguyên.")
    if kind == "number":
        return ((float(raw.replace(",", ".")), None) if _NUMBER.fullmatch(raw)
                else (raw, f"«{raw}» không phải một số; viết chữ số với dấu chấm thập phân, ví dụ 91.43."))
    return raw, None


def _said(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _value_problem(value: Any, node: dict) -> str | None:
    """What is wrong with one typed value by its column's schema (the messages an editor can act on)."""
    if "enum" in node and value not in node["enum"]:
        return f"«{value}» không phải giá trị được dùng; chọn một trong: {', '.join(_said(v) for v in node['enum'])}."
    if "minimum" in node and value < node["minimum"]:
        return f"{_said(value)} nhỏ hơn mức thấp nhất cho phép ({_said(node['minimum'])})."
    if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
        return f"{_said(value)} phải lớn hơn {_said(node['exclusiveMinimum'])}."
    if "maximum" in node and value > node["maximum"]:
        return f"{_said(value)} lớn hơn mức cao nhất cho phép ({_said(node['maximum'])})."
    if "minLength" in node and len(value) < node["minLength"]:
        return f"«{value}» quá ngắn. {node['description']}"
    if "pattern" in node and not re.search(node["pattern"], value):
        return f"«{value}» sai dạng. {node['description']}"
    if node.get("format") == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"«{value}» không phải một ngày có thật. {node['description']}"
    return None


def read_table(path: Path, shown: str, table: str) -> tuple[list[Row], list[Problem]]:
    """The rows of one data file that are right, and every problem of the file (one per cell at most)."""
    schema = table_schema(table)
    columns = schema["properties"]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [Problem(shown, None, None, f"tệp không phải văn bản UTF-8 (byte thứ {error.start + 1}); lưu lại tệp với mã UTF-8.", "not UTF-8")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        return [], [Problem(shown, 1, None, f"tệp trống; dòng đầu phải là tên các cột: {','.join(columns)}.", "empty file")]
    header = [h.strip() for h in header]
    found: list[Problem] = []
    for column in header:
        if column not in columns:
            guess = difflib.get_close_matches(column, list(columns), n=1)
            hint = f" Có phải bạn định viết «{guess[0]}»?" if guess else ""
            found.append(Problem(shown, 1, column, f"cột «{column}» không có trong mẫu {schema['title'].lower()}.{hint} Các cột có: {', '.join(columns)}.",
                                 "unknown column"))
    missing = [column for column in schema["required"] if column not in header]  # rows are still read, for their own cells' problems
    for column in missing:
        found.append(Problem(shown, 1, column, f"thiếu cột «{column}» ({columns[column]['title']}) ở dòng đầu. {columns[column]['description']}",
                             "missing column"))
    rows, last = [], reader.line_num
    for cells in reader:
        line, last = last + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            found.append(Problem(shown, line, None, f"dòng có {len(cells)} ô, nhiều hơn {len(header)} cột của dòng đầu; một ô có dấu phẩy phải đặt trong "
                                                    f"ngoặc kép.", "too many cells"))
            continue
        values, given, wrong = {}, set(), []
        for column, raw in zip(header, cells):
            raw = nfc(raw.strip())  # text copied from PDFs is often decomposed (NFD)
            if column not in columns or not raw:
                continue
            given.add(column)
            value, problem = _cell(raw, columns[column])
            problem = problem or _value_problem(value, columns[column])
            if problem:
                wrong.append(Problem(shown, line, column, problem, f"bad {column}"))
            else:
                values[column] = value
        for column in schema["required"]:
            if column in header and column not in given:
                wrong.append(Problem(shown, line, column, f"ô «{column}» ({columns[column]['title']}) để trống; cột này bắt buộc. "
                                                          f"{columns[column]['description']}", f"missing {column}"))
        reported = {p.field for p in wrong}  # each cell once: the figures are compared only where each is right on its own
        wrong += [p for p in ROW_CHECKS[table](values, given, shown, line) if p.field not in reported]
        found += wrong
        if not wrong and not missing:
            rows.append(Row(line, values))
    return rows, found


def _index_row_problems(v: dict, given: set[str], shown: str, line: int, today: dt.date | None = None) -> list[Problem]:
    """What the schema cannot say about one index result: figures against each other, dates against today. `v` holds
    the cells that are right on their own, `given` every cell that is filled in (a wrong one is reported already)."""
    today = today or dt.date.today()
    found = []

    def problem(column: str, message: str, gloss: str) -> None:
        found.append(Problem(shown, line, column, message, gloss))

    if "year" in v and v["year"] > today.year:
        problem("year", f"năm đánh giá {v['year']} chưa tới (hôm nay là {today:%d/%m/%Y}).", "year in the future")
    published = dt.date.fromisoformat(v["published"]) if "published" in v else None
    if published and published > today:
        problem("published", f"ngày công bố {published:%d/%m/%Y} chưa tới (hôm nay là {today:%d/%m/%Y}).", "date in the future")
    elif published and "year" in v and published.year < v["year"]:
        problem("published", f"ngày công bố {published:%d/%m/%Y} trước năm đánh giá {v['year']}: kết quả một năm chỉ có sau khi năm đó bắt đầu.",
                "published before the year assessed")
    if "score" in v and "scale" not in given:
        problem("scale", "có điểm nhưng ô «scale» (thang điểm) để trống: ghi 100 cho PAR INDEX và SIPAS, 80 cho PAPI.", "scale missing")
    elif "score" in v and "scale" in v and v["score"] > v["scale"]:
        problem("score", f"điểm {_said(v['score'])} lớn hơn thang điểm {_said(v['scale'])}.", "score above the scale")
    if "rank" in v and "ranked" not in given:
        problem("ranked", "có thứ hạng nhưng ô «ranked» (số đơn vị được xếp hạng) để trống.", "units ranked missing")
    elif "rank" in v and "ranked" in v and v["rank"] > v["ranked"]:
        problem("rank", f"hạng {v['rank']} lớn hơn số đơn vị được xếp hạng ({v['ranked']}).", "rank above the number ranked")
    if "era" in v and "year" in v and (v["era"] == 63) != (v["year"] < MERGED):
        right = 63 if v["year"] < MERGED else 34
        problem("era", f"năm đánh giá {v['year']} thuộc thời kỳ {right} tỉnh, không phải {v['era']}: các tỉnh được sắp xếp từ 63 còn 34 "
                       f"từ ngày 01/7/2025.", "wrong era")
    elif "era" in v and "commune" not in given and v.get("ranked", 0) > v["era"]:
        problem("ranked", f"{v['ranked']} đơn vị được xếp hạng, nhưng thời kỳ này chỉ có {v['era']} tỉnh, thành phố.", "more units ranked than provinces")
    return found


def _plan_row_problems(v: dict, given: set[str], shown: str, line: int, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    found = []
    for column in ("as_of", "published"):
        day = dt.date.fromisoformat(v[column]) if column in v else None
        if day and day > today:
            found.append(Problem(shown, line, column, f"ngày {day:%d/%m/%Y} chưa tới (hôm nay là {today:%d/%m/%Y}).", "date in the future"))
    if v.get("unit") == "%" and v.get("value", 0) > 100:
        found.append(Problem(shown, line, "value", f"kết quả {_said(v['value'])}% lớn hơn 100%.", "percentage above 100"))
    return found


ROW_CHECKS: dict[str, Callable[[dict, set[str], str, int], list[Problem]]] = {"index-results": _index_row_problems, "plan-results": _plan_row_problems}


def _duplicates(rows: list[Row], key: Callable[[dict], tuple], shown: str, column: str, what: str) -> tuple[list[Row], list[Problem]]:
    """The first row of each key kept; each later one is an error naming the line it repeats."""
    seen: dict[tuple, int] = {}
    kept, found = [], []
    for row in rows:
        k = key(row.values)
        if k in seen:
            found.append(Problem(shown, row.line, column, f"trùng dòng {seen[k]}: {what}. Xóa một trong hai dòng.", "duplicate row"))
        else:
            seen[k] = row.line
            kept.append(row)
    return kept, found


def _plan_problems(site: Site, rows: list[Row], shown: str) -> tuple[list[Row], list[Problem]]:
    """Each result names a plan on the site and one of its targets, in the target's unit."""
    kept, found = [], []
    plans = {PurePosixPath(d.src).stem: d for d in site.of_kind("plan")}
    for row in rows:
        v = row.values
        plan = plans.get(v["plan"])
        if plan is None:
            guess = difflib.get_close_matches(v["plan"], sorted(plans), n=1)
            hint = f" Có phải «{guess[0]}»?" if guess else ""
            found.append(Problem(shown, row.line, "plan", f"không có kế hoạch docs/{site.sections.plan.folder}/{v['plan']}.md.{hint}", "no such plan"))
            continue
        targets = plan.meta.get("targets", [])
        if v["target"] > len(targets):
            found.append(Problem(shown, row.line, "target", f"kế hoạch «{v['plan']}» có {len(targets)} chỉ tiêu, không có chỉ tiêu thứ {v['target']}.",
                                 "no such target"))
            continue
        unit = targets[v["target"] - 1].get("unit")
        if unit is not None and v.get("unit") != unit:
            found.append(Problem(shown, row.line, "unit", f"đơn vị «{v.get('unit', '')}» khác đơn vị của chỉ tiêu («{unit}»).", "unit differs from the target's"))
            continue
        kept.append(row)
    return kept, found


def problems(site: Site, docs_dir: Path, prefix: str = "docs") -> list[Problem]:
    """Every problem of the data files (data/ beside docs/); the rows that are right are kept on the site for the page."""
    data, found = Data(), []
    for name in TABLES:
        path, shown = data_file(docs_dir, prefix, f"{name}.csv")
        if not path.is_file():
            continue
        rows, wrong = read_table(path, shown, name)
        found += wrong
        if name == "index-results":
            data.index, wrong = _duplicates(rows, lambda v: (v["index"], v["year"], v["province"], v.get("commune")), shown, "index",
                                            "cùng chỉ số, năm đánh giá và địa phương")
        else:
            rows, wrong = _plan_problems(site, rows, shown)
            found += wrong
            data.plans, wrong = _duplicates(rows, lambda v: (v["plan"], v["target"], v["as_of"]), shown, "target", "cùng kế hoạch, chỉ tiêu và ngày")
        found += wrong
    vars(site)["results"] = data
    return found


# --- numbers and charts ------------------------------------------------------------------------------

def number(value: float, lang: str) -> str:
    """91.43 -> "91,43" in Vietnamese, "91.43" in English; no trailing zeros."""
    shown = f"{value:.4f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",") if lang == DEFAULT_LANGUAGE else shown


def _raw(value: Any) -> str:
    """A value as the CSV has it: numbers with a decimal point, whatever the language."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else "" if value is None else str(value)


@dataclass
class Chart:
    slug: str  # file name of its CSV and prefix of its ids
    title: str
    summary: str
    columns: list[str]
    rows: list[list[Any]]  # the figures drawn, as the CSV has them
    cells: list[list[str]]  # the same, as the table shows them (Markdown)
    svg: str
    csv_only: tuple[int, ...] = ()  # columns only the CSV has (a source's URL: the table links the source's name instead)

    @property
    def csv_url(self) -> str:
        return f"{URL}{self.slug}.csv"

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([[_raw(v) for v in row] for row in self.rows])
        return out.getvalue()

    @property
    def svg_url(self) -> str:
        return f"{URL}{self.slug}.svg"

    def markdown(self, lang: str) -> str:
        """The picture drawn inline (the SVG subset scripts/model/safety.py allows), its summary, the table of its figures,
        and the links to its CSV and to the picture as a file of its own."""
        t = translator(lang)
        image, data = (relative(DataFile(u, lang, "").src, SRC) for u in (self.svg_url, self.csv_url))
        shown = [i for i in range(len(self.columns)) if i not in self.csv_only]
        table = ["| " + " | ".join(table_cell(self.columns[i]) for i in shown) + " |", "|" + "---|" * len(shown),
                 *("| " + " | ".join(row[i] for i in shown) + " |" for row in self.cells)]
        return "\n".join([f'<figure class="cchc-chart" id="{self.slug}">', self.svg.strip(),
                          f"<figcaption>{html.escape(self.summary)}</figcaption>", "</figure>", "", *table, "",
                          f"[{t('results.download')}]({data}) · [{t('results.picture')}]({image})", ""])


WIDTH, ROW_HEIGHT, LEFT, RIGHT, TOP = 640, 40, 190, 150, 8
PLOT = WIDTH - LEFT - RIGHT


def _svg(slug: str, title: str, summary: str, height: float, body: str, defs: str = "") -> str:
    """A chart as an SVG file: its own title and summary inside (opened on its own, it still says what it shows),
    a white ground so that it prints and shows the same on any page; the page scales it to its column."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{slug}-title {slug}-desc" viewBox="0 0 {WIDTH} {height:g}" '
            f'width="{WIDTH}" height="{height:g}" font-size="14" font-family="{FONT}">'
            f'<title id="{slug}-title">{html.escape(title)}</title><desc id="{slug}-desc">{html.escape(summary)}</desc>'
            f'<rect width="{WIDTH}" height="{height:g}" fill="#ffffff"/>{defs}{body}</svg>\n')


def _axis(rows: int) -> str:
    return f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + rows * ROW_HEIGHT}" stroke="{TEXT}"/>'


def _label(i: int, text: str) -> str:
    y = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2
    return f'<text x="{LEFT - 8}" y="{y + 5}" text-anchor="end" fill="{TEXT}">{html.escape(text)}</text>'


def _value_text(i: int, x: float, text: str) -> str:
    y = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2
    return f'<text x="{x + 6:.1f}" y="{y + 5}" fill="{TEXT}">{html.escape(text)}</text>'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    maximum: float
    text: str  # the value said at the bar's end
    style: str = "solid"  # solid | hatch | dark | outline: told apart by pattern and by the label, not by colour alone


_FILLS = {"solid": f'fill="{INK}"', "hatch": 'fill="url(#{slug}-hatch)" stroke="' + INK + '" stroke-width="2"', "dark": f'fill="{GREY}"',
          "outline": f'fill="#ffffff" stroke="{GREY}" stroke-width="2" stroke-dasharray="4 3"'}


def bar_chart(slug: str, title: str, summary: str, bars: list[Bar]) -> str:
    """One horizontal bar per item, its length value/maximum of the plot, its value written at its end."""
    body = []
    for i, bar in enumerate(bars):
        width = max(bar.value / bar.maximum * PLOT, 1) if bar.maximum else 1
        y = TOP + i * ROW_HEIGHT + 8
        body += [_label(i, bar.label),
                 f'<rect data-mark="bar" x="{LEFT}" y="{y}" width="{width:.1f}" height="{ROW_HEIGHT - 16}" {_FILLS[bar.style].format(slug=slug)}/>',
                 _value_text(i, LEFT + width, bar.text)]
    defs = ""
    if any(bar.style == "hatch" for bar in bars):
        defs = (f'<defs><pattern id="{slug}-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">'
                f'<rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="{INK}" stroke-width="4"/></pattern></defs>')
    return _svg(slug, title, summary, TOP + len(bars) * ROW_HEIGHT + 8, _axis(len(bars)) + "".join(body), defs)


def rank_chart(slug: str, title: str, summary: str, ranks: list[tuple[str, int, int, str]]) -> str:
    """One track per item from rank 1 (left) to the number ranked (right), a dot at the rank: each track has its
    own length, so a ranking among 63 and one among 34 are not drawn as the same thing."""
    body = []
    for i, (label, rank, ranked, said) in enumerate(ranks):
        y = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2
        x = LEFT + (rank - 1) / max(ranked - 1, 1) * PLOT
        body += [_label(i, label), f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + PLOT}" y2="{y}" stroke="{TRACK}" stroke-width="2"/>',
                 f'<text x="{LEFT + 2}" y="{y - 10}" font-size="11" fill="{TEXT}">1</text>',
                 f'<text x="{LEFT + PLOT}" y="{y - 10}" font-size="11" text-anchor="end" fill="{TEXT}">{ranked}</text>',
                 f'<circle data-mark="rank" cx="{x:.1f}" cy="{y}" r="7" fill="{INK}"/>', _value_text(i, LEFT + PLOT, said)]
    return _svg(slug, title, summary, TOP + len(ranks) * ROW_HEIGHT + 8, _axis(len(ranks)) + "".join(body))


def target_chart(slug: str, title: str, summary: str, items: list[tuple[str, float, float | None, float, str]], lang: str) -> str:
    """Targets against results, one row each: its label above, a bar for a reported result, a dashed tick at the
    target, both said in words at the right; items are (label, target, result or None, maximum, text)."""
    t = translator(lang)
    row, plot = 56, WIDTH - 190  # room at the right for "chưa có số liệu / 100%"
    body = []
    for i, (label, target, result, maximum, said) in enumerate(items):
        y = TOP + i * row
        body.append(f'<text x="0" y="{y + 14}" fill="{TEXT}">{html.escape(label)}</text>')
        body.append(f'<line x1="0" y1="{y + 20}" x2="0" y2="{y + 48}" stroke="{TEXT}"/>')
        if result is not None:
            body.append(f'<rect data-mark="result" x="0" y="{y + 24}" width="{max(result / maximum * plot, 1):.1f}" height="20" fill="{INK}"/>')
        x = target / maximum * plot - 1.5
        body += [f'<line data-mark="target" x1="{x:.1f}" y1="{y + 19}" x2="{x:.1f}" y2="{y + 49}" stroke="#1b1b1b" stroke-width="3" stroke-dasharray="5 3"/>',
                 f'<text x="{plot + 8}" y="{y + 39}" fill="{TEXT}">{html.escape(said)}</text>']
    y = TOP + len(items) * row + 8
    legend = (f'<rect x="0" y="{y}" width="18" height="12" fill="{INK}"/><text x="24" y="{y + 11}" fill="{TEXT}">'
              f'{html.escape(t("results.legend.result"))}</text><line x1="130" y1="{y - 2}" x2="130" y2="{y + 14}" stroke="#1b1b1b" '
              f'stroke-width="3" stroke-dasharray="5 3"/><text x="140" y="{y + 11}" fill="{TEXT}">{html.escape(t("results.legend.target"))}</text>')
    return _svg(slug, title, summary, y + 20, "".join(body) + legend)


# --- the page ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DataFile(GeneratedPage):
    """A CSV written beside the generated pages and published at its own URL: ket-qua/x.csv, en/ket-qua/x.csv."""

    @property
    def src(self) -> str:
        path = PurePosixPath(self.url)
        suffix = "" if self.lang == DEFAULT_LANGUAGE else f".{self.lang}"
        return f"{GENERATED_DIR}/{path.parent}/{path.stem}{suffix}{path.suffix}"


def _date(value: str, lang: str) -> str:
    return f'<time datetime="{value}">{format_date(dt.date.fromisoformat(value), lang)}</time>'


def _source(values: dict) -> str:
    name = table_cell(values["source_name"])
    return f"[{name}]({url(values['source_url'])})" if values.get("source_url") else name


def _unit(values: dict) -> str:
    return values["province"] + (f" – {values['commune']}" if values.get("commune") else "")


NARROW = (0, 3, 7)  # index, unit (the section's heading says them) and source URL: in the CSV, not in the page's table


def index_charts(data: Data, lang: str) -> list[tuple[str, list[Chart]]]:
    """Per index and unit: its scores and its ranks over the years, each a chart."""
    t = translator(lang)
    grouped: dict[tuple, list[dict]] = {}
    for row in data.index:
        grouped.setdefault((INDICES.index(row.values["index"]), _unit(row.values)), []).append(row.values)
    columns = [t(f"results.col.{c}") for c in ("index", "year", "era", "unit")]
    sources = [t(f"results.col.{c}") for c in ("source", "source_url", "published")]
    sections = []
    for (which, unit), rows in sorted(grouped.items()):
        name = INDICES[which]
        rows.sort(key=lambda v: v["year"])
        slug = slugify(f"{name} {unit}")
        charts = []

        def base(v: dict) -> tuple[list, list[str]]:
            return ([name, v["year"], v["era"], unit],
                    [table_cell(name), str(v["year"]), t(f"results.era.{v['era']}"), table_cell(term(unit, lang))])

        def tail(v: dict) -> tuple[list, list[str]]:
            return [v["source_name"], v["source_url"], v["published"]], [_source(v), "", _date(v["published"], lang)]

        scored = [v for v in rows if "score" in v]
        if scored:
            items = "; ".join(f"{v['year']}: {number(v['score'], lang)}/{number(v['scale'], lang)}" for v in scored)
            title = t("results.score_title").format(index=name, unit=term(unit, lang))
            summary = t("results.score_summary").format(index=name, unit=term(unit, lang), items=items)
            bars = [Bar(str(v["year"]), v["score"], v["scale"], f"{number(v['score'], lang)}/{number(v['scale'], lang)}") for v in scored]
            charts.append(Chart(f"{slug}-diem", title, summary, columns + [t("results.col.score"), t("results.col.scale")] + sources,
                                [base(v)[0] + [v["score"], v["scale"]] + tail(v)[0] for v in scored],
                                [base(v)[1] + [number(v["score"], lang), number(v["scale"], lang)] + tail(v)[1] for v in scored],
                                bar_chart(f"{slug}-diem", title, summary, bars), NARROW))
        ranked = [v for v in rows if "rank" in v]
        if ranked:
            said = {id(v): t("results.rank_of").format(rank=v["rank"], ranked=v["ranked"]) for v in ranked}
            title = t("results.rank_title").format(index=name, unit=term(unit, lang))
            summary = t("results.rank_summary").format(index=name, unit=term(unit, lang), items="; ".join(f"{v['year']}: {said[id(v)]}" for v in ranked))
            charts.append(Chart(f"{slug}-hang", title, summary, columns + [t("results.col.rank"), t("results.col.ranked")] + sources,
                                [base(v)[0] + [v["rank"], v["ranked"]] + tail(v)[0] for v in ranked],
                                [base(v)[1] + [str(v["rank"]), str(v["ranked"])] + tail(v)[1] for v in ranked],
                                rank_chart(f"{slug}-hang", title, summary, [(str(v["year"]), v["rank"], v["ranked"], said[id(v)]) for v in ranked]),
                                NARROW))
        sections.append((f"{name} – {term(unit, lang)}", charts))
    return sections


def _complete(meta: dict) -> dict[str, bool]:
    channels = meta.get("channels", [])
    checks = {"steps": bool(meta.get("steps")), "dossier": bool(meta.get("dossier")),
              "time_fee": any(c.get("time") and c.get("fee") for c in channels)}
    return {**checks, "all": all(checks.values())}


def share(count: int, total: int) -> float:
    return round(count / total * 100, 1) if total else 0.0


def catalogue(site: Site, lang: str) -> tuple[str, list[Chart]]:
    """The procedures counted: by field and level, by online service (a chart), by completeness of the record."""
    t = translator(lang)
    procedures = site.of_kind("procedure")
    total = len(procedures)
    parts = [f"## {t('results.catalogue')}", "", t("results.catalogue_total").format(count=count_text(total, lang)), ""]
    if not total:
        return "\n".join(parts), []
    fields, levels, _, online = (groups(site, g) for g in GROUPINGS)
    level_keys = [g.key for g in levels]
    parts += [f"### {t('results.by_field')}", "",
              "| " + " | ".join([t("procedure.field"), *(t(f"procedure.level.{k}") for k in level_keys), t("results.total")]) + " |",
              "|" + "---|" * (len(level_keys) + 2)]
    for group in fields:
        counts = [sum(1 for d in group.members if d.meta["level"] == k) for k in level_keys]
        parts.append(f"| [{table_cell(term(group.key, lang))}]({relative(group.src, SRC)}) | " + " | ".join(map(str, counts)) + f" | {len(group.members)} |")
    parts += ["| " + " | ".join([f"**{t('results.total')}**", *(str(len(g.members)) for g in levels), f"**{total}**"]) + " |", ""]

    styles = {"full": "solid", "partial": "hatch", "none": "dark", "unknown": "outline"}
    counted = [(g.key, len(g.members)) for g in online]
    title = t("results.online_title")
    summary = t("results.online_summary").format(total=total, items="; ".join(
        f"{t(f'procedure.online.{k}')} {n} ({number(share(n, total), lang)}%)" for k, n in counted))
    chart = Chart("truc-tuyen", title, summary, [t("results.col.online"), t("results.col.count"), t("results.col.share")],
                  [[t(f"procedure.online.{k}"), n, share(n, total)] for k, n in counted],
                  [[t(f"procedure.online.{k}"), str(n), number(share(n, total), lang)] for k, n in counted],
                  bar_chart("truc-tuyen", title, summary, [Bar(t(f"procedure.online.{k}"), n, total, f"{n} ({number(share(n, total), lang)}%)", styles[k])
                                                           for k, n in counted]))
    parts += [f"### {title}", "", chart.markdown(lang)]

    complete = [_complete(d.meta) for d in procedures]
    parts += [f"### {t('results.completeness')}", "", f"| {t('results.col.criterion')} | {t('results.col.count')} | {t('results.col.share')} |", "|---|---|---|"]
    for key in ("steps", "dossier", "time_fee", "all"):
        n = sum(c[key] for c in complete)
        parts.append(f"| {t(f'results.complete.{key}')} | {n}/{total} | {number(share(n, total), lang)} |")
    parts += ["", f"### {t('results.changes')}", "", t("results.changes_unrecorded"), ""]
    return "\n".join(parts), [chart]


def plan_label(doc: Document, lang: str, limit: int = 60) -> str:
    """A plan named in a chart row: its number, else its title cut at a word boundary (the table has it whole)."""
    if doc.meta.get("number"):
        return doc.meta["number"]
    title = doc.localized(lang)["title"]
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + "…"


def _target_text(doc: Document, i: int, lang: str) -> str:
    """A target's words in the page's language when the translation lists the same targets, else the original's."""
    localized = doc.localized(lang).get("targets", [])
    return (localized if len(localized) == len(doc.meta["targets"]) else doc.meta["targets"])[i]["text"]


def targets(site: Site, data: Data, lang: str) -> tuple[str, list[Chart]]:
    """Each plan's targets with the results reported for them; the targets that have a figure drawn against their results."""
    t = translator(lang)
    plans = sorted((d for d in site.of_kind("plan") if d.meta.get("targets")), key=lambda d: (d.meta["date"], d.src), reverse=True)
    results: dict[tuple[str, int], dict] = {}
    for row in sorted(data.plans, key=lambda r: r.values["as_of"]):  # the latest report of a target wins
        results[row.values["plan"], row.values["target"]] = row.values
    parts = [f"## {t('results.targets')} {{#{TARGETS_ANCHOR}}}", "", t("results.targets_intro"), ""]
    drawn = []
    for doc in plans:
        stem = PurePosixPath(doc.src).stem
        meta = doc.localized(lang)
        parts += [f"### {doc_link(page_title('plan', meta, lang), doc, SRC, lang)}", "",
                  "| # | " + " | ".join(t(f"results.col.{c}") for c in ("target", "target_value", "result", "as_of", "source")) + " |", "|---|---|---|---|---|---|"]
        for i, target in enumerate(doc.meta["targets"], 1):
            result = results.get((stem, i))
            unit = target.get("unit", "")
            goal = f"{number(target['value'], lang)}{unit}" if "value" in target else ""
            got = f"{number(result['value'], lang)}{result.get('unit', '')}" if result else t("results.not_reported")
            parts.append(f"| {i} | {table_cell(_target_text(doc, i - 1, lang))} | {goal} | {got} | {_date(result['as_of'], lang) if result else ''} | "
                         f"{_source(result) if result else ''} |")
            if "value" in target:
                drawn.append((doc, stem, i, target, result))
        parts.append("")
    if not drawn:
        return "\n".join(parts), []
    title = t("results.targets_title")
    said = {}
    for doc, stem, i, target, result in drawn:
        unit = target.get("unit", "")
        got = f"{number(result['value'], lang)}{unit}" if result else t("results.not_reported")
        said[stem, i] = f"{got} / {number(target['value'], lang)}{unit}"
    label = {(stem, i): t("results.target_short").format(plan=plan_label(doc, lang), n=i) for doc, stem, i, _, _ in drawn}
    summary = t("results.targets_summary").format(count=len(drawn), measured=sum(1 for *_, r in drawn if r),
                                                  items="; ".join(f"{label[s, i]}: {said[s, i]}" for _, s, i, _, _ in drawn))
    maximum = {(s, i): 100.0 if tg.get("unit") == "%" else max(tg["value"], r["value"] if r else 0) or 1 for _, s, i, tg, r in drawn}
    chart = Chart("chi-tieu", title, summary,
                  [t(f"results.col.{c}") for c in ("plan", "target_no", "target", "target_value", "unit_of", "result", "as_of", "source", "source_url")],
                  [[plan_label(doc, lang), i, _target_text(doc, i - 1, lang), target["value"], target.get("unit", ""),
                    r["value"] if r else None, r["as_of"] if r else "", r["source_name"] if r else "", r.get("source_url", "") if r else ""]
                   for doc, stem, i, target, r in drawn],
                  [[table_cell(plan_label(doc, lang)), str(i), "", table_cell(f"{number(tg['value'], lang)}{tg.get('unit', '')}"), "",
                    table_cell(f"{number(r['value'], lang)}{tg.get('unit', '')}") if r else t("results.not_reported"), _date(r["as_of"], lang) if r else "", _source(r) if r else "", ""]
                   for doc, s, i, tg, r in drawn],
                  target_chart("chi-tieu", title, summary, [(label[s, i], tg["value"], r["value"] if r else None, maximum[s, i], said[s, i])
                                                             for _, s, i, tg, r in drawn], lang), (2, 4, 8))  # the words are in the plan's table above
    parts += [f"### {title}", "", chart.markdown(lang)]
    return "\n".join(parts), [chart]


def page_text(site: Site, data: Data, lang: str) -> tuple[str, list[Chart]]:
    t = translator(lang)
    charts: list[Chart] = []
    parts = [f"# {t('results.title')}", "", t("results.intro"), "", f"## {t('results.indices')}", "", t("results.era_note"), ""]
    for heading, index_charts_ in index_charts(data, lang):
        parts += [f"### {table_cell(heading)}", ""]
        for chart in index_charts_:
            parts += [f"#### {table_cell(chart.title)}", "", chart.markdown(lang)]
            charts.append(chart)
    missing = [name for name in INDICES if name not in {row.values["index"] for row in data.index}]
    if missing:
        parts += [t("results.no_index_data").format(names=", ".join(missing)), ""]
    for section in (catalogue(site, lang), targets(site, data, lang)):
        parts.append(section[0])
        charts += section[1]
    front = json.dumps({"title": t("results.title"), "description": t("results.description")}, ensure_ascii=False)
    return f"---\n{front}\n---\n\n" + "\n".join(parts) + "\n", charts


def pages(site: Site) -> list[GeneratedPage]:
    """The results page and the CSV of each chart, in each language; only on a site with something to report
    (figures in data/, plans with targets, or procedures, whose catalogue is in figures): a fork that keeps its
    procedures but empties data/ keeps the page the home page links to."""
    data = vars(site).get("results") or Data()
    if not (data.index or data.plans or site.of_kind("procedure") or any(d.meta.get("targets") for d in site.of_kind("plan"))):
        return []
    result: list[GeneratedPage] = []
    for lang in LANGUAGES:
        text, charts = page_text(site, data, lang)
        result.append(GeneratedPage(URL, lang, text))
        result += [DataFile(u, lang, body) for chart in charts for u, body in ((chart.svg_url, chart.svg), (chart.csv_url, chart.csv_text()))]
    return result
