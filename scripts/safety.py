"""Content safety: what a pull request may not put into a page.

Content arrives from pull requests, so the check refuses whatever could run code or make a reader's browser
ask another host for something: scripts, inline event handlers, `javascript:` links, embeds from hosts that
are not on the allow-list, remote images. Every image needs alt text and stays under a size limit.

The Markdown is rendered with the site's own Markdown extensions and the HTML it gives is what is checked:
a `<script>` shown inside code is escaped by the renderer and passes, and no spelling of a tag or attribute
that the browser would obey slips past a pattern on the source. Line numbers are found back in the source.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import markdown

from scripts.content import GENERATED_DIR, Document, Problem, Site

DEFAULT_MAX_IMAGE_KB = 500
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff"}
# Tags that load, send or redirect on their own; none has a use in an article.
FORBIDDEN_TAGS = {"script", "link", "meta", "base", "form"}
EMBED_TAGS = {"iframe": "src", "frame": "src", "object": "data", "embed": "src"}
# Attributes whose URL the browser fetches as soon as the page loads.
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "background", "data", "href", "xlink:href", "ping"}  # ping: sent on each click
LOADING_HREF_TAGS = {"image", "use", "feimage"}  # SVG elements whose href is fetched, unlike <a href>
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
_CODE_SCHEME = re.compile(r"^(?:javascript|vbscript|data:text/html)", re.I)
_REMOTE = re.compile(r"^(?!data:)(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # a URL with a host or scheme (data: stays in the page)
_CSS_REMOTE = re.compile(r"url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//)|@import", re.I)
# Only text holding one of these can hide anything the rules look for: the rest is not rendered at all.
# (Searched in lower-cased text: a case-insensitive pattern is several times slower on long front matter.)
_SUSPECT = re.compile(r"<|!\[|\{|\]:|script|&#")
_SUSPECT_JSON = re.compile(r"<|!\[|\{(?![\"}])|\]:|script|&#")  # the same in JSON text, where {" opens an object


@dataclass(frozen=True)
class Policy:
    """The rules a site chose in mkdocs.yml (extra.content_safety)."""

    embed_hosts: tuple[str, ...] = ()
    max_image_kb: int = DEFAULT_MAX_IMAGE_KB
    markdown_extensions: tuple = ()
    markdown_configs: dict = field(default_factory=dict)


def policy(config) -> Policy:
    """The policy of a loaded mkdocs.yml: `extra.content_safety` (missing keys take the strict defaults) and its Markdown."""
    settings = config.extra.get("content_safety") or {}
    return Policy(tuple(host.lower() for host in settings.get("embed_hosts") or ()),
                  int(settings.get("max_image_kb", DEFAULT_MAX_IMAGE_KB)),
                  tuple(config.markdown_extensions), dict(config.mdx_configs))


@dataclass(frozen=True)
class Finding:
    """One unsafe thing in HTML: what to say, and a piece of text to find its line in the source by."""

    message: str
    gloss: str
    needles: tuple[str, ...]  # tried in turn: the most precise first
    line: int  # line in the scanned HTML


def _kb(size: int) -> str:
    """A file size as an editor reads it: "812 KB", "2,4 MB"."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{round(size / 1024)} KB"


