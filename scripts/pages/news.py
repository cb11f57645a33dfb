"""News as readers of the legacy portals move through it: newest first in pages, by date ("Xem theo ngày"),
by category and tag, newer and older ("Tin mới hơn", "Tin đã đưa"), related articles, and a feed.

Material's blog plugin does not work with mkdocs-static-i18n (posts are lost from the build, both languages'
categories land in one blog: ultrabug/mkdocs-static-i18n#283), so these pages are generated here.
Tags are identified by the Vietnamese tag (its slug is the URL in both languages); the English side shows
the translation's tag at the same position when the translation lists as many tags.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import posixpath
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from dataclasses import dataclass


from scripts.model.content import DEFAULT_LANGUAGE, LANGUAGES, Document, Site, parse_date
from scripts.model.sections import Sections
from scripts.model.generated import GeneratedPage, listing_page, page_src
from scripts.model.pagelinks import doc_link, link_text, other_language, relative

from scripts.model.render import text
from scripts.model.translations import translator
from scripts.model.vietnamese import format_date, slugify, sort_vietnamese

FEED_SIZE = 20
RELATED = 3
FEED = "feed.xml"  # in the section's folder
VIETNAM = dt.timezone(dt.timedelta(hours=7))

# --- order and lookups ------------------------------------------------------------------------------

@dataclass
class Articles:
    """The site's articles newest first, and who shares what: made once per build (scripts/build/site.py), not once per page."""

    ordered: list[Document]
    position: dict[str, int]
    by_key: dict[tuple[str, str], list[Document]]  # ("plan", number) / ("tag", tag) / ("category", name) -> articles, newest first
    day: dict[str, int]  # src -> date as a day number

    @classmethod
    def of(cls, site: Site) -> "Articles":
        ordered = newest_first(site)
        by_key: dict[tuple[str, str], list[Document]] = {}
        for doc in ordered:
            for key in _shared_keys(doc):
                by_key.setdefault(key, []).append(doc)
        return cls(ordered, {d.src: i for i, d in enumerate(ordered)}, by_key,
                   {d.src: parse_date(d.meta["date"]).toordinal() for d in ordered})


def _shared_keys(doc: Document) -> list[tuple[str, str]]:
    return [*(("plan", p) for p in doc.meta.get("plans", [])), *(("tag", t) for t in doc.meta.get("tags", [])),
            ("category", doc.meta["category"])]


def newest_first(site: Site) -> list[Document]:
    """Every article, newest first (same date: by file name, so the order is stable)."""
    return sorted(site.of_kind("article"), key=lambda d: (d.meta["date"], d.src), reverse=True)


def tags(doc: Document, lang: str) -> list[tuple[str, str]]:
    """(slug, label) of each tag of an article in one language."""
    original = doc.meta.get("tags", [])
    shown = doc.localized(lang).get("tags", original)
    labels = shown if len(shown) == len(original) else original
    return [(slugify(tag), label) for tag, label in zip(original, labels)]


def listing_url(site: Site, number: int) -> str:
    """The URL path of one page of the news listing: tin-tuc/, tin-tuc/trang/2/ …"""
    section = site.sections.article
    return section.url if number == 1 else f"{section.page('pages')}{number}/"


def listing_src(site: Site, number: int) -> str:
    """Page 1 is the section's index page (marker `cchc:news`); a site without one gets it generated."""
    if number == 1 and site.sections.article.index in site.by_src:
        return site.sections.article.index
    return page_src(listing_url(site, number))


# --- Markdown pieces --------------------------------------------------------------------------------

