"""Forms typeset afresh from the legal texts that publish them: data/forms/<name>.yml -> docs/tai-lieu/<name>.docx.

Each form's words are kept as plain data (schemas/data/form.schema.json): the circular that publishes it, and
its body as a list of blocks (the national heading, a title, lines with dotted leaders to fill in, rows of
boxes for an identity number, boxes for photographs, tables, signature blocks, notes). `make forms` writes each as a Word document
with a small writer of its own (a DOCX is zipped XML): no dependency, and the same data always gives the same
bytes (fixed zip dates, order and compression), so the produced files are committed and the site build needs
nothing more. `make check` validates the data like content and reports a committed file that no longer
matches its data.

Inline marks in a block's text: **bold**, *italic*, and {N} for the superscript note mark "(N)".
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from scripts.model.content import DEFAULT_LANGUAGE, Problem, data_file, read_data_file
from scripts.pages.offline import zip_info
from scripts.model.vietnamese import format_date

FORMS_DIR = "forms"  # data/forms/ beside docs/
OUTPUT_DIR = "tai-lieu"  # docs/tai-lieu/: files to download
SCHEMA = "data/form"

# A4 with the margins of Vietnamese administrative documents (top and bottom 2 cm, left 3 cm, right 2 cm), in twips.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 1134, 1134, 1134, 1701
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY, SMALL, TINY, TITLE = 26, 22, 20, 28  # font sizes in half points: 13, 11, 10 and 14 pt
FILL = 14  # room to write after a label on a line of several, in characters
BOX = 397  # a box for one digit: 7 mm
CELL_MARGIN = 85  # left and right, in every table cell (styles.xml)
ROW = 454  # a table row to write in by hand: 8 mm
PHOTO_WIDTH, PHOTO_HEIGHT = 1701, 2268  # a box for a 3 × 4 cm photograph
CHECKBOX = "\u25a1"  # □, a glyph of Times New Roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MARK = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\{(\d+)\}")


@dataclass(frozen=True)
class Form:
    name: str  # data/forms/<name>.yml, docs/tai-lieu/<name>.docx
    data: dict

    @property
    def output(self) -> str:
        """The file under docs/ it is written to."""
        return f"{OUTPUT_DIR}/{self.name}.docx"


# --- Word XML ----------------------------------------------------------------------------------------

def _runs(text: str, size: int | None = None, bold: bool = False, italic: bool = False, underline: bool = False) -> str:
    """The runs of a text with its inline marks (a note mark may stand inside bold or italic text)."""
    runs, at = [], 0
    for match in _MARK.finditer(text):
        runs.append(_run(text[at:match.start()], size, bold, italic, underline))
        if match[3]:
            runs.append(_run(f"({match[3]})", size, bold, italic, underline, superscript=True))
        else:
            runs.append(_runs(match[1] or match[2], size, bold or match[1] is not None, italic or match[2] is not None, underline))
        at = match.end()
    return "".join(runs) + _run(text[at:], size, bold, italic, underline)


def _run(words: str, size: int | None, bold: bool, italic: bool, underline: bool, superscript: bool = False) -> str:
    if not words:
        return ""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    props += '<w:u w:val="single"/>' if underline else ""
    props += '<w:vertAlign w:val="superscript"/>' if superscript else ""
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{escape(words)}</w:t></w:r>'


def _paragraph(content: str = "", align: str | None = None, indent: int = 0, tabs: str = "", before: int | None = None,
               after: int | None = None, keep_next: bool = False) -> str:
    props = ("<w:keepNext/>" if keep_next else "") + (f"<w:tabs>{tabs}</w:tabs>" if tabs else "")
    if before is not None or after is not None:
        props += "<w:spacing" + (f' w:before="{before}"' if before is not None else "") + (f' w:after="{after}"' if after is not None else "") + "/>"
    props += f'<w:ind w:left="{indent}"/>' if indent else ""
    props += f'<w:jc w:val="{align}"/>' if align else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{content}</w:p>"


def _leaders(labels: list[str], indent: int, line: int = TEXT_WIDTH, size: int = BODY) -> str:
    """One line of labels, each followed by a dotted leader to the start of the next: what a reader fills in. Each
    label's share of the line grows with its length, so that a long label still leaves room to write."""
    width = line - indent
    weights = [len(_MARK.sub("(0)", label)) + FILL for label in labels]
    stops = [indent + width * sum(weights[:i + 1]) // sum(weights) for i in range(len(labels))]
    # dots up to where the next label starts (a left stop); the last ones end at the line's end (a right stop)
    tabs = "".join(f'<w:tab w:val="{"right" if stop == stops[-1] else "left"}" w:leader="dot" w:pos="{stop}"/>' for stop in stops)
    content = "".join(_runs((" " if i else "") + label + (" " if label else ""), size) + "<w:r><w:tab/></w:r>" for i, label in enumerate(labels))
    return _paragraph(content, indent=indent, tabs=tabs)


def _spacer() -> str:
    """The thinnest paragraph: Word needs one after a table (at the end of a cell, between two tables)."""
    return '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'


TABLE_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
CELL_SIDES = ("top", "left", "bottom", "right")


def _borders(value: str, sides: tuple[str, ...] = TABLE_SIDES) -> str:
    return "".join(f'<w:{side} w:val="{value}" w:sz="4" w:space="0" w:color="000000"/>' for side in sides)


def _table(rows: list[list[str]], widths: list[int], bordered: bool = True, heights: list[int | None] | None = None,
           header_rows: int = 0, align: str = "center") -> str:
    """A table of fixed column widths; each cell is a list of paragraphs already written."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    body = []
    for number, row in enumerate(rows):
        height = (heights or [None] * len(rows))[number]
        props = ("<w:tblHeader/>" if number < header_rows else "") + (f'<w:trHeight w:val="{height}"/>' if height else "")
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="{"center" if bordered else "top"}"/></w:tcPr>'
                        f"{cell or _paragraph()}</w:tc>" for cell, width in zip(row, widths))
        body.append(f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{cells}</w:tr>")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="{align}"/>'
            f'<w:tblBorders>{_borders("single" if bordered else "none")}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>" + _spacer())


def _scaled(widths: list[int] | None, count: int, total: int = TEXT_WIDTH) -> list[int]:
    """Column widths in proportion to those given (equal when none), filling the line."""
    widths = widths or [1] * count
    scaled = [total * w // sum(widths) for w in widths]
    scaled[-1] += total - sum(scaled)
    return scaled


def _block(block: dict, line: int = TEXT_WIDTH) -> str:
    """The Word XML of one block of a form's body, on a line `line` twips wide (narrower inside a frame)."""
    indent = 567 * block.get("indent", 0)  # 1 cm a step
    if block.get("national"):
        return (_paragraph(_runs("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BODY, bold=True), "center", before=120, after=0)
                + _paragraph(_runs("Độc lập - Tự do - Hạnh phúc", TITLE, bold=True, underline=True), "center", before=0, after=240))
    if "title" in block:
        return _paragraph(_runs(block["title"], TITLE, bold=True), "center", before=240, after=120, keep_next=True)
    if "center" in block:
        return _paragraph(_runs(block["center"], BODY), "center", indent=indent)
    if "date_line" in block:
        return _paragraph(_runs(block["date_line"], BODY, italic=True), "right")
    if "text" in block:  # a text ending in a colon introduces what follows: kept on its page
        return _paragraph(_runs(block["text"], BODY), "both", indent=indent, keep_next=block["text"].rstrip("*").endswith(":"))
    if "fields" in block:
        return _leaders(block["fields"], indent, line)
    if "dots" in block:
        return "".join(_leaders([""], indent, line) for _ in range(block["dots"]))
    if "checkboxes" in block:
        return _paragraph(_runs("      ".join(f"{CHECKBOX} {choice}" for choice in block["checkboxes"]), BODY), indent=indent)
    if "boxes" in block:
        label, count = block["boxes"]["label"], block["boxes"]["count"]
        widths = [line - indent - count * BOX] + [BOX] * count
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        # the label in a cell without borders, then one bordered cell a digit
        digits = (f'<w:tc><w:tcPr><w:tcW w:w="{BOX}" w:type="dxa"/><w:tcBorders>{_borders("single", CELL_SIDES)}</w:tcBorders></w:tcPr>'
                  f"{_paragraph()}</w:tc>") * count
        return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="{indent}" w:type="dxa"/>'
                f'<w:tblBorders>{_borders("none")}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
                f'<w:tr><w:trPr><w:trHeight w:val="{BOX}"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{widths[0]}" w:type="dxa"/>'
                f'<w:vAlign w:val="center"/></w:tcPr>{_paragraph(_runs(label, BODY), before=0, after=0)}</w:tc>{digits}</w:tr></w:tbl>'
                + _spacer())
    if "photos" in block:
        # a bordered box a photograph, borderless room between them: two boxes stand at the line's two ends
        marks = block["photos"]
        room = (line - indent - len(marks) * PHOTO_WIDTH) // max(len(marks) - 1, 1)
        widths = [width for index in range(len(marks)) for width in ([room] if index else []) + [PHOTO_WIDTH]]
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        box = (lambda mark: f'<w:tc><w:tcPr><w:tcW w:w="{PHOTO_WIDTH}" w:type="dxa"/><w:tcBorders>{_borders("single", CELL_SIDES)}'
               f'</w:tcBorders><w:vAlign w:val="center"/></w:tcPr>{_paragraph(_runs(mark, SMALL), "center", before=0, after=0)}</w:tc>')
        gap = f'<w:tc><w:tcPr><w:tcW w:w="{room}" w:type="dxa"/></w:tcPr>{_paragraph()}</w:tc>'
        cells = gap.join(box(mark) for mark in marks)
        return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{_borders("none")}'
                f'</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
                f'<w:tr><w:trPr><w:trHeight w:val="{PHOTO_HEIGHT}" w:hRule="exact"/></w:trPr>{cells}</w:tr></w:tbl>' + _spacer())
    if "table" in block:
        spec = block["table"]
        columns, labels = spec["columns"], spec.get("labels", [])
        widths = _scaled(spec.get("widths"), len(columns), line - indent)
        head = [_paragraph(_runs(column, SMALL, bold=True), "center", before=0, after=0) for column in columns]
        rows = [head]
        if spec.get("numbered"):
            rows.append([_paragraph(_runs(str(number), SMALL), "center", before=0, after=0) for number in range(1, len(columns) + 1)])
        # the form's words in the first column of the rows to fill in, where it has them
        rows += [[_paragraph(_runs(labels[number], BODY), before=0, after=0) if number < len(labels) else ""] + [""] * (len(columns) - 1)
                 for number in range(spec["rows"])]
        heights = [None] * (len(rows) - spec["rows"]) + [ROW] * spec["rows"]
        return _table(rows, widths, heights=heights, header_rows=len(rows) - spec["rows"])
    if "frame" in block:
        inner = "".join(_block(item, line - indent - 2 * CELL_MARGIN) for item in block["frame"])
        return _table([[inner]], [line - indent])
    if "signatures" in block:
        columns = block["signatures"]
        size = BODY if len(columns) < 3 else SMALL if len(columns) < 4 else TINY
        cells = ["".join(_paragraph(_runs(text, size), "center", before=0, after=0) for text in column) for column in columns]
        return _table([cells], _scaled(None, len(columns), line), bordered=False)
    if "notes" in block:
        notes = block["notes"]
        return (_paragraph(_runs(notes["heading"], SMALL, bold=True), before=240, keep_next=True)
                + "".join(_paragraph(_runs(item, SMALL), "both", before=0, after=40) for item in notes["items"]))
    if block.get("page_break"):
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    raise ValueError(f"unknown block {sorted(block)}")  # the schema admits no other


def circular_line(source: dict) -> str:
    """"Mẫu CT01 ban hành kèm theo Thông tư số 116/2026/TT-BCA ngày 29/06/2026 của Bộ trưởng Bộ Công an": printed at the
    top of every form (the date only where a public source gives it)."""
    date = f" ngày {format_date(dt.date.fromisoformat(source['date']), DEFAULT_LANGUAGE)}" if source.get("date") else ""
    return f"{source['form']} ban hành kèm theo {source['kind']} số {source['number']}{date} của {source['issuer']}"


def document_xml(form: Form) -> str:
    header = _paragraph(_runs(circular_line(form.data["source"]), SMALL, italic=True), "right", before=0, after=120)
    body = header + "".join(_block(block) for block in form.data["body"])
    section = (f'<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" '
               f'w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>{body}{section}</w:body></w:document>'


_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                  '</Types>')
_PACKAGE_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                 '</Relationships>')
_DOCUMENT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                  '</Relationships>')
_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
           '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>'
           f'<w:sz w:val="{BODY}"/><w:szCs w:val="{BODY}"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN"/></w:rPr></w:rPrDefault>'
           '<w:pPrDefault><w:pPr><w:spacing w:before="60" w:after="0" w:line="252" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
           '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr>'
           f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
           f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>')


