"""Typed front matter turned into Markdown: the header and sections of articles, plans and procedures.

The sections are Markdown (not HTML added by the theme) so that the table of contents, search and the
print view include them. The wording lives in templates/*.md.j2 and translations/*.yml.

Front-matter values are text, never Markdown or HTML: every value a template prints passes `text` (the
environment's `finalize`), which writes each character Markdown or HTML would act on as a character
reference, so that a title holding `{: onclick=… }`, `](javascript:…)` or `</title><script>` shows exactly
as written. Only what the project itself writes is marked safe to print as it is: the editor's body (which
the build sanitises as HTML), the translations, dates, and URLs that `url` has checked.

`labelled_cells` is the one step on the HTML these tables become: each cell names its column, for phones.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from scripts.model import schemas
from scripts.model.content import parse_date
from scripts.model.translations import term, translator
from scripts.model.vietnamese import format_date

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"


def tel_href(phone: str) -> str:
    """tel: link target for a number written the Vietnamese way (024.62933647 -> tel:02462933647)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


# Characters that start Markdown or HTML anywhere in a line, as character references: a browser shows the
# character, Markdown leaves the reference alone (also inside a table cell, a link text or a raw HTML block).
_INLINE_SYNTAX = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"\\`*_[]{}|#"})
# What starts a block only at the beginning of a line (list, quote, definition, admonition, fence, rule):
# the character after any leading digits, as a reference too.
_LINE_START = re.compile(r"^(\s?\d*)([-+:>!~=.)])")


def text(value: Any) -> str:
    """A front-matter value as Markdown that shows it as written: one line, nothing Markdown or HTML acts on."""
    line = re.sub(r"\s+", " ", str(value)).translate(_INLINE_SYNTAX)
    return _LINE_START.sub(lambda m: f"{m[1]}&#{ord(m[2])};", line, count=1)


def table_cell(value: Any) -> str:
    """The project's own Markdown (not a value) safe inside a table cell: CONTRIBUTING.md's field tables."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def url(value: Any) -> Markup:
    """A URL from front matter, checked before a template writes it into a link: http(s) or a path of the site,
    no spaces, quotes or brackets: the schemas' own definitions (web_url, site_path), so a bad one never reaches
    a build. What the context does not give (a page rendered for its anchors alone) prints nothing."""
    if isinstance(value, jinja2.Undefined):
        return Markup("")
    value = str(value).strip()
    if not (schemas.WEB_URL.fullmatch(value) or schemas.SITE_PATH.fullmatch(value)):
        raise ValueError(f"«{value}» is not a URL a page may link to")
    return Markup(value)


def plan_title(meta: dict, lang: str) -> str:
    """A plan page's title holds its number: "Kế hoạch 111/KH-UBND: …"; a plan without a number keeps its title."""
    if not meta.get("number"):
        return meta["title"]
    return f"{translator(lang)('plan.title_prefix')} {meta['number']}: {meta['title']}"


def page_title(kind: str, meta: dict, lang: str) -> str:
    """What a typed page is called: an article's title, a plan's title with its number, a procedure's name."""
    if kind == "plan":
        return plan_title(meta, lang)
    return meta["name"] if kind == "procedure" else meta["title"]


def _group_by_case(papers: list[dict]) -> list[tuple[str, list[dict]]]:
    """Dossier papers grouped by their case ("Trường hợp …"), in the order the cases first appear."""
    groups: dict[str, list[dict]] = {}
    for paper in papers:
        groups.setdefault(paper.get("case", ""), []).append(paper)
    return list(groups.items())


def _dossier_attachments(papers: list[dict] | None) -> list[dict]:
    """The files to download of all dossier rows, each once (a form two rows name is one download)."""
    found = {}
    for paper in papers or []:
        for item in paper.get("attachments", []):
            found.setdefault(item["file"], item)
    return list(found.values())


def _printed(value: Any) -> Any:
    """What `{{ … }}` prints: text, unless the project marked it safe (Markup)."""
    return value if isinstance(value, (Markup, int, float)) or value is None or isinstance(value, jinja2.Undefined) else text(value)


def _trusted(function):
    """A helper of the project whose result is Markdown the project wrote (translations, dates)."""
    return lambda *args, **kwargs: Markup(function(*args, **kwargs))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), undefined=jinja2.ChainableUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_printed)
    env.filters["cell"] = lambda value: Markup(text(value))  # in a table cell a value is text as anywhere (the pipe too)
    env.filters["url"] = url
    env.filters["tel"] = tel_href
    env.filters["replace_step_prefix"] = lambda step: re.sub(r"^(Bước|Step)\s*\d+\s*[:.]\s*", "", step)
    env.filters["groupby_case"] = _group_by_case
    env.filters["attachments"] = _dossier_attachments
    env.filters["term"] = term
    return env


def render_page(kind: str, meta: dict, body: str, lang: str, links: dict | None = None, **context: Any) -> str:
    """The Markdown of a typed page: header and sections from the front matter around the editor's body.

    `links` maps references to URLs relative to the page (plan numbers, procedure codes) for the ones the
    site has; others are written as plain text.
    """
    template = _environment().get_template(f"{kind}.md.j2")
    return template.render(meta=meta, body=Markup(body), lang=lang, t=_trusted(translator(lang)), links=links or {},
                           date=_trusted(lambda value: format_date(parse_date(value), lang)),
                           **context)


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEADER_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_DATA_CELL = re.compile(r"<td(?=[\s>])")


def labelled_cells(content_html: str) -> str:
    """Each body cell of a table carries its column's heading (`data-label`): on a phone the rows become
    cards (docs/assets/site.css) that say what each value is. Run on the sanitised HTML, from its own headings."""
    def table(match: re.Match) -> str:
        inner = match.group(1)
        labels = [html.escape(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip(), quote=True) for cell in _HEADER_CELL.findall(inner)]
        if not labels:
            return match.group(0)

        def row(found: re.Match) -> str:
            cells = iter(labels)
            return "<tr>" + _DATA_CELL.sub(lambda _: f'<td data-label="{next(cells, "")}"', found.group(1)) + "</tr>"

        return "<table>" + _BODY.sub(lambda body: "<tbody>" + _ROW.sub(row, body.group(1)) + "</tbody>", inner) + "</table>"
    return _TABLE.sub(table, content_html)
