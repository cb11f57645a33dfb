"""Listings written into pages where an editor puts a marker such as `<!-- cchc:articles limit=5 -->`.

A marker names one listing; an unknown name or option is an error that names the file and line, so a typo
never publishes an empty section.
"""

from __future__ import annotations

import re
from typing import Callable

from scripts.pages import agency, news, plans as plan_model, procedures as procedure_pages
from scripts.model.content import Problem, Site

MARKER = re.compile(r"<!--\s*cchc:(?P<name>[\w-]+)(?P<options>(?:\s+[\w-]+=[\w-]+)*)\s*-->")


def _options(text: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in text.split())


def articles(site: Site, here: str, lang: str, limit: str | None = None) -> str:
    """Newest first: date, linked title, summary."""
    return news.article_list(news.newest_first(site)[: int(limit) if limit else None], here, lang)


def news_index(site: Site, here: str, lang: str) -> str:
    """The first page of the news: newest articles, page links, archive, category and tag links."""
    return news.listing(site, news.newest_first(site), 1, here, lang)


def plans(site: Site, here: str, lang: str) -> str:
    """The plan register: every plan with number, issuer, date and status, grouped by year."""
    return plan_model.register_by_year(site, here, lang)


def procedures(site: Site, here: str, lang: str) -> str:
    """The procedure index: count, filter, every procedure, links to the pages per field, level, agency, online level."""
    return procedure_pages.index_listing(site, here, lang)


def offices(site: Site, here: str, lang: str, map: str = "yes") -> str:
    """Where readers hand in papers: each office of mkdocs.yml with address, hours, phone and (map=no: without) map link."""
    return agency.office_cards(site, lang, with_map=map != "no")


def lookup(site: Site, here: str, lang: str) -> str:
    """The home page's lookup block: search box, most used procedures, call buttons, hours, national portal links."""
    return agency.lookup(site, here, lang)


LISTINGS: dict[str, Callable[..., str]] = {"articles": articles, "news": news_index, "plans": plans, "procedures": procedures, "offices": offices, "lookup": lookup}
OPTIONS = {"articles": {"limit"}, "news": set(), "plans": set(), "procedures": set(), "offices": {"map"}, "lookup": set()}


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
                allowed = ", ".join(sorted(OPTIONS[name])) or "không có"
                problems.append(Problem(shown(doc.src), line, None, f"«cchc:{name}» không nhận tùy chọn {', '.join(sorted(set(options) - OPTIONS[name]))}. "
                                        f"Xóa tùy chọn đó (tùy chọn dùng được: {allowed}).", "unknown marker option"))
            elif "limit" in options and not (options["limit"].isdigit() and int(options["limit"]) > 0):
                problems.append(Problem(shown(doc.src), line, None, f"«cchc:{name}»: limit={options['limit']} phải là một số nguyên dương, "
                                        f"ví dụ «<!-- cchc:{name} limit=5 -->».", "limit is not a positive whole number"))
            elif options.get("map", "yes") not in ("yes", "no"):
                problems.append(Problem(shown(doc.src), line, None, f"«cchc:{name}»: map={options['map']} chỉ nhận yes hoặc no, "
                                        f"ví dụ «<!-- cchc:{name} map=no -->» (không kèm đường dẫn bản đồ).", "map is neither yes nor no"))
    return problems


def expand_markers(markdown: str, site: Site, here: str, lang: str) -> str:
    """The page's Markdown with each marker replaced by its listing (markers were checked before the build)."""
    return MARKER.sub(lambda m: LISTINGS[m["name"]](site, here, lang, **_options(m["options"])), markdown)
