"""Links, images and #anchors written in content, resolved before anything is built.

MkDocs finds broken links too, while it builds (mkdocs.yml `validation:` makes each a warning and a strict
build fails on any), but it names the page, not the line, and says nothing of what was meant. Checked here,
on the sources, `make check` names the file and line an editor wrote, the target, and the nearest page or
file that exists, in both languages (a Vietnamese page without a translation is also built on the English
side, where the sections made from the templates carry English headings and so other anchors).

What counts as a target is what MkDocs resolves: a path relative to the page's file, naming a Markdown file
(`../thu-tuc/dang-ky-khai-sinh.md#trinh-tu-thuc-hien`) or any other file under docs/.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from scripts.model import attachments
from scripts.model.content import DEFAULT_LANGUAGE, GENERATED_DIR, LANGUAGES, Document, Problem, Site, page_url
from scripts.model.generated import GeneratedPage
from scripts.model.render import page_title, render_page

LANGUAGE_NAMES = {"vi": "trang tiếng Việt", "en": "trang tiếng Anh"}
# Text that is shown as written, never read as a link: fenced code, inline code, HTML comments.
_VERBATIM = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)|(`+)(?!`).+?(?<!`)\2(?!`)|<!--.*?-->", re.S | re.M)
# [text](target "title") and ![alt](target); the text may run over lines and hold one level of brackets.
_INLINE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_ATTRIBUTE = re.compile(r"<[a-zA-Z][^<>]*?\s(href|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.S)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_ID = re.compile(r"""\sid=["']([^"']+)["']""")


@dataclass(frozen=True)
class Link:
    """One link as written: where it is in the file, and whether it shows an image."""

    target: str
    line: int
    field: str | None = None  # the front-matter field holding it; None in the body
    image: bool = False
    download: bool = False  # a file a page offers to download (scripts/model/attachments.py)

    @property
    def noun(self) -> str:
        return "ảnh" if self.image else "tệp tải về" if self.download else "liên kết"


def body_links(body: str, first_line: int) -> Iterator[Link]:
    """Every link target in a Markdown body, code and comments left out, with its line in the file."""
    text = _VERBATIM.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    line_at = lambda offset: first_line + text.count("\n", 0, offset)  # noqa: E731
    for match in _INLINE.finditer(text):
        yield Link(match.group(2).strip("<>"), line_at(match.start(2)), image=bool(match.group(1)))
    for match in _REFERENCE.finditer(text):
        yield Link(match.group(1).strip("<>"), line_at(match.start(1)))
    for match in _ATTRIBUTE.finditer(text):
        value = next(v for v in match.group(2, 3, 4) if v is not None)
        yield Link(value, line_at(match.start(1)), image=match.group(1) == "src")


def front_matter_links(doc: Document) -> Iterator[Link]:
    """Targets in front matter that the templates write as links relative to the page (an article's image, files to download)."""
    image = doc.meta.get("image")
    if isinstance(image, dict) and isinstance(image.get("src"), str):
        yield Link(image["src"], doc.key_lines.get(("image", "src"), doc.body_line), "image.src", image=True)
    for ref in attachments.references(doc.meta, doc.src):
        yield Link(ref.file, doc.key_lines.get(ref.key + ("file",), doc.body_line), ref.field, download=True)


@dataclass
class Targets:
    """What the built site will hold: pages by source file, other files, and each page's anchors per language."""

    site: Site
    generated: dict[str, GeneratedPage]  # by src (_generated/…)
    pages: set[str]  # every Markdown file, generated ones too (one that cannot be read is still a page: no cascade)
    files: set[str]  # every other file under docs/
    render_markdown: Callable[[str], str]
    _anchors: dict[tuple[str, str], list[str] | None] = field(default_factory=dict)

    def anchors(self, src: str, lang: str) -> list[str] | None:
        """The ids a page has in one language, in page order; None when its content could not be read (reported on its own)."""
        if (src, lang) not in self._anchors:
            text = self._markdown(src, lang)
            self._anchors[src, lang] = None if text is None else list(dict.fromkeys(_ID.findall(self.render_markdown(text))))
        return self._anchors[src, lang]

    def _markdown(self, src: str, lang: str) -> str | None:
        """The Markdown a page is built from in one language: a translation's own, else the original's."""
        if src in self.generated:
            return self.generated.get(src.removesuffix(".md") + f".{lang}.md", self.generated[src]).text
        doc = self.site.by_file.get(src)
        original = doc and self.site.by_src.get(doc.base_src)
        if original is None:
            return None
        source = original.translations.get(lang, original)
        if original.kind == "page":
            return source.body
        meta = original.localized(lang)
        return render_page(original.kind, meta, source.body, lang, title=page_title(original.kind, meta, lang))


def _languages(doc: Document, site: Site) -> tuple[str, ...]:
    """The languages a file is built in: a translation in its own; an original in every language it has no translation for."""
    if doc.lang != DEFAULT_LANGUAGE:
        return (doc.lang,)
    return (DEFAULT_LANGUAGE, *(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE and lang not in doc.translations))


def _nearest(wanted: str, here: str, candidates: set[str]) -> str | None:
    """The existing path most like the one written, said relative to the page: same file name first, then spelling.
    A page is named by its original's file (x.md, never x.en.md): MkDocs links each language to its own."""
    candidates = {c for c in candidates if not (c.endswith(".md") and posixpath.basename(c).count(".") > 1)}
    name = posixpath.basename(wanted)
    same_name = sorted(c for c in candidates if posixpath.basename(c) == name)
    found = same_name or difflib.get_close_matches(wanted, sorted(candidates), n=1, cutoff=0.5)
    if not found:
        found = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6) if name else []
    folder = wanted
    while not found and folder:  # nothing alike: the index page of the nearest folder that has one, at last the home page
        folder = posixpath.dirname(folder)
        found = [index for index in (posixpath.join(folder, "index.md"),) if index in candidates]
    return posixpath.relpath(found[0], posixpath.dirname(here) or ".") if found else None


