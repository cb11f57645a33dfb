"""Pages made at build time from the content (indexes, listings, archives).

They are real Markdown files written into docs/_generated/ (git-ignored) before MkDocs reads the docs:
mkdocs-static-i18n handles real files in docs/ and drops virtual ones. Each is published at the URL it
names, without the _generated/ prefix. Files are rewritten only when their text changes, so `mkdocs serve`
does not rebuild for ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml
from mkdocs.structure.files import File, Files

from scripts.model.content import DEFAULT_LANGUAGE, GENERATED_DIR, Problem, Site
from scripts.model.render import text


@dataclass(frozen=True)
class GeneratedPage:
    url: str  # where the page is published, without the language prefix: "thu-tuc/linh-vuc/ho-tich/"
    lang: str
    text: str  # Markdown, with front matter

    @property
    def src(self) -> str:
        """Its file under docs/: _generated/thu-tuc/linh-vuc/ho-tich.md, or .en.md for English."""
        stem = self.url.strip("/") or "index"
        suffix = "" if self.lang == DEFAULT_LANGUAGE else f".{self.lang}"
        return f"{GENERATED_DIR}/{stem}{suffix}.md"


def path_from_root(url: str, lang: str, use_directory_urls: bool) -> str:
    """Where a page of this URL is published, from the site root, as a theme template's `url` filter takes it
    (the offline bundle writes kiosk.html, not kiosk/)."""
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    return prefix + (url if use_directory_urls else f"{url.rstrip('/')}.html")


def write(docs_dir: Path, pages: list[GeneratedPage]) -> None:
    """Make docs/_generated/ hold exactly these pages."""
    root = docs_dir / GENERATED_DIR
    # The build owns this folder: through a symbolic link in it (one could be committed: the ignore rule does
    # not match a link) it would write and delete files wherever the link points.
    if root.is_symlink() or root.is_dir() and any(path.is_symlink() for path in root.rglob("*")):
        raise OSError(f"{root}: thư mục do bản dựng tạo không được là hoặc chứa liên kết tượng trưng (symlink); xóa nó rồi dựng lại")
    wanted = {docs_dir / page.src: page.text for page in pages}
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def collisions(site: Site, pages: list[GeneratedPage], shown=lambda src: f"docs/{src}") -> list[Problem]:
    """An editor's page at a URL that a generated page also takes."""
    taken = {(page.lang, page.url) for page in pages}
    return [Problem(shown(doc.src), None, None, f"trang /{doc.url} trùng địa chỉ với một trang tự động tạo. Đổi tên tệp.",
                    "URL taken by a generated page")
            for doc in site.documents if (doc.lang, doc.url) in taken]


def publish_at_own_url(files: Files, docs_dir: str, site_dir: str, use_directory_urls: bool) -> Files:
    """Files under _generated/ published without that prefix (to run before mkdocs-static-i18n's on_files)."""
    result = []
    for file in files:
        if file.src_uri.startswith(f"{GENERATED_DIR}/"):
            dest = str(PurePosixPath(file.dest_uri).relative_to(GENERATED_DIR))
            file = File(file.src_uri, docs_dir, site_dir, use_directory_urls, dest_uri=dest, inclusion=file.inclusion)
        result.append(file)
    return Files(result)


def page_src(url: str) -> str:
    """The source file a generated page is written to (links are written to source files)."""
    return GeneratedPage(url, DEFAULT_LANGUAGE, "").src


def listing_page(url: str, lang: str, title: str, body: str) -> GeneratedPage:
    """A generated listing page: left out of search (it only repeats titles and summaries)."""
    front = yaml.safe_dump({"title": title, "search": {"exclude": True}}, allow_unicode=True, sort_keys=False)
    return GeneratedPage(url, lang, f"---\n{front}---\n\n# {text(title)}\n\n{body}\n")
