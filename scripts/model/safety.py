"""Content safety: what a pull request may put into the published site, by allow-list.

Content arrives from pull requests and reviewers open a pull request's offline bundle on their own machines,
so nothing in it may run code or make a reader's browser ask another host for anything. Three walls:

- HTML: every fragment the content reaches (each page's rendered body) is published only through `sanitise`,
  an allow-list sanitiser (nh3, on the HTML5 parser browsers follow): allowed elements, attributes and URL
  schemes (http, https, mailto, tel, relative) only, images from the site only. The check renders each page
  body with the site's own Markdown and reports, with file and line, everything the sanitiser would change,
  so that nothing published differs silently from what the editor wrote. Front-matter values never become
  HTML: templates print them as text (scripts/model/render.py, overrides/).
- Files: only the file types listed in mkdocs.yml (extra.content_safety.file_kb), each under its size limit;
  no symbolic link anywhere under docs/ or the theme folder; an SVG only in a small drawing-only subset; an
  office file (DOCX, XLSX, ODT) without macros, embedded programs or anything fetched from elsewhere when opened.
- The Content-Security-Policy every page carries (`content_security_policy`): no inline script but the
  theme's own, hashed at build time; nothing from another host (img-src allows data: for the theme's icons,
  which its style sheet holds; content can hold no data: URL).
"""

from __future__ import annotations

import base64
import hashlib
import functools
import html
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import markdown
import nh3

from scripts.model.content import GENERATED_DIR, Document, Problem, Site
from scripts.model.vietnamese import heading_id

# --- what published HTML may hold ---------------------------------------------------------------------

# The drawing part of SVG the build's charts use (scripts/pages/results.py), drawn inline so that they print, scale and
# read with the page: shapes, text and a fill pattern; no links, no <use>, no <foreignObject>, no style.
_SHAPE = {"fill", "stroke", "stroke-width", "stroke-dasharray"}
SVG_ATTRIBUTES = {
    "svg": {"xmlns", "viewBox", "width", "height", "font-size", "font-family"}, "title": set(), "desc": set(),
    "g": _SHAPE, "defs": set(), "pattern": {"patternUnits", "patternTransform", "width", "height"},
    "rect": {"x", "y", "width", "height"} | _SHAPE, "line": {"x1", "y1", "x2", "y2"} | _SHAPE,
    "circle": {"cx", "cy", "r"} | _SHAPE, "text": {"x", "y", "text-anchor", "font-size"} | _SHAPE,
}
_PAINT = {"fill", "stroke"}
_LOCAL_PAINT = re.compile(r"^(?!.*url\()|^\s*url\(\s*#[\w-]+\s*\)\s*$", re.I | re.S)  # a colour, or a pattern of the same picture

