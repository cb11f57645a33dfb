"""Internal links of a built site: every href/src between pages, assets and #anchors must resolve.

Works on a site served over HTTP (directory URLs) and on the offline bundle opened from disk, where a link
must name a file: from file:// a directory URL opens a folder listing and an absolute path the disk's root.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that point at another resource, by tag.
_LINKING = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src", "iframe": "src",
            "source": "src", "audio": "src", "video": "src", "embed": "src"}
_OUTSIDE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "javascript:", "data:", "sms:", "ftp:", "//")


@dataclass(frozen=True)
class BrokenLink:
    page: str    # the HTML file, relative to the site folder
    target: str  # the href/src as written
    reason: str  # Vietnamese, with an English gloss

    def __str__(self) -> str:
        return f"{self.page}: {self.target} — {self.reason}"


class _Page(HTMLParser):
    """The links and anchor names of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.anchors.add(values[name])
        target = values.get(_LINKING.get(tag, ""))
        if target is not None:
            self.links.append(target.strip())


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def broken_links(site_dir: Path, site_url: str | None = None, offline: bool = False) -> list[BrokenLink]:
    """Every internal link of every HTML page of site_dir that does not resolve, page by page.

    site_url: absolute links under it (canonical, alternates) and absolute paths under its path are
    internal. offline: the folder is opened from disk, so each link must name a file.
    """
    site_dir = Path(site_dir)
    pages = {p.relative_to(site_dir).as_posix(): p for p in sorted(site_dir.rglob("*.html"))}
    parsed: dict[str, _Page] = {}

    def page(rel: str) -> _Page:
        if rel not in parsed:
            parsed[rel] = _parse(pages[rel])
        return parsed[rel]

    root = urlsplit(site_url) if site_url else None
    base_path = root.path if root and root.path.endswith("/") else (root.path + "/" if root else "/")
    broken = []
    for rel in pages:
        for link in page(rel).links:
            problem = _check(link, rel, site_dir, pages, page, site_url, base_path, offline)
            if problem:
                broken.append(BrokenLink(rel, link, problem))
    return broken


def _check(link, here, site_dir, pages, page, site_url, base_path, offline) -> str | None:
    """Why a link does not resolve, or None."""
    if site_url and link.startswith(site_url):
        if offline:
            return None  # an address on the public site: it leaves the bundle on purpose (canonical, feed)
        link = "/" + base_path.lstrip("/") + link[len(site_url):]
    elif not link or link.lower().startswith(_OUTSIDE_SCHEMES) or link == "#":
        return None
    parts = urlsplit(link)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        if offline:
            return "đường dẫn tuyệt đối không mở được từ ổ đĩa (an absolute path does not work from file://)"
        if not path.startswith(base_path):
            return f"nằm ngoài trang web {base_path} (outside the site's path)"
        target = posixpath.normpath(path[len(base_path):] or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) if path else here
    if target == ".." or target.startswith("../"):
        return "trỏ ra ngoài thư mục trang web (points outside the site folder)"
    file = site_dir / target
    if target != here and (path.endswith("/") or file.is_dir()):
        if offline:
            return "địa chỉ thư mục không mở được từ ổ đĩa; cần tên tệp .html (a directory URL does not work from file://)"
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
        file = site_dir / target
    if not file.is_file():
        return f"không có tệp {target} (no such file)"
    if fragment and target in pages and fragment not in page(target).anchors:
        return f"không có neo #{fragment} trong {target} (no such anchor)"
    return None
