"""`make new`: a new article, plan or procedure file with its front matter filled in.

What the tool knows is filled (title, today's date, the slug, the unit from mkdocs.yml, this year); what only
the editor knows is a placeholder starting with «CẦN VIẾT» that says what to write, with an example from the
schema. `make check` refuses every placeholder left (file, line, field), so an unfinished file is never
published, and the error says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Callable

from scripts.model.content import Document, Problem, Site, schema
from scripts.model.sections import DEFAULT as DEFAULT_SECTIONS, KINDS, Sections
from scripts.pages.procedures import procedure_slug
from scripts.model.safety import front_matter_strings
from scripts.model.vietnamese import nfc, slugify

PLACEHOLDER = "CẦN VIẾT"
TITLE_FIELD = {"article": "title", "plan": "title", "procedure": "name"}


class ScaffoldError(Exception):
    """Why no file was written, said to the editor."""


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _placeholder(kind: str, name: str) -> str:
    """«CẦN VIẾT: <what the field is>. Ví dụ: <the schema's example>», quoted for YAML."""
    node = schema(kind)["properties"][name]
    examples = node.get("examples")
    example = f" Ví dụ: {examples[0]}" if examples and isinstance(examples[0], str) else ""
    return _quoted(f"{PLACEHOLDER}: {node['description']}{example}")


def front_matter(kind: str, title: str, today: dt.date, agency: dict, categories: list[str]) -> str:
    """The front matter and body of a new file of this kind, as text."""
    date = _quoted(today.isoformat())
    if kind == "article":
        lines = [f"title: {_quoted(title)}", f"date: {date}", f"author: {_quoted(agency.get('unit') or agency.get('name', ''))}",
                 f"# category: một trong {'; '.join(categories)}" if categories else "",
                 f"category: {_placeholder(kind, 'category')}",
                 f"summary: {_placeholder(kind, 'summary')}",
                 "# Tùy chọn (bỏ dấu # để dùng):",
                 "# tags: [một cửa, tuyên truyền]",
                 "# plans: [111/KH-UBND]",
                 '# procedures: ["1.001193"]',
                 "# image: {src: ../assets/images/ten-anh.jpg, alt: Mô tả nội dung ảnh}"]
        body = f"{PLACEHOLDER}: nội dung bài viết, mỗi đoạn cách nhau một dòng trống."
    elif kind == "plan":
        lines = ["# number: 111/KH-UBND  (số hiệu in trên văn bản; bỏ dấu # khi có)",
                 f"title: {_quoted(title)}", f"issuer: {_quoted(agency.get('name', ''))}",
                 f"date: {_placeholder(kind, 'date')}", f"year: {today.year}",
                 f"purpose: {_placeholder(kind, 'purpose')}",
                 "status: planned  # planned (sắp triển khai), active (đang thực hiện), completed (đã hoàn thành)",
                 "# tasks: [Nhiệm vụ thứ nhất, Nhiệm vụ thứ hai]"]
        body = f"{PLACEHOLDER}: tóm tắt kế hoạch (nội dung chính, phân công, thời gian)."
    elif kind == "procedure":
        lines = [f"code: {_placeholder(kind, 'code')}", f"name: {_quoted(title)}",
                 "level: commune  # commune (cấp xã) hoặc province (cấp tỉnh)",
                 f"field: {_placeholder(kind, 'field')}", f"agency: {_placeholder(kind, 'agency')}",
                 f"updated: {date}"]
        body = ""
    else:
        raise ScaffoldError(f"không có loại «{kind}»: chọn article, plan hoặc procedure.")
    return "---\n" + "\n".join(line for line in lines if line) + "\n---\n\n" + (body + "\n" if body else "")


def create(kind: str, title: str, docs_dir: Path, agency: dict, categories: list[str], today: dt.date | None = None,
           sections: Sections = DEFAULT_SECTIONS) -> Path:
    """Write the new file under docs/<its section's folder>/<slug>.md; never over an existing one."""
    title = nfc(" ".join(title.split()))  # a terminal may hand over decomposed (NFD) text
    if len(title) < 5:
        raise ScaffoldError(f"tiêu đề «{title}» quá ngắn. Ví dụ: make new TYPE={kind} TITLE=\"Phường tập huấn dịch vụ công trực tuyến\"")
    if kind not in KINDS:
        raise ScaffoldError(f"không có loại «{kind}»: chọn article, plan hoặc procedure.")
    # A procedure's file is named as the import names it, so that a later import updates this very file.
    path = docs_dir / sections[kind].folder / f"{procedure_slug(title) if kind == 'procedure' else slugify(title)}.md"
    if path.exists():
        raise ScaffoldError(f"đã có tệp {path}; không ghi đè. Sửa tệp đó, hoặc đặt một tiêu đề khác.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter(kind, title, today or dt.date.today(), agency, categories), encoding="utf-8")
    return path


def _placeholders(doc: Document, shown: str) -> list[Problem]:
    problems = []
    for path, value in front_matter_strings(doc.meta):
        if value.startswith(PLACEHOLDER):
            name = ".".join(map(str, path))
            problems.append(Problem(shown, doc.key_lines.get(path), name, f"còn chỗ «{PLACEHOLDER}» chưa viết. Cần: "
                                    f"{value[len(PLACEHOLDER) + 1:].strip().rstrip('.')}. Thay cả giá trị bằng nội dung thật.",
                                    "placeholder left from `make new`"))
    for index, line in enumerate(doc.body.split("\n")):
        if PLACEHOLDER in line:
            problems.append(Problem(shown, doc.body_line + index, None, f"còn chỗ «{PLACEHOLDER}» chưa viết. Cần: "
                                    f"{line.split(PLACEHOLDER, 1)[1].lstrip(': ').rstrip('.')}. Thay dòng này bằng nội dung thật.",
                                    "placeholder left from `make new`"))
    return problems


def with_placeholders(site: Site, problems: list[Problem], shown: Callable[[str], str]) -> list[Problem]:
    """`problems` with every «CẦN VIẾT» left in the content, which replaces other complaints about the same field
    (they would only repeat it)."""
    found = [p for doc in site.documents for p in _placeholders(doc, shown(doc.src))]
    filled_in = {(p.path, p.field) for p in found if p.field}
    return [p for p in problems if (p.path, p.field) not in filled_in] + found