# What Markdown, the templates and the generated listings write, and what an editor needs in raw HTML.
# Form controls are here because the procedure filter is part of a page's content; no `action` attribute is
# allowed, and the policy's form-action keeps any form on the site.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "aside", "b", "blockquote", "br", "button", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "nav", "ol", "option", "p", "pre", "q",
    "s", "samp", "section", "select", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"}) | frozenset(SVG_ATTRIBUTES)
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "hidden", "role"},
    "a": {"href", "hreflang", "type", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "details": {"open"}, "abbr": {"title"}, "q": {"cite"}, "del": {"datetime"}, "ins": {"datetime"},
    "label": {"for"}, "button": {"type"}, "option": {"value", "selected"},
    "select": {"name"}, "input": {"type", "name", "value", "placeholder", "autocomplete", "spellcheck", "maxlength"},
    **SVG_ATTRIBUTES,
}
_EMBED_ATTRIBUTES = {"iframe": {"src", "width", "height", "allowfullscreen"}}  # only with extra.content_safety.embed_hosts
GENERIC_PREFIXES = frozenset({"aria-", "data-"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes the theme's scripts act on: from content they would steer the search, the clipboard or the page.
_RESERVED_ATTRIBUTE = re.compile(r"data-(?:md|clipboard)")
# Ids the theme looks up by name (__config holds its settings, __search its box): content may not take them.
_RESERVED_ID = re.compile(r"_")
_LOCAL_ATTRIBUTES = {"src"}  # fetched as the page loads: from the site only
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)  # a URL with a scheme or a host: not a file of the site
_CODE_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_CONTROL = re.compile(r"[\x00-\x20]")  # what a browser strips from a URL before it reads the scheme

DEFAULT_FILE_KB = {"md": 200, "jpg": 500, "jpeg": 500, "png": 500, "webp": 500, "gif": 500, "svg": 50, "pdf": 10240,
                   "docx": 2048, "odt": 2048, "xlsx": 2048}
IMAGE_SUFFIXES = {"jpg", "jpeg", "png", "webp", "gif", "svg"}
# The file types a page may offer to download (scripts/model/attachments.py); each must also be in file_kb, its size limit.
DEFAULT_ATTACHMENTS = ("pdf", "docx", "odt", "xlsx")
OFFICE_SUFFIXES = {"docx", "xlsx", "odt"}  # zip packages: checked inside


@dataclass(frozen=True)
class Policy:
    """The rules a site chose in mkdocs.yml (extra.content_safety)."""

    embed_hosts: tuple[str, ...] = ()
    file_kb: tuple[tuple[str, int], ...] = tuple(DEFAULT_FILE_KB.items())  # suffix -> size limit
    attachment_types: tuple[str, ...] = DEFAULT_ATTACHMENTS
    # the site's own styles and scripts under docs/ (extra_css, extra_javascript); None when no mkdocs.yml was
    # read (a check of content alone), which then takes any .css and .js as the site's
    site_files: tuple[str, ...] | None = None
    theme_dir: str | None = None  # overrides/: no symbolic link there either
    markdown_extensions: tuple = ()
    markdown_configs: dict = field(default_factory=dict, hash=False, compare=False)


def policy(config) -> Policy:
    """The policy of a loaded mkdocs.yml: `extra.content_safety` (missing keys take the strict defaults) and its Markdown."""
    settings = config.extra.get("content_safety") or {}
    file_kb = {str(k).lower().lstrip("."): int(v) for k, v in (settings.get("file_kb") or DEFAULT_FILE_KB).items()}
    attachment_types = tuple(str(k).lower().lstrip(".") for k in settings.get("attachments", DEFAULT_ATTACHMENTS))
    site_files = tuple(str(p).split("?")[0] for p in [*config.extra_css, *config.extra_javascript])
    return Policy(tuple(host.lower() for host in settings.get("embed_hosts") or ()), tuple(sorted(file_kb.items())), attachment_types,
                  site_files, config.theme.custom_dir, tuple(config.markdown_extensions), dict(config.mdx_configs))


def _is_local(url: str) -> bool:
    return not _REMOTE.match(_CONTROL.sub("", html.unescape(url)))


def _attribute_filter(embed_hosts: tuple[str, ...]) -> Callable[[str, str, str], str | None]:
    def keep(tag: str, name: str, value: str) -> str | None:
        if _RESERVED_ATTRIBUTE.match(name) or name == "id" and _RESERVED_ID.match(value):
            return None
        if name in _LOCAL_ATTRIBUTES:
            if tag == "iframe":
                return value if (urlsplit(value.strip()).hostname or "") in embed_hosts and value.strip().lower().startswith("https://") else None
            return value if _is_local(value) else None
        if name in _PAINT and not _LOCAL_PAINT.match(value):
            return None
        return value
    return keep


@functools.cache
def _cleaner(embed_hosts: tuple[str, ...]) -> nh3.Cleaner:
    """The sanitiser of a policy's embed hosts, made once (an iframe is allowed only when the site names hosts it may
    come from)."""
    embeds = {"iframe"} if embed_hosts else set()
    attributes = {**ALLOWED_ATTRIBUTES, **(_EMBED_ATTRIBUTES if embeds else {})}
    return nh3.Cleaner(tags=set(ALLOWED_TAGS | embeds), clean_content_tags={"script", "style"}, attributes=attributes,
                       attribute_filter=_attribute_filter(embed_hosts), strip_comments=True, link_rel=None,
                       generic_attribute_prefixes=set(GENERIC_PREFIXES), url_schemes=set(URL_SCHEMES))


def sanitise(fragment: str, policy: Policy) -> str:
    """The HTML fragment as it may be published: only what the allow-list names survives."""
    return _cleaner(policy.embed_hosts).clean(fragment)


_TAG_NAME = re.compile(r"<\s*([a-zA-Z][^\s/>]*)")
_ANY_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]{0,30}):")


def _as_parsed(fragment: str) -> str:
    """The fragment as an HTML5 parser (the browser's rules) reads it, serialised with nothing removed but
    comments (never shown): what `sanitise` starts from, to compare with what it gives."""
    tags = {name.lower() for name in _TAG_NAME.findall(fragment)} | ALLOWED_TAGS | {"iframe"}
    schemes = {s.lower() for s in _ANY_SCHEME.findall(_CONTROL.sub("", html.unescape(fragment)))} | URL_SCHEMES
    return nh3.clean(fragment, tags=tags, clean_content_tags=set(), attributes={}, generic_attribute_prefixes={""},
                     strip_comments=True, link_rel=None, url_schemes=schemes)