def _page_for_url(url_path: str, here: str, targets: Targets) -> str | None:
    """The page an address means, said relative to the page's file: an absolute one from the site's root; a
    relative one as the browser reads it (from the page's published URL), else as the editor did (from the file)."""
    published = {page_url(src.removeprefix(f"{GENERATED_DIR}/")): src for src in sorted(targets.pages, reverse=True)
                 if posixpath.basename(src).count(".") == 1}
    for base in ("/" + page_url(here), "/" + posixpath.dirname(here)):
        wanted = posixpath.normpath(posixpath.join(base, url_path)).strip("/")
        if (src := published.get(f"{wanted}/" if wanted else "")) is not None:
            return posixpath.relpath(src, posixpath.dirname(here) or ".")
    return None


def _check(link: Link, doc: Document, targets: Targets) -> list[tuple[str, str]]:
    """(message, gloss) for each way the link does not resolve; empty when it does."""
    written = link.target.strip()
    if not written or _SCHEME.match(written):
        return []  # another site, mail, phone: the safety check decides which schemes may stand
    parts = urlsplit(written)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    what = link.noun
    if path.startswith("/"):
        meant = _page_for_url(path, doc.src, targets) or _nearest(path.lstrip("/"), doc.src, targets.pages | targets.files)
        fix = f" Ở đây: «{meant}»." if meant else ""
        return [(f"{what} «{written}» bắt đầu bằng «/»: trang web có thể nằm dưới một thư mục (ví dụ /cchc/) và bản ngoại tuyến "
                 f"mở từ ổ đĩa, nên đường dẫn phải tính từ tệp đang viết, ví dụ «../thu-tuc/dang-ky-khai-sinh.md».{fix}",
                 "absolute link: write it relative to this file")]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(doc.src), path)) if path else doc.src
    if target == ".." or target.startswith("../"):
        return [(f"{what} «{written}» trỏ ra ngoài thư mục docs/: tệp đó không được xuất bản.", "link outside docs/")]
    if path and target not in targets.pages and target not in targets.files:
        if not target.endswith(".md") and (meant := _page_for_url(path, doc.src, targets)):
            return [(f"{what} «{written}» là địa chỉ của trang, không phải tệp. Liên kết tới tệp .md của trang: «{meant}» "
                     "(MkDocs đổi nó thành địa chỉ đúng, cả trên mạng lẫn bản ngoại tuyến).", "link to a page's address, not its file")]
        near = _nearest(target, doc.src, targets.pages if target.endswith(".md") else targets.pages | targets.files)
        hint = f" Trang hay tệp gần nhất: «{near}»." if near else ""
        thing = "trang" if target.endswith(".md") else "tệp"
        return [(f"{what} «{written}» hỏng: không có {thing} «{target}» trong docs/.{hint}", "broken link")]
    if not fragment or target not in targets.pages:
        return []
    built = {lang: targets.anchors(target, lang) for lang in LANGUAGES}
    missing = [lang for lang in _languages(doc, targets.site) if fragment not in (built[lang] or [fragment])]
    if not missing:
        return []
    anchors = built[missing[0]] or []
    # The same section in another language (headings made from the templates are translated): same place on the page.
    twin = next((ids.index(fragment) for ids in built.values() if ids and fragment in ids and len(ids) == len(anchors)), None)
    near = [anchors[twin]] if twin is not None else difflib.get_close_matches(fragment, anchors, n=1, cutoff=0.4)
    hint = f" Neo gần nhất: «#{near[0]}»." if near else (f" Các neo có: {', '.join('#' + a for a in anchors[:8])}." if anchors else "")
    where = " và ".join(LANGUAGE_NAMES[lang] for lang in missing)
    return [(f"{what} «{written}»: {where} «{target}» không có neo «#{fragment}».{hint}", "no such anchor")]


def problems(site: Site, docs_dir: Path, generated: list[GeneratedPage], render_markdown: Callable[[str], str],
             shown: Callable[[str], str]) -> list[Problem]:
    """Every link, image and anchor in every content file (body and front matter) that the build could not resolve."""
    written = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*")
               if p.is_file() and p.relative_to(docs_dir).parts[0] != GENERATED_DIR]
    by_src = {page.src: page for page in generated}
    targets = Targets(site, by_src, {f for f in written if f.endswith(".md")} | set(by_src), {f for f in written if not f.endswith(".md")},
                      render_markdown)
    found = []
    for doc in site.documents:
        for link in [*front_matter_links(doc), *body_links(doc.body, doc.body_line)] if doc.valid else []:
            found += [Problem(shown(doc.src), link.line, link.field, message, gloss) for message, gloss in _check(link, doc, targets)]
    return list(dict.fromkeys(found))
