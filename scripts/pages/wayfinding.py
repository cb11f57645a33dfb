"""Where a reader is and how to get elsewhere: the section of a page (its tab, its breadcrumb) and the readable
site map ("Sơ đồ cổng", as TT 32/2017/TT-BTTTT asks of an agency portal), generated from the sections.
"""

from __future__ import annotations

import json
import re

import yaml

from scripts.model import content
from scripts.model.content import LANGUAGES, Site
from scripts.model.generated import GeneratedPage
from scripts.model.pagelinks import link_text, relative
from scripts.model.translations import translator
from scripts.pages import offline

SITEMAP_URL = "so-do-cong/"


def section_of(items: list, url: str):
    """The top navigation entry whose URL holds `url` (the longest; never the home page): the tab of a page that
    the navigation does not list, such as an article, a plan or a generated group page."""
    best = None
    for item in items:
        item_url = getattr(item, "url", None)
        if item_url and url.startswith(item_url) and not getattr(item, "is_homepage", False) and (best is None or len(item_url) > len(best.url)):
            best = item
    return best


def _title(page: GeneratedPage) -> str:
    front = yaml.safe_load(content.split_front_matter(page.text)[0] or "") or {}
    return str(front.get("title", page.url))


def sitemap_pages(site: Site, generated: list[GeneratedPage]) -> list[GeneratedPage]:
    """The site map in each language: the home page, each section with the lists made from it, the other pages."""
    return [GeneratedPage(SITEMAP_URL, lang, _sitemap_text(site, generated, lang)) for lang in LANGUAGES]


def _unmapped(site: Site) -> re.Pattern[str]:
    """Pages left out of the map: one page per tag and the later pages of the news listing (the map shows where lists
    start); the kiosk's start page, which is for the lookup screen only (scripts/pages/offline.py)."""
    news = site.sections.article
    return re.compile(rf"^{re.escape(news.page('tags'))}.+|^{re.escape(news.page('pages'))}\d+/$|^{re.escape(offline.KIOSK_URL)}$")


def _sitemap_text(site: Site, generated: list[GeneratedPage], lang: str) -> str:
    t, unmapped, folders = translator(lang), _unmapped(site), site.sections.folders
    here = GeneratedPage(SITEMAP_URL, lang, "").src
    line = lambda title, src: f"[{link_text(title)}]({relative(src, here)})"  # noqa: E731
    own = [doc for doc in site.originals if doc.kind == "page"]
    title = lambda doc: doc.localized(lang).get("title") or doc.url  # noqa: E731
    lists = [page for page in generated if page.lang == lang and page.url.endswith("/") and not unmapped.match(page.url)]
    parts = [f"---\ntitle: {json.dumps(t('sitemap.title'), ensure_ascii=False)}\nsearch:\n  exclude: true\n---\n",
             f"# {t('sitemap.title')}\n\n{t('sitemap.intro')}\n"]
    home = next((doc for doc in own if doc.src == "index.md"), None)
    if home:
        parts.append(f"- {line(title(home), home.src)}")
    for section in site.sections:
        index = site.by_src.get(section.index)
        below = sorted((page for page in lists if page.url.startswith(section.url)), key=lambda page: page.url)
        if index is None and not below:
            continue
        parts.append(f"- {line(title(index), index.src) if index else section.folder}")
        parts += [f"    - {line(_title(page), page.src)}" for page in below]
    parts += [f"- {line(_title(page), page.src)}" for page in lists if page.url.split("/")[0] not in folders]
    parts += [f"- {line(title(doc), doc.src)}" for doc in own if doc.src != "index.md" and doc.src.split("/")[0] not in folders]
    return "\n".join(parts) + "\n"