class _Scanner(HTMLParser):
    """Walks rendered HTML and records every unsafe tag, attribute and URL."""

    def __init__(self, policy: Policy):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.findings: list[Finding] = []
        self._in_style = False

    def _add(self, message: str, gloss: str, *needles: str) -> None:
        self.findings.append(Finding(message, gloss, needles, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self._add(f"thẻ <{tag}> không được dùng trong nội dung: trang không chạy mã, không tải hay gửi gì tới nơi khác "
                      f"theo lệnh của bài viết. Xóa thẻ này; muốn hiện nó làm ví dụ thì đặt trong dấu `…` hoặc khối mã ```.",
                      f"<{tag}> is not allowed in content", f"<{tag}")
        self._in_style = tag == "style"
        for name, value in values.items():
            if name.startswith("on"):
                self._add(f"thuộc tính «{name}» chạy mã trong trình duyệt của người đọc. Xóa «{name}=…» khỏi thẻ <{tag}>.",
                          f"inline event handler {name}", name)
            if name in URL_ATTRIBUTES and _CODE_SCHEME.match(re.sub(r"[\s\x00-\x1f]", "", value)):
                self._add("đường dẫn «javascript:…» chạy mã thay vì mở một trang. Dùng đường dẫn thật, ví dụ "
                          "[Đăng ký khai sinh](../thu-tuc/dang-ky-khai-sinh.md) hoặc [Cổng Dịch vụ công](https://dichvucong.gov.vn/).",
                          "javascript: URL", value.strip()[:40], name)
            if name == "style" and _CSS_REMOTE.search(value):
                self._add(f"thuộc tính style của thẻ <{tag}> tải tệp từ nơi khác (url(…) hoặc @import). Xóa phần đó; "
                          "mọi thứ trang tải phải nằm trong trang web.", "remote resource in style", "url(")
        if tag in EMBED_TAGS:
            self._embed(tag, values)
            return
        for name in LOADING_ATTRIBUTES & values.keys():
            if name in ("href", "xlink:href") and tag not in LOADING_HREF_TAGS or name == "data":
                continue
            for url in _urls(name, values[name]):
                if _REMOTE.match(url) and not _CODE_SCHEME.match(url):
                    self._add(f"«{url}» nằm trên máy chủ khác: mọi thứ trang tải (ảnh, video, phông chữ, mã) phải đi kèm trang web. "
                              "Tải tệp về, đặt vào docs/assets/images/ rồi viết ![Mô tả ảnh](../assets/images/ten-anh.jpg).",
                              "remote resource", url)
        if tag == "img":
            src = values.get("src", "")
            if not values.get("alt", "").strip():
                self._add(f"ảnh «{src}» thiếu lời mô tả (alt) cho người không xem được ảnh. Viết mô tả giữa hai ngoặc vuông, ví dụ "
                          f"![Cán bộ Bộ phận Một cửa hướng dẫn người dân]({src if src and not _REMOTE.match(src) else '../assets/images/mot-cua.jpg'}), "
                          "hoặc thêm alt=\"…\" vào thẻ <img>.", "image without alt text", src or "<img")

    def _embed(self, tag: str, values: dict[str, str]) -> None:
        url = values.get(EMBED_TAGS[tag], "").strip()
        host = (urlsplit(url).hostname or "") if url.lower().startswith("https://") else ""
        if host and host in self.policy.embed_hosts and "srcdoc" not in values:
            return
        allowed = ", ".join(self.policy.embed_hosts) or "chưa có máy chủ nào"
        self._add(f"thẻ <{tag}> nhúng nội dung từ «{url or '(không có địa chỉ)'}»: trình duyệt của người đọc sẽ gửi yêu cầu tới máy chủ đó. "
                  f"Chỉ nhúng được qua https từ các máy chủ trong mkdocs.yml (extra.content_safety.embed_hosts: {allowed}). "
                  "Thay bằng một liên kết, ví dụ [Xem video trên YouTube](https://www.youtube.com/watch?v=…).",
                  f"<{tag}> from a host not on the allow-list", f"<{tag}")

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_REMOTE.search(data):
            self._add("thẻ <style> tải tệp từ nơi khác (url(…) hoặc @import). Xóa phần đó; mọi thứ trang tải phải nằm trong trang web.",
                      "remote resource in <style>", "url(" if "url(" in data.lower() else "@import")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False


def _urls(attribute: str, value: str) -> list[str]:
    """The URLs of one attribute: a srcset holds several ("a.jpg 1x, b.jpg 2x")."""
    if attribute == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()] if value.strip() else []


def scan_html(html: str, policy: Policy) -> list[Finding]:
    scanner = _Scanner(policy)
    scanner.feed(html)
    scanner.close()
    return scanner.findings


class _Renderer:
    """The site's Markdown, set up once: the HTML an editor's text becomes."""

    def __init__(self, policy: Policy):
        self._md = markdown.Markdown(extensions=list(policy.markdown_extensions), extension_configs=policy.markdown_configs)

    def __call__(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


_INLINE_CODE = re.compile(r"(`+).+?\1")


def _locate(lines: list[str], needle: str, start: int) -> int | None:
    """Index of the first line from `start` holding the needle outside inline code (case-insensitive, entities decoded)."""
    needle = needle.lower()
    for index in range(start, len(lines)):
        if needle and needle in html.unescape(_INLINE_CODE.sub("", lines[index])).lower():
            return index
    return None


def _body_problems(doc: Document, shown: str, render: _Renderer, policy: Policy) -> list[Problem]:
    if not _SUSPECT.search(doc.body.lower()):
        return []
    lines = doc.body.split("\n")
    problems, after = [], {}
    for finding in scan_html(render(doc.body), policy):
        # Repeated findings of one needle are on successive lines: search on from the last one found.
        index = next((i for needle in finding.needles for i in (_locate(lines, needle, after.get(needle, 0)), _locate(lines, needle, 0))
                      if i is not None), 0)
        for needle in finding.needles:
            after[needle] = index + 1
        problems.append(Problem(shown, doc.body_line + index, None, finding.message, finding.gloss))
    return problems


def front_matter_strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text in front matter with its key path, e.g. (('image', 'alt'), 'Ảnh …')."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from front_matter_strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from front_matter_strings(item, path + (index,))


def _front_matter_problems(doc: Document, shown: str, render: _Renderer, policy: Policy, reported: set) -> list[Problem]:
    """Front matter text ends up in the page through the templates, so it obeys the same rules."""
    problems = []
    image = doc.meta.get("image")
    src = image.get("src") if isinstance(image, dict) else None
    if isinstance(src, str) and _REMOTE.match(src.strip()) and (shown, "image.src") not in reported:  # else the schema said it
        problems.append(Problem(shown, doc.key_lines.get(("image", "src"), 2), "image.src",
                                f"ảnh «{src}» nằm trên máy chủ khác: ảnh phải đi kèm trang web. Tải ảnh về, "
                                "đặt vào docs/assets/images/ rồi ghi «src: ../assets/images/ten-anh.jpg».", "remote image"))
    # One look at the whole front matter first: thousands of procedures hold nothing to render.
    if not _SUSPECT_JSON.search(json.dumps(doc.meta, ensure_ascii=False, default=str).lower()):
        return problems
    for path, value in front_matter_strings(doc.meta):
        if _SUSPECT.search(value.lower()):
            problems += [Problem(shown, doc.key_lines.get(path, 2), ".".join(map(str, path)), f.message, f.gloss)
                         for f in scan_html(render(value), policy)]
    return problems


def image_files(docs_dir: Path) -> list[Path]:
    return sorted(p for p in docs_dir.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
                  and p.relative_to(docs_dir).parts[0] != GENERATED_DIR)


def _image_problems(docs_dir: Path, shown: Callable[[str], str], policy: Policy) -> list[Problem]:
    problems = []
    limit = policy.max_image_kb * 1024
    for path in image_files(docs_dir):
        src = path.relative_to(docs_dir).as_posix()
        size = path.stat().st_size
        if size > limit:
            problems.append(Problem(shown(src), None, None,
                                    f"ảnh nặng {_kb(size)}, quá giới hạn {policy.max_image_kb} KB (mkdocs.yml, extra.content_safety.max_image_kb): "
                                    "trang sẽ tải chậm trên điện thoại. Thu nhỏ ảnh (ví dụ rộng 1600 điểm ảnh, lưu JPEG chất lượng 80) rồi tải lên lại.",
                                    f"image is {_kb(size)}, over the {policy.max_image_kb} KB limit"))
        if PurePosixPath(src).suffix.lower() == ".svg":
            text = path.read_text(encoding="utf-8", errors="replace")
            for finding in scan_html(text, policy):
                problems.append(Problem(shown(src), finding.line, None, f"tệp SVG: {finding.message}", finding.gloss))
    return problems


def _html_file_problems(docs_dir: Path, shown: Callable[[str], str], policy: Policy) -> list[Problem]:
    """An .html file under docs/ is copied into the site as it is: it obeys the same rules as a page."""
    problems = []
    for path in sorted(p for suffix in ("*.html", "*.htm") for p in docs_dir.rglob(suffix)):
        src = path.relative_to(docs_dir).as_posix()
        if src.split("/")[0] != GENERATED_DIR:
            problems += [Problem(shown(src), f.line, None, f"tệp HTML: {f.message}", f.gloss)
                         for f in scan_html(path.read_text(encoding="utf-8", errors="replace"), policy)]
    return problems


def problems(site: Site, docs_dir: Path, shown: Callable[[str], str], policy: Policy) -> list[Problem]:
    """Every safety problem of every content file, HTML file and image, one per thing to change."""
    render = _Renderer(policy)
    reported = {(p.path, p.field) for p in site.problems}
    found: list[Problem] = []
    for doc in site.documents:
        found += _front_matter_problems(doc, shown(doc.src), render, policy, reported)
        found += _body_problems(doc, shown(doc.src), render, policy)
    return found + _image_problems(docs_dir, shown, policy) + _html_file_problems(docs_dir, shown, policy)