# --- telling the editor what the sanitiser would change -------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One thing in HTML the sanitiser removes: what to say, and a piece of text to find its line in the source by."""

    message: str
    gloss: str
    needles: tuple[str, ...]  # tried in turn: the most precise first
    line: int  # line in the scanned HTML


_EMBED_TAGS = {"iframe": "src", "frame": "src", "object": "data", "embed": "src"}
_LOADING_TAGS = {"script", "link", "meta", "base", "style"}  # run, load or redirect on their own
_DOCUMENT_TAGS = {"html", "head", "body", "frameset"}


class _Scanner(HTMLParser):
    """Walks HTML as the HTML5 parser serialised it (so that html.parser reads it the same) and names every
    element, attribute and URL outside the allow-list, and every image without alt text."""

    def __init__(self, policy: Policy):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.findings: list[Finding] = []

    def _add(self, message: str, gloss: str, *needles: str) -> None:
        self.findings.append(Finding(message, gloss, needles, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag in _EMBED_TAGS:
            if self._embed(tag, values):
                self._attributes(tag, {name: value for name, value in values.items() if name != "src"})  # src: checked
        elif tag in _LOADING_TAGS:
            self._add(f"thẻ <{tag}> không được dùng trong nội dung: trang không chạy mã, không tải hay gửi gì tới nơi khác "
                      f"theo lệnh của bài viết. Xóa thẻ này; muốn hiện nó làm ví dụ thì đặt trong dấu `…` hoặc khối mã ```.",
                      f"<{tag}> is not allowed in content", f"<{tag}")
        elif tag not in ALLOWED_TAGS:
            self._add(f"thẻ <{tag}> không có trong danh sách thẻ được phép nên sẽ bị bỏ khi đăng. Viết bằng Markdown "
                      "(tiêu đề, danh sách, bảng, liên kết, ảnh) hoặc các thẻ HTML thường như <p>, <span>, <table>; "
                      "muốn hiện nó làm ví dụ thì đặt trong dấu `…`.", f"<{tag}> is not on the allow-list", f"<{tag}")
        else:
            self._attributes(tag, values)
        if tag == "img":
            src = values.get("src", "")
            if not values.get("alt", "").strip():
                self._add(f"ảnh «{src}» thiếu lời mô tả (alt) cho người không xem được ảnh. Viết mô tả giữa hai ngoặc vuông, ví dụ "
                          f"![Cán bộ Bộ phận Một cửa hướng dẫn người dân]({src if src and _is_local(src) else '../assets/images/mot-cua.jpg'}), "
                          "hoặc thêm alt=\"…\" vào thẻ <img>.", "image without alt text", src or "<img")

    def _attributes(self, tag: str, values: dict[str, str]) -> None:
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set()) | _EMBED_ATTRIBUTES.get(tag, set())
        for name, value in values.items():
            self._attribute(tag, name, value, allowed)

    def _attribute(self, tag: str, name: str, value: str, allowed: set[str]) -> None:
        if name.startswith("on"):
            self._add(f"thuộc tính «{name}» chạy mã trong trình duyệt của người đọc. Xóa «{name}=…» khỏi thẻ <{tag}>.",
                      f"inline event handler {name}", name)
        elif name == "style":
            self._add(f"thuộc tính style của thẻ <{tag}> không được dùng: kiểu chữ do trang web quyết định, và style có thể tải tệp "
                      "từ nơi khác (url(…), image-set(…)). Xóa «style=…»; cần nhấn mạnh thì dùng **chữ đậm**.",
                      "style attribute", "style")
        elif name not in allowed and not any(name.startswith(p) for p in GENERIC_PREFIXES) or _RESERVED_ATTRIBUTE.match(name):
            self._add(f"thuộc tính «{name}» của thẻ <{tag}> không có trong danh sách được phép nên sẽ bị bỏ khi đăng. Xóa «{name}=…».",
                      f"attribute {name} is not on the allow-list", name)
        elif name == "id" and _RESERVED_ID.match(value):
            self._add(f"id «{value}» bắt đầu bằng «_», dành cho giao diện trang. Đặt tên khác, ví dụ id=\"ghi-chu\".",
                      "id reserved for the theme", value)
        elif name == "href" or name in _LOCAL_ATTRIBUTES:
            self._url(name, value)

    def _url(self, name: str, value: str) -> None:
        url = _CONTROL.sub("", html.unescape(value))
        scheme = _SCHEME.match(url)
        if scheme and _CODE_SCHEME.match(url):
            self._add(f"đường dẫn «{scheme[0].lower()}…» chạy mã hoặc mở nội dung giấu trong chính nó thay vì mở một trang. Dùng đường dẫn thật, ví dụ "
                      "[Đăng ký khai sinh](../thu-tuc/dang-ky-khai-sinh.md) hoặc [Cổng Dịch vụ công](https://dichvucong.gov.vn/).",
                      f"{scheme[0].lower()} URL", value.strip()[:40], name)
        elif name in _LOCAL_ATTRIBUTES and _REMOTE.match(url):
            self._add(f"«{value.strip()}» nằm trên máy chủ khác: mọi thứ trang tải (ảnh, video, phông chữ, mã) phải đi kèm trang web. "
                      "Tải tệp về, đặt vào docs/assets/images/ rồi viết ![Mô tả ảnh](../assets/images/ten-anh.jpg).",
                      "remote resource", value.strip())
        elif scheme and scheme[0][:-1].lower() not in URL_SCHEMES:
            self._add(f"đường dẫn «{value.strip()[:60]}» dùng giao thức «{scheme[0]}», không nằm trong các giao thức được phép "
                      "(http, https, mailto, tel, hoặc đường dẫn trong trang). Dùng một địa chỉ https:// hoặc một trang của trang web.",
                      f"URL scheme {scheme[0]} not allowed", value.strip()[:40], name)

    def _embed(self, tag: str, values: dict[str, str]) -> bool:
        """Whether the embed comes from an allowed host; if not, say so."""
        url = values.get(_EMBED_TAGS[tag], "").strip()
        host = (urlsplit(url).hostname or "") if url.lower().startswith("https://") else ""
        if tag == "iframe" and host and host in self.policy.embed_hosts:
            return True
        allowed = ", ".join(self.policy.embed_hosts) or "chưa có máy chủ nào"
        self._add(f"thẻ <{tag}> nhúng nội dung từ «{url or '(không có địa chỉ)'}»: trình duyệt của người đọc sẽ gửi yêu cầu tới máy chủ đó. "
                  f"Chỉ nhúng được <iframe> qua https từ các máy chủ trong mkdocs.yml (extra.content_safety.embed_hosts: {allowed}). "
                  "Thay bằng một liên kết, ví dụ [Xem video trên YouTube](https://www.youtube.com/watch?v=…).",
                  f"<{tag}> from a host not on the allow-list", f"<{tag}")
        return False


def scan_html(fragment: str, policy: Policy) -> list[Finding]:
    """Everything the sanitiser would remove from the fragment, and images without alt text, each once.

    The fragment is first read by the HTML5 parser the sanitiser uses, so an element hidden from a simple
    parser (<svg><style><img …>, <noscript>, <!-->) is seen where the browser would see it. Should the
    sanitiser change something no rule names, that is reported too: nothing may change unannounced.
    """
    parsed = _as_parsed(fragment)
    scanner = _Scanner(policy)
    # The parser drops these inside a page but a browser adds their attributes (onload=…) to the page's own.
    for tag in sorted(_DOCUMENT_TAGS & {name.lower() for name in _TAG_NAME.findall(fragment)}):
        scanner.handle_starttag(tag, [])
    scanner.feed(parsed)
    scanner.close()
    findings = scanner.findings
    if not findings and sanitise(fragment, policy) != parsed:
        findings.append(Finding("đoạn HTML này sẽ bị trình làm sạch HTML sửa khi đăng (trình duyệt đọc nó khác với cách nó được viết). "
                                "Viết lại bằng Markdown hoặc HTML đơn giản.", "the sanitiser would change this HTML", ("<",), 1))
    return findings


# --- the content: page bodies ----------------------------------------------------------------------

class Renderer:
    """The site's Markdown, set up once: the HTML an editor's text becomes, heading ids as the build makes them
    (the safety check reads it; the link check takes its anchors from it)."""

    def __init__(self, policy: Policy):
        extensions = list(dict.fromkeys([*(e for e in policy.markdown_extensions if isinstance(e, str)), "toc", "attr_list"]))
        configs = {**policy.markdown_configs, "toc": {**policy.markdown_configs.get("toc", {}), "slugify": heading_id}}
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def __call__(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


_INLINE_CODE = re.compile(r"(`+).+?\1")
# Markdown without any of these becomes only paragraphs, emphasis, lists, tables and headings: nothing to check.
_SUSPECT = re.compile(r"[<&\[{]")


def _locate(lines: list[str], needle: str, start: int) -> int | None:
    """Index of the first line from `start` holding the needle outside inline code (case-insensitive, entities decoded)."""
    needle = needle.lower()
    for index in range(start, len(lines)):
        if needle and needle in html.unescape(_INLINE_CODE.sub("", lines[index])).lower():
            return index
    return None


def _body_problems(doc: Document, shown: str, render: Renderer, policy: Policy) -> list[Problem]:
    if not _SUSPECT.search(doc.body):
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


# --- the content: files ------------------------------------------------------------------------------

def file_size(size: int, decimal: str = ",") -> str:
    """A file size as people read it: "812 KB", "2,4 MB" (the decimal mark of the reader's language)."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", decimal)
    return f"{max(1, round(size / 1024))} KB"


def _walk(root: Path) -> Iterator[tuple[Path, bool]]:
    """Every file and symbolic link under root, never following a link: (path, is a link)."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                yield path, True
            elif name in files:
                yield path, False


def _link_problem(shown: str) -> Problem:
    return Problem(shown, None, None, "là một liên kết tượng trưng (symlink): trang web chỉ đăng tệp thật nằm trong kho, không đi theo "
                   "liên kết tới nơi khác trên máy. Xóa liên kết; cần tệp nào thì chép tệp đó vào docs/.", "symbolic link refused")


_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
# Drawing only: shapes, paths, gradients and text. No script, animation, foreignObject, style sheet or link.
SVG_ELEMENTS = {"svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "title", "desc", "defs",
                "lineargradient", "radialgradient", "stop", "text", "tspan", "clippath", "symbol", "use"}


def _svg_problems(text: str) -> list[tuple[int | None, str, str]]:
    """(line, message, gloss) for what in an SVG could run code or load anything."""
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.I):
        return [(None, "tệp SVG có khai báo DOCTYPE/ENTITY, có thể chạy mã hoặc đọc tệp khác khi mở. Lưu lại ảnh ở dạng SVG thường "
                 "(ví dụ Inkscape: Lưu thành → SVG tối ưu) hoặc PNG.", "DTD in SVG")]
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return [(exc.position[0], f"tệp SVG không đọc được ({exc}). Lưu lại ảnh ở dạng SVG thường hoặc PNG.", "malformed SVG")]
    found = []
    for element in root.iter():
        name = element.tag.removeprefix(_SVG) if isinstance(element.tag, str) else ""
        if name.lower() not in SVG_ELEMENTS or name == element.tag:
            found.append((None, f"tệp SVG có phần tử «{element.tag}» ngoài phần vẽ hình được phép (đường, hình, chữ, màu chuyển): nó có thể "
                          "chạy mã hoặc tải tệp khi ảnh được mở. Lưu lại ảnh ở dạng SVG tối ưu hoặc PNG.", f"SVG element {element.tag}"))
        for key, value in element.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or (local == "href" and not value.strip().startswith("#")) or \
                    "url(" in _css_text(value) and not re.fullmatch(r"url\(\s*['\"]?#[^)]*\)", _css_text(value).strip()):
                found.append((None, f"tệp SVG có thuộc tính «{local}=\"{value[:40]}\"» có thể chạy mã hoặc tải tệp từ nơi khác. "
                              "Lưu lại ảnh ở dạng SVG tối ưu hoặc PNG.", f"SVG attribute {local}"))
    return found


_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_LOADS = re.compile(r"(?:url|image-set|image|cross-fade|src)\(\s*['\"]?\s*([^'\")\s]*)|@import\s*['\"]?\s*([^'\";\s]*)", re.I)


def _css_text(css: str) -> str:
    """CSS as the browser reads it: comments out, escapes (\\75 rl → url) decoded, lower case."""
    return _CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], _CSS_COMMENT.sub("", css)).lower()