def core_xml(form: Form) -> str:
    """The document's title, subject (the circular) and language; no dates, so that the bytes never change by themselves."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(form.data['title'])}</dc:title><dc:subject>{escape(circular_line(form.data['source']))}</dc:subject>"
            "<dc:language>vi-VN</dc:language></cp:coreProperties>")


def docx(form: Form) -> bytes:
    """The form as a Word document, byte for byte the same for the same data."""
    parts = [("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _PACKAGE_RELS), ("docProps/core.xml", core_xml(form)),
             ("word/_rels/document.xml.rels", _DOCUMENT_RELS), ("word/document.xml", document_xml(form)), ("word/styles.xml", _STYLES)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts:
            archive.writestr(zip_info(name), text.encode("utf-8"), compresslevel=9)
    return buffer.getvalue()


# --- the data ----------------------------------------------------------------------------------------

def load(docs_dir: Path, prefix: str = "docs") -> tuple[list[Form], list[Problem]]:
    """Every form of data/forms/ (beside docs/) that reads and validates, and every problem of every file."""
    folder, _ = data_file(docs_dir, prefix, FORMS_DIR)
    forms, problems = [], []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        _, shown = data_file(docs_dir, prefix, f"{FORMS_DIR}/{path.name}")
        data, lines, found = read_data_file(path, shown, SCHEMA)
        found = found or _block_problems(data.get("body", []), ("body",), shown, lines)
        problems += found
        if data and not found:
            forms.append(Form(path.stem, data))
    return forms, problems


def _block_problems(blocks: list[dict], key: tuple, shown: str, lines: dict[tuple, int]) -> list[Problem]:
    """A block is one thing (a title, a line to fill in…), `indent` aside: the schema cannot say so by itself."""
    found = []
    for index, block in enumerate(blocks):
        kinds = sorted(set(block) - {"indent"})
        if len(kinds) != 1:
            found.append(Problem(shown, lines.get(key + (index,)), ".".join(map(str, key + (index,))),
                                 f"mỗi khối là một loại (title, text, fields…), khối này có {len(kinds)}: {', '.join(kinds) or 'không có'}. "
                                 "Tách thành nhiều khối, mỗi khối một dòng bắt đầu bằng «- ».", "a block must be one kind"))
        elif kinds == ["frame"]:
            found += _block_problems(block["frame"], key + (index, "frame"), shown, lines)
        elif kinds == ["table"] and len(block["table"].get("labels", [])) > block["table"]["rows"]:
            spec = block["table"]
            found.append(Problem(shown, lines.get(key + (index, "table", "labels")), ".".join(map(str, key + (index, "table", "labels"))),
                                 f"bảng có {spec['rows']} dòng để điền nhưng {len(spec['labels'])} chữ ở cột đầu; ghi «rows» bằng số chữ, "
                                 "hoặc bớt chữ.", "more labels than rows"))
    return found


def write(docs_dir: Path) -> list[Path]:
    """`make forms`: write every form into docs/tai-lieu/; the paths written (only those whose bytes changed)."""
    forms, problems = load(docs_dir)
    if problems:
        raise ValueError("\n".join(map(str, problems)))
    written = []
    for form in forms:
        path, content = docs_dir / form.output, docx(form)
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
    return written


def problems(docs_dir: Path, prefix: str = "docs") -> list[Problem]:
    """Every problem of the forms' data, and each produced file that is missing or no longer matches its data."""
    forms, found = load(docs_dir, prefix)
    for form in forms:
        path = docs_dir / form.output
        if not path.is_file() or path.read_bytes() != docx(form):
            _, shown = data_file(docs_dir, prefix, f"{FORMS_DIR}/{form.name}.yml")
            state = "chưa có" if not path.is_file() else "không còn khớp với dữ liệu của nó"
            found.append(Problem(shown, None, None, f"tệp {prefix}/{form.output} {state}. Chạy «make forms» để soạn lại tệp từ dữ liệu "
                                 "rồi đưa tệp mới vào đề nghị thay đổi.", "produced form out of date"))
    return found
