"""Typed front matter turned into Markdown: the header and sections of articles, plans and procedures.

The sections are Markdown (not HTML added by the theme) so that the table of contents, search and the
print view include them. The wording lives in templates/*.md.j2 and translations/*.yml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from scripts.content import parse_date
from scripts.translations import term, translator
from scripts.vietnamese import format_date

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def tel_href(phone: str) -> str:
    """tel: link target for a number written the Vietnamese way (024.62933647 -> tel:02462933647)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def table_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")


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


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), undefined=jinja2.ChainableUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["cell"] = table_cell
    env.filters["tel"] = tel_href
    env.filters["replace_step_prefix"] = lambda step: re.sub(r"^(Bước|Step)\s*\d+\s*[:.]\s*", "", step)
    env.filters["groupby_case"] = _group_by_case
    env.filters["term"] = term
    return env


def render_page(kind: str, meta: dict, body: str, lang: str, links: dict | None = None, **context: Any) -> str:
    """The Markdown of a typed page: header and sections from the front matter around the editor's body.

    `links` maps references to URLs relative to the page (plan numbers, procedure codes) for the ones the
    site has; others are written as plain text.
    """
    template = _environment().get_template(f"{kind}.md.j2")
    return template.render(meta=meta, body=body, lang=lang, t=translator(lang), links=links or {},
                           date=lambda value: format_date(parse_date(value), lang),
                           **context)