def _css_problems(text: str) -> list[tuple[int | None, str, str]]:
    """What in a style sheet of the site asks another host."""
    found = []
    for number, line in enumerate(_css_text(text).split("\n"), 1):
        for match in _CSS_LOADS.finditer(line):
            target = match[1] if match[1] is not None else match[2]
            if target and _REMOTE.match(target) and not target.startswith("data:"):
                found.append((number, f"tệp CSS tải «{target}» từ nơi khác. Mọi thứ trang tải phải đi kèm trang web: chép tệp vào "
                              "docs/assets/ và dùng đường dẫn tương đối.", "remote resource in CSS"))
    return found


_OFFICE_ACTIVE = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|activeX/|embeddings/|Basic/|Scripts/)", re.I)
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>", re.I)
_ODF_LINK = re.compile(r"<([\w-]+:[\w-]+)\b[^>]*?\bxlink:href\s*=\s*[\"']([^\"']*)[\"']", re.S)


def _unpacks_beyond_bounds(parts: list) -> int | None:
    """What a zip unpacks to, when that is more than a document or table may (in all, or a part far beyond its
    packed size: a zip bomb); None when within bounds. Read from the zip's directory, before anything unpacks."""
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024 or any(part.file_size > MAX_RATIO * max(part.compress_size, 1024) for part in parts):
        return unpacked
    return None


