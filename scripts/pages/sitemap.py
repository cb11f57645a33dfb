"""The sitemap's language alternates, claimed only where a translation exists.

mkdocs-static-i18n lists every page with an `hreflang` alternate in each language, also where the other
language's page is the fallback (the Vietnamese text under a "not yet translated" notice): a search engine
would then send English readers to Vietnamese text. The build notes which pages fell back; this drops the
alternates of their entries.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Collection
from urllib.parse import urljoin

_ENTRY = re.compile(r"<url>.*?</url>", re.S)
_ALTERNATE = re.compile(r'\s*<xhtml:link rel="alternate" hreflang="[^"]*" href="([^"]*)"\s*/>')
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def without_fallback_alternates(xml: str, fallback_urls: set[str], site_url: str) -> str:
    """The sitemap with no alternates in an entry that is, or names, a page built as a fallback (site-relative URLs)."""
    fallbacks = {urljoin(site_url, url) for url in fallback_urls}

    def entry(match: re.Match) -> str:
        text = match.group(0)
        named = set(_ALTERNATE.findall(text)) | set(_LOC.findall(text))
        return _ALTERNATE.sub("", text) if named & fallbacks else text

    return _ENTRY.sub(entry, xml)


def without_pages(xml: str, urls: Collection[str], site_url: str) -> str:
    """The sitemap without the entries of unlisted pages (site-relative URLs, in any language)."""
    unlisted = {urljoin(site_url, url) for url in urls}
    return _ENTRY.sub(lambda match: "" if set(_LOC.findall(match.group(0))) & unlisted else match.group(0), xml)


def joined(first: str, second: str) -> str:
    """Two sitemaps as one, the second's entries after the first's, as one build of both languages writes them
    (each entry on a line of its own, the closing tag on the last)."""
    entries = second[second.index(">", second.index("<urlset")) + 1:second.rindex("</urlset>")]
    end = first.rindex("</urlset>")
    return first[:end].removesuffix("\n") + entries + first[end:]


def write(site_dir: Path, xml: str) -> None:
    """sitemap.xml and its .gz (dated 0: the same sitemap gives the same bytes)."""
    path = site_dir / "sitemap.xml"
    path.write_text(xml, encoding="utf-8")
    with gzip.GzipFile(path.with_suffix(".xml.gz"), "wb", mtime=0) as packed:
        packed.write(xml.encode("utf-8"))


def rewrite(site_dir: Path, fallback_urls: set[str], site_url: str, unlisted: Collection[str] = ()) -> None:
    """sitemap.xml and its .gz in a built site, without the alternates of fallback pages and without the unlisted
    pages (the compose page); a no-op without a sitemap."""
    path = site_dir / "sitemap.xml"
    if path.is_file():
        write(site_dir, without_pages(without_fallback_alternates(path.read_text(encoding="utf-8"), fallback_urls, site_url), unlisted, site_url))
