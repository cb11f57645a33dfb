"""Links between pages as the build writes them: from one source file to another (both under docs/), their text
escaped, marked with the language of a text that is not the page's."""

from __future__ import annotations

from markupsafe import Markup

from scripts.model.content import Document
from scripts.model.render import text


def relative(target_src: str, here: str) -> str:
    """The link from the file `here` to `target_src`, both paths under docs/ (posixpath.relpath without its
    calls to the file system: thousands of links a build)."""
    start, parts = here.split("/")[:-1], target_src.split("/")
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])


def link_text(value: str) -> Markup:
    """A value as the text of a Markdown link: text, never markup (scripts.model.render.text); marked as escaped
    already, so that a template prints it as it is."""
    return Markup(text(value))


def other_language(doc: Document, lang: str) -> str | None:
    """The language of the text `doc` shows on a page in `lang` when it is not `lang` (an item without a
    translation shows its Vietnamese original on the English side; a procedure listed by its English name is
    not): WCAG 3.1.2 wants that text marked."""
    return None if lang == doc.lang or lang in doc.translations or f"name_{lang}" in doc.meta else doc.lang


def doc_link(text: str, doc: Document, here: str, lang: str) -> str:
    """A Markdown link to `doc` from the file `here`, marked with the language of `text` when it is not the page's."""
    foreign = other_language(doc, lang)
    return f"[{link_text(text)}]({relative(doc.src, here)})" + (f'{{ lang="{foreign}" }}' if foreign else "")