def _office_problems(path: Path) -> list[tuple[int | None, str, str]]:
    """(line, message, gloss) for what in a DOCX, XLSX or ODT could run or fetch anything when a reader opens it:
    macros, ActiveX or embedded programs, parts loaded from another host or another file on the reader's machine
    (a link the reader clicks is allowed, as on a page)."""
    import zipfile

    resave = "Mở tệp bằng Word/Excel/LibreOffice, lưu lại thành tệp thường (không macro) hoặc PDF rồi tải lên lại."
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if (unpacked := _unpacks_beyond_bounds(parts)) is not None:
                return [(None, f"tệp giải nén ra {file_size(unpacked)} (giới hạn {MAX_UNPACKED_MB} MB, nén không quá {MAX_RATIO} lần): "
                         f"có thể là tệp hỏng hoặc cố ý. {resave}", "office file unpacks beyond bounds")]
            found = [(None, f"tệp có phần «{part.filename}» (macro, ActiveX hoặc chương trình nhúng) có thể chạy mã trên máy người tải về. {resave}",
                      "macro or embedded program in office file") for part in parts if _OFFICE_ACTIVE.search(part.filename)]
            for part in parts:
                name = part.filename
                if name.endswith(".rels"):
                    for tag in _RELATIONSHIP.findall(archive.read(part).decode("utf-8", "replace")):
                        if re.search(r"TargetMode\s*=\s*[\"']External", tag, re.I) and not re.search(r"Type\s*=\s*[\"'][^\"']*/hyperlink[\"']", tag, re.I):
                            target = (re.search(r"Target\s*=\s*[\"']([^\"']*)", tag) or [None, ""])[1]
                            found.append((None, f"tệp lấy «{target[:60]}» từ nơi khác mỗi khi được mở ({name}). {resave}", "external part in office file"))
                elif name in ("content.xml", "styles.xml"):
                    for element, target in _ODF_LINK.findall(archive.read(part).decode("utf-8", "replace")):
                        if element != "text:a" and (_REMOTE.match(target.strip()) or target.strip().startswith(("/", "../"))):
                            found.append((None, f"tệp lấy «{target[:60]}» từ nơi khác mỗi khi được mở ({name}, <{element}>). {resave}",
                                          "external part in office file"))
            return found
    except zipfile.BadZipFile:
        return [(None, f"tệp hỏng: không mở được như một tài liệu Word, Excel hay LibreOffice. {resave}", "not a valid office file")]


