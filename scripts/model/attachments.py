"""Files to download: the forms of a procedure's dossier rows and a plan's documents, kept in the repository.

A dossier row (`dossier[].attachments`) or a plan (`attachments`) names each file by its path relative to the
page's file, as links are written (`../tai-lieu/to-khai-ct01.docx`), and a title. Pages show each as a link
that says what it is and how big ("Tải Mẫu CT01 (DOCX, 24 KB)"); the procedure's summary lists them too. The
files are ordinary files under docs/, so the site, and the offline bundle, carry them.

Checked with the page's line and field: the file exists (scripts/model/linkcheck.py, as every link), it is of a
type pages may offer (mkdocs.yml `extra.content_safety.attachments`) and under that type's size limit
(`extra.content_safety.file_kb`). What is inside an office file is checked with every file (scripts/model/safety.py).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from scripts.model.content import DEFAULT_LANGUAGE, Problem, Site
from scripts.model.safety import Policy, file_size


@dataclass(frozen=True)
class Reference:
    """One file a page attaches, as written in its front matter."""

    key: tuple  # the key path of the item, e.g. ("dossier", 0, "attachments", 1)
    file: str  # as written: relative to the page's file
    target: str  # the file under docs/ it names

    @property
    def field(self) -> str:
        return ".".join(map(str, self.key + ("file",)))


@dataclass(frozen=True)
class FileInfo:
    """What a link to a file says about it: its type and its size."""

    suffix: str
    size: int  # bytes

    @property
    def kind(self) -> str:
        return self.suffix.upper()

    def size_text(self, lang: str) -> str:
        return file_size(self.size, "," if lang == DEFAULT_LANGUAGE else ".")


def items(meta: dict) -> Iterator[tuple[tuple, dict]]:
    """Each attachment of a page's front matter with its key path: a procedure's dossier rows, a plan's own."""
    papers = meta.get("dossier") if isinstance(meta.get("dossier"), list) else []
    for row, paper in enumerate(papers):
        if isinstance(paper, dict) and isinstance(paper.get("attachments"), list):
            yield from (((("dossier", row, "attachments", index)), item) for index, item in enumerate(paper["attachments"]))
    if isinstance(meta.get("attachments"), list):
        yield from (((("attachments", index)), item) for index, item in enumerate(meta["attachments"]))


def references(meta: dict, src: str) -> Iterator[Reference]:
    """The files a page's front matter attaches, resolved against the folder of its file `src` (a translation beside
    its original, whose dossier may hold its own)."""
    for key, item in items(meta):
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            written = item["file"].strip()
            yield Reference(key, written, posixpath.normpath(posixpath.join(posixpath.dirname(src), written)))


def attached_files(site: Site) -> frozenset[str]:
    """Every file under docs/ that some page offers to download."""
    return frozenset(ref.target for doc in site.documents if doc.valid for ref in references(doc.meta, doc.src))


def described(meta: dict, src: str, docs_dir: Path) -> dict[str, FileInfo]:
    """Type and size of each file a page attaches that exists, by the path as written (what the templates look up)."""
    found = {}
    for ref in references(meta, src):
        path = docs_dir / ref.target
        if not ref.target.startswith("../") and path.is_file():
            found[ref.file] = FileInfo(PurePosixPath(ref.target).suffix.lower().lstrip("."), path.stat().st_size)
    return found


def problems(site: Site, docs_dir: Path, shown: Callable[[str], str], policy: Policy) -> list[Problem]:
    """A file of a type pages may not offer, or over its type's size limit, said on the line that attaches it. A file
    that does not exist is the link check's to report (scripts/model/linkcheck.py), with the nearest file there is."""
    limits = dict(policy.file_kb)
    offered = [kind for kind in policy.attachment_types if kind in limits]
    found = []
    for doc in site.documents:
        for ref in references(doc.meta, doc.src) if doc.valid else []:
            suffix = PurePosixPath(ref.target).suffix.lower().lstrip(".")
            line = doc.key_lines.get(ref.key + ("file",))
            kinds = ", ".join(f".{kind}" for kind in offered)
            if suffix not in offered:
                found.append(Problem(shown(doc.src), line, ref.field,
                                     f"tệp «{ref.file}» có đuôi «.{suffix or '(không có đuôi)'}»: trang chỉ cho tải về tệp {kinds} "
                                     "(mkdocs.yml, extra.content_safety.attachments). Lưu tài liệu thành PDF hoặc DOCX rồi đính kèm tệp đó.",
                                     f"attachment type .{suffix} not allowed"))
                continue
            path = docs_dir / ref.target
            if ref.target.startswith("../") or not path.is_file():
                continue
            size = path.stat().st_size
            if size > limits[suffix] * 1024:
                found.append(Problem(shown(doc.src), line, ref.field,
                                     f"tệp «{ref.file}» nặng {file_size(size)}, quá giới hạn {limits[suffix]} KB cho tệp .{suffix} "
                                     f"(mkdocs.yml, extra.content_safety.file_kb.{suffix}): người đọc tải trên điện thoại sẽ lâu. "
                                     "Nén lại (ví dụ lưu PDF ở chất lượng thấp hơn) hoặc chia thành nhiều tệp.",
                                     f"attachment is {file_size(size)}, over the {limits[suffix]} KB limit"))
    return found