def article_list(docs: list[Document], here: str, lang: str) -> str:
    """Date, linked title and summary of each article, in the order given."""
    lines = ['<div class="cchc-news" markdown>', ""]
    for doc in docs:
        meta = doc.localized(lang)
        when = format_date(parse_date(meta["date"]), lang)
        foreign = other_language(doc, lang)
        summary = f'<span lang="{foreign}">{text(meta["summary"])}</span>' if foreign else text(meta["summary"])
        # the article's own picture beside it, decorative (the linked title says what it is), loaded when scrolled to
        picture = (f"![]({relative(posixpath.normpath(posixpath.join(posixpath.dirname(doc.src), meta['image']['src'])), here)})"
                   '{ .cchc-news__image loading="lazy" }' if meta.get("image") else "")
        lines.append(f"- {picture}<time datetime=\"{meta['date']}\">{when}</time> · {doc_link(meta['title'], doc, here, lang)}  \n  {summary}")
    return "\n".join([*lines, "", "</div>"])


def pager(site: Site, number: int, count: int, here: str, lang: str) -> str:
    """Links to the newer and older listing page and to every page, rel prev/next on the neighbours."""
    if count <= 1:
        return ""
    t = translator(lang)
    links = []
    if number > 1:
        links.append(f"[{t('news.newer_page')}]({relative(listing_src(site, number - 1), here)}){{rel=prev}}")
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})  # a window, not 100 links
    for previous, other in zip([0, *shown], shown):
        if other - previous > 1:
            links.append("…")
        links.append(f"**{other}**{{aria-current=page}}" if other == number else f"[{other}]({relative(listing_src(site, other), here)})")
    if number < count:
        links.append(f"[{t('news.older_page')}]({relative(listing_src(site, number + 1), here)}){{rel=next}}")
    return f'<nav class="cchc-pager" aria-label="{t("news.pages")}" markdown>\n\n' + " ".join(links) + "\n\n</nav>"


def browse_links(site: Site, here: str, lang: str) -> str:
    """The ways through the news besides the pages: by date, category, tag (and the feed, on the news index)."""
    t, section = translator(lang), site.sections.article
    # The feed is no Markdown page, so MkDocs cannot rewrite a link to it: only the news index, whose URL
    # sits in the section's folder with and without directory URLs, links it relatively.
    feed = f' · <a href="{FEED}" type="application/rss+xml">{t("news.feed")}</a>' if here.startswith(section.url + "index.") else ""
    return (f'<p class="cchc-browse" markdown>[{t("news.archive")}]({relative(page_src(section.page("archive")), here)}) · '
            f'[{t("news.categories")}]({relative(page_src(section.page("categories")), here)}) · '
            f'[{t("news.tags")}]({relative(page_src(section.page("tags")), here)}){feed}</p>')