def _file_problems(root: Path, shown: Callable[[str], str], policy: Policy, attached: frozenset[str] = frozenset()) -> list[Problem]:
    """Every file under docs/: a type on the allow-list, under its size limit, no link; SVG, CSS and office files
    checked inside. The type and size of a file a page attaches are checked with that page's line instead
    (scripts/model/attachments.py), so that each is said once, where the editor can act on it."""
    problems, limits = [], dict(policy.file_kb)
    for path, is_link in _walk(root):
        src = path.relative_to(root).as_posix()
        if src.split("/")[0] == GENERATED_DIR and not is_link:
            continue  # written by the build itself
        if is_link:
            problems.append(_link_problem(shown(src)))
            continue
        suffix = PurePosixPath(src).suffix.lower().lstrip(".")
        size = path.stat().st_size
        if src in policy.site_files if policy.site_files is not None else suffix in ("css", "js"):
            if suffix == "css":
                problems += [Problem(shown(src), line, None, message, gloss)
                             for line, message, gloss in _css_problems(path.read_text(encoding="utf-8", errors="replace"))]
            continue
        if suffix not in limits:
            if src not in attached:
                kinds = ", ".join(f".{k}" for k in sorted(limits))
                problems.append(Problem(shown(src), None, None, f"loại tệp «.{suffix or '(không có đuôi)'}» không được đăng. Trong docs/ chỉ đặt "
                                        f"được {kinds} (mkdocs.yml, extra.content_safety.file_kb); trang viết bằng Markdown có đuôi .md.",
                                        f"file type .{suffix} not on the allow-list"))
            continue
        if size > limits[suffix] * 1024:
            if src not in attached:
                kind = "ảnh" if suffix in IMAGE_SUFFIXES else "tệp"
                advice = ("Thu nhỏ ảnh (ví dụ rộng 1600 điểm ảnh, lưu JPEG chất lượng 80) rồi tải lên lại." if kind == "ảnh"
                          else "Chia nhỏ tệp hoặc nén lại rồi tải lên lại.")
                problems.append(Problem(shown(src), None, None, f"{kind} nặng {file_size(size)}, quá giới hạn {limits[suffix]} KB (mkdocs.yml, "
                                        f"extra.content_safety.file_kb.{suffix}): trang sẽ tải chậm trên điện thoại. {advice}",
                                        f"{kind == 'ảnh' and 'image' or 'file'} is {file_size(size)}, over the {limits[suffix]} KB limit"))
        elif suffix == "svg":
            problems += [Problem(shown(src), line, None, message, gloss)
                         for line, message, gloss in _svg_problems(path.read_text(encoding="utf-8", errors="replace"))]
        elif suffix in OFFICE_SUFFIXES:
            problems += [Problem(shown(src), line, None, message, gloss) for line, message, gloss in _office_problems(path)]
    return problems


