"""MkDocs hooks: thin adapters from MkDocs events to the project's modules.

Validation runs before anything is built; an invalid site stops the build with every problem listed.
"""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path

# MkDocs loads a hook file by its path, not as part of a package: make `scripts` importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from scripts import content, generated, listings, site as site_check  # noqa: E402
from scripts.render import plan_title, render_page, tel_href  # noqa: E402
from scripts.translations import translator  # noqa: E402
from scripts.vietnamese import format_date, nfc, slugify  # noqa: E402

log = get_plugin_logger("cchc")
_site: content.Site | None = None


def current_language(config: MkDocsConfig) -> str:
    """The language being built: mkdocs-static-i18n builds each language in turn and sets the theme's."""
    return config.theme["language"]


def categories(config: MkDocsConfig) -> dict[str, str]:
    """Category name -> its English label, from mkdocs.yml."""
    return {c["name"]: c.get("en", c["name"]) for c in config.extra.get("categories", [])}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Heading anchors as ASCII slugs with đ -> d (the default drops đ: "Đất đai" -> "at-ai").
    config.mdx_configs.setdefault("toc", {})["slugify"] = lambda value, separator: slugify(value).replace("-", separator)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    global _site
    if _site is not None and current_language(config) != content.DEFAULT_LANGUAGE:
        return  # the other languages reuse what the first build read and wrote
    docs_dir = Path(config.docs_dir)
    _site = site_check.check(docs_dir, list(categories(config)), site_check.repo_prefix(docs_dir, Path(config.config_file_path)))
    for problem in _site.problems:
        if problem.severity != "error":
            log.info(str(problem))
    if _site.errors:
        listing = "\n".join(str(p) for p in _site.errors)
        raise PluginError(f"Nội dung có {len(_site.errors)} lỗi; chưa xây dựng trang web. Sửa các lỗi sau (chạy «make check» để xem lại):\n{listing}")
    generated.write(docs_dir, site_check.generated_pages(_site))


def on_files(files, config: MkDocsConfig):
    return generated.publish_at_own_url(files, config.docs_dir, config.site_dir, config.use_directory_urls)


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    # Text copied from PDFs is often decomposed (NFD); readers and search expect one form.
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    return nfc(source) if source != nfc(source) else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    lang = current_language(config)
    markdown = listings.expand_markers(markdown, _site, page.file.src_uri, lang)
    doc = _document(page)
    if doc is None or doc.kind == "page":
        return markdown
    meta = doc.localized(lang)
    title = {"article": lambda: meta["title"], "plan": lambda: plan_title(meta, lang), "procedure": lambda: meta["name"]}[doc.kind]()
    page.meta = {**meta, "title": title, "description": meta.get("summary") or meta.get("purpose") or page.meta.get("description")}
    return render_page(doc.kind, meta, markdown, lang, links=_links(doc, page), title=title,
                       category=categories(config).get(meta.get("category"), "") if lang == "en" else meta.get("category"))


def on_env(env, config: MkDocsConfig, files):
    lang = current_language(config)
    env.globals["t"] = translator(lang)
    env.filters["tel"] = tel_href
    env.filters["local_date"] = lambda value: format_date(content.parse_date(str(value)), lang)
    return env


def _document(page: Page) -> content.Document | None:
    """The original document behind a page (for a translation or a fallback page alike)."""
    if _site is None:
        return None
    src = getattr(page.file, "norm_src_uri", page.file.src_uri)
    return _site.by_src.get(src)


def _links(doc: content.Document, page: Page) -> dict[str, dict[str, str]]:
    """Link targets, relative to the page, for every plan number and procedure code the page names."""
    assert _site is not None
    here = posixpath.dirname(page.file.src_uri)
    targets = {}
    for number in [*doc.meta.get("implements", []), *doc.meta.get("plans", [])]:
        if number in _site.plans_by_number:
            targets[number] = {"label": number, "src": posixpath.relpath(_site.plans_by_number[number].src, here)}
    for code in doc.meta.get("procedures", []):
        if code in _site.procedures_by_code:
            target = _site.procedures_by_code[code]
            targets[code] = {"label": f"{target.meta['name']} ({code})", "src": posixpath.relpath(target.src, here)}
    return targets