def listing(site: Site, ordered: list[Document], number: int, here: str, lang: str) -> str:
    """One page of the news listing (page 1 is the news index page, through the `cchc:news` marker); `ordered`: the
    articles newest first."""
    if not ordered:  # a new site: no archive, category or tag pages are made to link to (scripts/pages/news.py pages)
        return translator(lang)("news.none")
    size = site.news_per_page
    count = max(1, -(-len(ordered) // size))
    chunk = ordered[(number - 1) * size: number * size]
    return "\n\n".join(part for part in (browse_links(site, here, lang), article_list(chunk, here, lang), pager(site, number, count, here, lang)) if part)


def month_name(year: int, month: int, lang: str) -> str:
    """"tháng 3/2021" or "March 2021", to go inside a sentence ("Tin tháng 3/2021")."""
    if lang == DEFAULT_LANGUAGE:
        return f"tháng {month}/{year}"
    return format_date(dt.date(year, month, 1), lang).split(" ", 1)[1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _archive_pages(archive: str, ordered: list[Document], lang: str) -> list[GeneratedPage]:
    """The archive's index (archive: its URL path), a page per year and one per month."""
    t = translator(lang)
    by_month: dict[tuple[int, int], list[Document]] = {}
    for doc in ordered:
        day = parse_date(doc.meta["date"])
        by_month.setdefault((day.year, day.month), []).append(doc)
    years = sorted({year for year, _ in by_month}, reverse=True)
    pages, index_lines = [], []
    index_src = page_src(archive)
    for year in years:
        year_url = f"{archive}{year}/"
        months = sorted((m for y, m in by_month if y == year), reverse=True)
        year_docs = [d for m in months for d in by_month[(year, m)]]
        month_links = [f"[{_capital(month_name(year, m, lang))}]({relative(page_src(f'{year_url}{m:02d}/'), index_src)}) ({len(by_month[(year, m)])})" for m in months]
        index_lines.append(f"- **[{year}]({relative(page_src(year_url), index_src)})** ({len(year_docs)}): " + " · ".join(month_links))
        year_src = page_src(year_url)
        month_nav = " · ".join(f"[{_capital(month_name(year, m, lang))}]({relative(page_src(f'{year_url}{m:02d}/'), year_src)})" for m in months)
        pages.append(listing_page(year_url, lang, t("news.archive_year").format(year=year),
                           f"[{t('news.archive')}]({relative(index_src, year_src)}) · {month_nav}\n\n{article_list(year_docs, year_src, lang)}"))
        for month in months:
            month_url = f"{year_url}{month:02d}/"
            month_src = page_src(month_url)
            pages.append(listing_page(month_url, lang, t("news.archive_month").format(month=month_name(year, month, lang)),
                               f"[{t('news.archive')}]({relative(index_src, month_src)}) · [{year}]({relative(year_src, month_src)})\n\n"
                               f"{article_list(by_month[(year, month)], month_src, lang)}"))
    pages.append(listing_page(archive, lang, t("news.archive"), "\n".join(index_lines)))
    return pages


def _grouped_pages(site: Site, lang: str, root: str, title: str, prefix: str, groups: dict[str, tuple[str, list[Document]]]) -> list[GeneratedPage]:
    """An index of groups (categories or tags) with counts, and one page per group."""
    index_src = page_src(root)
    pages, lines = [], []
    for slug in sort_vietnamese(groups, key=lambda s: groups[s][0]):
        label, docs = groups[slug]
        url = f"{root}{slug}/"
        src = page_src(url)
        lines.append(f"- [{link_text(label)}]({relative(src, index_src)}) ({len(docs)})")
        pages.append(listing_page(url, lang, f"{prefix}: {label}", f"[{title}]({relative(index_src, src)})\n\n{article_list(docs, src, lang)}"))
    pages.append(listing_page(root, lang, title, "\n".join(lines)))
    return pages


def pages(site: Site) -> list[GeneratedPage]:
    """Listing pages 2 and on, archives, categories and tags, in every language."""
    ordered = newest_first(site)
    if not ordered:
        return []
    result, section = [], site.sections.article
    count = -(-len(ordered) // site.news_per_page)
    for lang in LANGUAGES:
        t = translator(lang)
        for number in range(1 if section.index not in site.by_src else 2, count + 1):
            url = listing_url(site, number)
            result.append(listing_page(url, lang, f"{t('news.title')} · {t('news.page')} {number}", listing(site, ordered, number, page_src(url), lang)))
        result += _archive_pages(section.page("archive"), ordered, lang)
        by_category: dict[str, tuple[str, list[Document]]] = {}
        by_tag: dict[str, tuple[str, list[Document]]] = {}
        for doc in ordered:
            name = doc.meta["category"]
            by_category.setdefault(slugify(name), (site.category_label(name, lang), []))[1].append(doc)
            for (slug, label), original in zip(tags(doc, lang), doc.meta.get("tags", [])):
                shown, docs = by_tag.get(slug, (label, []))
                by_tag[slug] = (label if shown == original else shown, [*docs, doc])  # a translated label wins
        result += _grouped_pages(site, lang, section.page("categories"), t("news.categories"), t("article.category"), by_category)
        result += _grouped_pages(site, lang, section.page("tags"), t("news.tags"), t("article.tags"), by_tag)
    return result


# --- on an article ----------------------------------------------------------------------------------

WEIGHTS = {"plan": 3, "tag": 2, "category": 1}


def related(site: Site, articles: Articles, doc: Document) -> list[Document]:
    """A few articles sharing plans (3 points each), tags (2) or the category (1); among equal scores the
    closest in date first."""
    scores: dict[str, int] = {}
    for key in _shared_keys(doc):
        for other in articles.by_key[key] if key[0] != "category" else []:
            scores[other.src] = scores.get(other.src, 0) + WEIGHTS[key[0]]
    same_category = articles.by_key[("category", doc.meta["category"])]
    for other in same_category:
        if other.src in scores:
            scores[other.src] += WEIGHTS["category"]
    # Articles sharing only the category: the nearest in the list (by date) are enough to fill the places.
    here = same_category.index(doc)
    for other in same_category[max(0, here - RELATED): here + RELATED + 1]:
        scores.setdefault(other.src, WEIGHTS["category"])
    scores.pop(doc.src, None)
    day = articles.day[doc.src]
    ranked = sorted(scores, key=lambda src: (-scores[src], abs(articles.day[src] - day), src))
    return [site.by_src[src] for src in ranked[:RELATED]]


def article_context(site: Site, articles: Articles, doc: Document, here: str, lang: str) -> dict:
    """What an article page shows around its text: newer and older article, related ones, category and tag pages."""
    ordered, position, section = articles.ordered, articles.position[doc.src], site.sections.article

    def entry(other: Document) -> dict:
        return {"title": link_text(other.localized(lang)["title"]), "src": relative(other.src, here), "date": other.meta["date"],
                "lang": other_language(other, lang)}

    return {
        "newer": entry(ordered[position - 1]) if position > 0 else None,
        "older": entry(ordered[position + 1]) if position + 1 < len(ordered) else None,
        "related": [entry(other) for other in related(site, articles, doc)],
        "category_src": relative(page_src(f"{section.page('categories')}{slugify(doc.meta['category'])}/"), here),
        "tag_links": [{"label": label, "src": relative(page_src(f"{section.page('tags')}{slug}/"), here)} for slug, label in tags(doc, lang)],
    }


def share_meta(doc: Document, lang: str, canonical_url: str | None, site_url: str | None) -> dict:
    """Open Graph and Twitter card fields of an article, with absolute URLs (empty without site_url)."""
    if not canonical_url or not site_url:
        return {}
    meta = doc.localized(lang)
    result = {"title": meta["title"], "description": meta["summary"], "url": canonical_url, "published": meta["date"]}
    if meta.get("image"):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(doc.src), meta["image"]["src"]))
        result.update(image=urljoin(site_url, path), image_alt=meta["image"]["alt"])
    return result


# --- the feed ---------------------------------------------------------------------------------------

def feed(site: Site, lang: str, site_url: str, title: str, description: str) -> str:
    """RSS 2.0 of the newest articles of one language, with absolute links to the published site (site_url,
    directory URLs: the offline bundle's file-style pages are not what a feed reader should open)."""
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    base = site_url if site_url.endswith("/") else site_url + "/"
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = urljoin(base, prefix + site.sections.article.url)
    ET.SubElement(channel, "description").text = description
    ET.SubElement(channel, "language").text = lang
    ET.SubElement(channel, "atom:link", {"href": urljoin(base, feed_path(site.sections, lang)), "rel": "self", "type": "application/rss+xml"})
    ordered = newest_first(site)[:FEED_SIZE]
    if ordered:
        ET.SubElement(channel, "lastBuildDate").text = _rfc822(ordered[0].meta["date"])
    for doc in ordered:
        meta = doc.localized(lang)
        link = urljoin(base, prefix + doc.url)
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = meta["title"]
        ET.SubElement(item, "link").text = link
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = link
        ET.SubElement(item, "pubDate").text = _rfc822(meta["date"])
        ET.SubElement(item, "category").text = site.category_label(meta["category"], lang)
        ET.SubElement(item, "description").text = meta["summary"]
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def feed_path(sections: Sections, lang: str) -> str:
    """Where a language's feed is, from the site root: tin-tuc/feed.xml, en/tin-tuc/feed.xml."""
    path = f"{sections.article.url}{FEED}"
    return path if lang == DEFAULT_LANGUAGE else f"{lang}/{path}"


def _rfc822(day: str) -> str:
    return email.utils.format_datetime(dt.datetime.combine(parse_date(day), dt.time(8, 0), VIETNAM))