def theme_problems(policy: Policy) -> list[Problem]:
    """No symbolic link in the theme folder (overrides/) either: MkDocs copies what they point at into the site."""
    if not policy.theme_dir:
        return []
    root = Path(policy.theme_dir)
    shown = f"{root.name}/"
    return [_link_problem(shown + path.relative_to(root).as_posix()) for path, is_link in _walk(root) if is_link]


def problems(site: Site, docs_dir: Path, shown: Callable[[str], str], policy: Policy, attached: frozenset[str] = frozenset()) -> list[Problem]:
    """Every safety problem of every page body and every file, one per thing to change (`attached`: the files under
    docs/ that pages offer to download, whose type and size the attachment check reports)."""
    render = Renderer(policy)
    found: list[Problem] = []
    for doc in site.documents:
        found += _body_problems(doc, shown(doc.src), render, policy)
    return found + _file_problems(docs_dir, shown, policy, attached) + theme_problems(policy)


def title_html(title: str) -> str:
    """A page title as the theme prints it, as HTML: MkDocs' titles taken from a heading are escaped text."""
    return html.escape(title, quote=False)


def title_text(title: str) -> str:
    """A page title (HTML, as the theme holds it) back as the text it shows."""
    return html.unescape(title)


def sanitise_toc(items, policy: Policy) -> None:
    """The titles of a page's table of contents (MkDocs' AnchorLinks), which the theme prints as HTML."""
    for item in items:
        item.title = sanitise(item.title, policy)
        sanitise_toc(item.children, policy)


# --- bounded work: tables to import ---------------------------------------------------------------------

MAX_TABLE_MB = 20  # the file as given
MAX_UNPACKED_MB = 100  # an XLSX is a zip: what it unpacks to, all parts together
MAX_RATIO = 100  # a part that unpacks to over 100 times its packed size is a zip bomb, not a table
MAX_ROWS, MAX_COLUMNS = 20_000, 200


def check_table_file(path: Path) -> None:
    """Refuse (ValueError, in Vietnamese) a table to import whose reading could take without bound: too big,
    or an XLSX packed to unfold far beyond its size. Checked on the zip's directory, before anything unpacks."""
    import zipfile

    size = path.stat().st_size
    if size > MAX_TABLE_MB * 1024 * 1024:
        raise ValueError(f"tệp nặng {file_size(size)}, quá giới hạn {MAX_TABLE_MB} MB của một bảng thủ tục. Chia bảng thành nhiều tệp.")
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if (unpacked := _unpacks_beyond_bounds(parts)) is not None:
            raise ValueError(f"tệp .xlsx giải nén ra {file_size(unpacked)}, quá lớn so với một bảng (giới hạn {MAX_UNPACKED_MB} MB, "
                             f"nén không quá {MAX_RATIO} lần): có thể là tệp hỏng hoặc cố ý. Mở bằng Excel, lưu lại thành .xlsx rồi nhập lại.")
        # A merged range is one short element, but the reader makes a cell object for every cell it covers: one
        # range over the whole sheet (A1:XFD1048576) is 17 billion of them. Measured on the XML, before loading.
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                for first, last in _MERGED.findall(archive.read(part).decode("utf-8", "replace")):
                    (row1, col1), (row2, col2) = _cell_position(first), _cell_position(last)
                    check_sheet_size(abs(row2 - row1) + 1, abs(col2 - col1) + 1)


