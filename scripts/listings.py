"""Listings written into pages where an editor puts a marker such as `<!-- cchc:articles limit=5 -->`.

A marker names one listing; an unknown name or option is an error that names the file and line, so a typo
never publishes an empty section.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

from scripts.content import Document, Problem, Site, parse_date
from scripts.render import plan_title, table_cell
from scripts.translations import translator
from scripts.vietnamese import format_date, sort_vietnamese

MARKER = re.compile(r"<!--\s*cchc:(?P<name>[\w-]+)(?P<options>(?:\s+[\w-]+=[\w-]+)*)\s*-->")


def _options(text: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in text.split())


def _link(target: Document, here: str) -> str:
    return posixpath.relpath(target.src, posixpath.dirname(here) or ".")


def articles(site: Site, here: str, lang: str, limit: str | None = None) -> str:
    """Newest first: date, linked title, summary."""
    items = sorted(site.of_kind("article"), key=lambda d: (d.meta["date"], d.src), reverse=True)
    lines = []
    for doc in items[: int(limit) if limit else None]:
        meta = doc.localized(lang)
        when = format_date(parse_date(meta["date"]), lang)
        lines.append(f"- <time datetime=\"{meta['date']}\">{when}</time> · [{meta['title']}]({_link(doc, here)})  \n  {meta['summary']}")
    return "\n".join(lines)


def plans(site: Site, here: str, lang: str) -> str:
    """Every plan, newest first, as a table: number and title, issuer, date, status."""
    t = translator(lang)
    rows = [f"| {t('plan.title_prefix')} | {t('plan.issuer')} | {t('plan.date')} | {t('plan.status')} |", "|---|---|---|---|"]
    for doc in sorted(site.of_kind("plan"), key=lambda d: (d.meta["date"], d.src), reverse=True):
        meta = doc.localized(lang)
        rows.append(f"| [{table_cell(plan_title(meta, lang))}]({_link(doc, here)}) | {table_cell(meta['issuer'])} | "
                    f"{format_date(parse_date(meta['date']), lang)} | {t('plan.status.' + meta['status'])} |")
    return "\n".join(rows)


def procedures(site: Site, here: str, lang: str) -> str:
    """Procedures grouped by field, both in Vietnamese alphabetical order."""
    t = translator(lang)
    by_field: dict[str, list[Document]] = {}
    for doc in site.of_kind("procedure"):
        by_field.setdefault(doc.meta["field"], []).append(doc)
    parts = []
    for field in sort_vietnamese(by_field):
        parts.append(f"### {field}\n")
        for doc in sort_vietnamese(by_field[field], key=lambda d: d.meta["name"]):
            meta = doc.localized(lang)
            parts.append(f"- [{meta['name']}]({_link(doc, here)}) · {meta['code']} · {t('procedure.level.' + meta['level'])}")
        parts.append("")
    return "\n".join(parts)


LISTINGS: dict[str, Callable[..., str]] = {"articles": articles, "plans": plans, "procedures": procedures}
OPTIONS = {"articles": {"limit"}, "plans": set(), "procedures": set()}


def marker_problems(site: Site, shown: Callable[[str], str] = lambda src: f"docs/{src}") -> list[Problem]:
    """Markers that name no listing, or an option the listing does not take."""
    problems = []
    for doc in site.documents:
        for match in MARKER.finditer(doc.body):
            line = doc.body_line + doc.body.count("\n", 0, match.start())
            name, options = match["name"], _options(match["options"])
            if name not in LISTINGS:
                problems.append(Problem(shown(doc.src), line, None, f"dấu hiệu «cchc:{name}» không có. Các dấu hiệu dùng được: "
                                        f"{', '.join('cchc:' + n for n in LISTINGS)}.", "unknown listing marker"))
            elif set(options) - OPTIONS[name]:
                problems.append(Problem(shown(doc.src), line, None, f"«cchc:{name}» không nhận tùy chọn {', '.join(sorted(set(options) - OPTIONS[name]))}.",
                                        "unknown marker option"))
    return problems


def expand_markers(markdown: str, site: Site, here: str, lang: str) -> str:
    """The page's Markdown with each marker replaced by its listing (markers were checked before the build)."""
    return MARKER.sub(lambda m: LISTINGS[m["name"]](site, here, lang, **_options(m["options"])), markdown)