_MERGED = re.compile(r"<(?:\w+:)?mergeCell\b[^>]*\bref=[\"']\$?([A-Za-z]{1,3}\$?\d{1,7}):\$?([A-Za-z]{1,3}\$?\d{1,7})[\"']")


def _cell_position(reference: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as B12 (1-based)."""
    letters = re.match(r"[A-Za-z]+", reference).group(0).upper()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(reference[len(letters):].lstrip("$")), column


def check_sheet_size(rows: int, columns: int) -> None:
    """Refuse a sheet whose used range (or a missing dimension record) would make reading it cell by cell endless."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise ValueError(f"trang tính có {rows} dòng × {columns} cột, quá giới hạn {MAX_ROWS} dòng × {MAX_COLUMNS} cột. "
                         "Xóa các dòng, cột trống ở cuối (hoặc chép bảng sang trang tính mới), lưu lại rồi nhập lại.")


# --- the second wall: the page's Content-Security-Policy ---------------------------------------------

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def _hashes(bodies) -> list[str]:
    return sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'" for body in bodies})


# The layout marks where a page's content lies (overrides/partials/content.html, overrides/kiosk.html): the sanitiser
# strips every comment from the content, so only the layout can write these.
CONTENT_START, CONTENT_END = "<!--cchc:content-->", "<!--/cchc:content-->"
_POLICY_META = '<meta http-equiv="Content-Security-Policy"'


def _content_span(page_html: str) -> tuple[int, int] | None:
    """Where the content's markers are: the first start marker and the last end marker (a marker's text inside the
    content, say in an attribute, can only widen what is taken for content, never let content count as layout)."""
    start, end = page_html.find(CONTENT_START), page_html.rfind(CONTENT_END)
    return (start, end) if 0 <= start < end else None


def layout_of(page_html: str) -> str:
    """The built page without its content (a page with no content marked, the 404 page, is all layout)."""
    span = _content_span(page_html)
    return page_html if span is None else page_html[:span[0]] + page_html[span[1] + len(CONTENT_END):]


def _without_markers(page_html: str) -> str:
    span = _content_span(page_html)
    if span is None:
        return page_html
    start, end = span
    return page_html[:start] + page_html[start + len(CONTENT_START):end] + page_html[end + len(CONTENT_END):]


def content_security_policy(page_html: str, embed_hosts: tuple[str, ...] = (), preview: bool = False) -> str:
    """The policy of a built page: scripts and styles only from the site and the layout's own inline ones, by hash
    (the 404 page carries its look inline: it is served at any depth, where no relative stylesheet link holds).

    The page's content (its sanitised body, between the layout's markers) is left out before hashing: only the
    layout's scripts are trusted. 'self' covers the offline bundle too: Chromium counts the files beside a file://
    page as 'self' (tests/test_hostile.py and the offline tests run every feature from file:// under this policy).

    `preview`: the page as `mkdocs serve` shows it on the editor's machine, which adds its live-reload script inline
    to every page it serves, different at every request, so no hash can allow it: any inline script runs there.
    """
    layout = layout_of(page_html)
    scripts = ["'unsafe-inline'"] if preview else \
        _hashes(body for attrs, body in _INLINE_SCRIPT.findall(layout) if "application/json" not in attrs)
    return "; ".join([
        "default-src 'none'", " ".join(["script-src 'self'", *scripts]),
        " ".join(["style-src 'self'", *_hashes(_INLINE_STYLE.findall(layout))]), "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
        "frame-src " + (" ".join(f"https://{host}" for host in embed_hosts) or "'none'"),
    ])


def with_content_security_policy(page_html: str, embed_hosts: tuple[str, ...] = (), preview: bool = False) -> str:
    """The built page with its policy as the first thing in <head>, before any script can run, and without the
    content markers. A page that has its policy already is left as it is (a build that rewrote only some pages)."""
    head = page_html.partition("</head>")[0]
    if "<head>" not in head or _POLICY_META in head:
        return page_html
    meta = f'{_POLICY_META} content="{html.escape(content_security_policy(page_html, embed_hosts, preview), quote=False)}">'
    return _without_markers(page_html).replace("<head>", "<head>\n    " + meta, 1)
