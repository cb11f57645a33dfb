"""MkDocs hooks: thin adapters from MkDocs events to the project's modules.

Validation runs before anything is built; an invalid site stops the build with every problem listed.
"""

from __future__ import annotations

import gc
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

# MkDocs loads a hook file by its path, not as part of a package: make `scripts` importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from scripts import (agency, attachments, compose, content, generated, listings, news, offline, plans, procedures, querywords, references,  # noqa: E402
                     safety, search, site as site_check, sitemap, wayfinding)
from scripts.render import labelled_cells, page_title, render_page, tel_href  # noqa: E402
from scripts.translations import translations, translator  # noqa: E402
from scripts.vietnamese import format_date, heading_id, nfc  # noqa: E402

log = get_plugin_logger("cchc")
_site: content.Site | None = None
_references: references.Index | None = None
_search_entries: list[search.Entry] = []  # the pages of the language being built
_fallbacks: set[str] = set()  # pages (site-relative URLs) built from another language's text, every language


@contextmanager
def collector_paused():
    """Python's cycle collector off while a step builds large, acyclic data (the content check, the search
    index): otherwise each burst of allocations makes it walk the whole build's memory again. Measured at
    3,000 pages: the two steps took 40 % less CPU time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def current_language(config: MkDocsConfig) -> str:
    """The language being built: mkdocs-static-i18n builds each language in turn and sets the theme's."""
    return config.theme["language"]


def categories(config: MkDocsConfig) -> dict[str, str]:
    """Category name -> its English label, from mkdocs.yml."""
    return {c["name"]: c.get("en", c["name"]) for c in config.extra.get("categories", [])}


def warnings_always_shown() -> None:
    """`--quiet` raises MkDocs' log level to ERROR, and a warning never logged is neither shown nor counted by
    strict mode (MkDocs issue #4126): a broken link would be published. A strict build always logs warnings."""
    log_root = logging.getLogger("mkdocs")
    if log_root.getEffectiveLevel() > logging.WARNING:
        log_root.setLevel(logging.WARNING)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if config.strict:
        warnings_always_shown()
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_id
    if offline.is_offline_build(config):
        config.theme["features"] = offline.offline_features(config.theme["features"])
    news.category_labels = categories(config)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    global _site, _references
    _search_entries.clear()
    if _site is not None and current_language(config) != content.DEFAULT_LANGUAGE:
        return  # the other languages reuse what the first build read and wrote
    _fallbacks.clear()
    docs_dir = Path(config.docs_dir)
    with collector_paused():
        _site = site_check.check_config(config)
    for problem in _site.problems:
        if problem.severity != "error":
            log.info(str(problem))
    if _site.errors:
        listing = "\n".join(str(p) for p in _site.errors)
        raise PluginError(f"Nội dung có {len(_site.errors)} lỗi; chưa xây dựng trang web. Sửa các lỗi sau (chạy «make check» để xem lại):\n{listing}")
    _references = references.index(_site)
    generated.write(docs_dir, site_check.generated_pages(_site))


def on_files(files, config: MkDocsConfig):
    return generated.publish_at_own_url(files, config.docs_dir, config.site_dir, config.use_directory_urls)


def on_pre_page(page: Page, config: MkDocsConfig, files) -> Page:
    # A generated page has no file an editor could change: no "Sửa trang này" (overrides/partials/actions.html).
    # MkDocs would link docs/_generated/…, which is not in the repository.
    if page.file.src_uri.startswith(f"{content.GENERATED_DIR}/"):
        page.edit_url = None
    return page


def on_page_read_source(page: Page, config: MkDocsConfig) -> str:
    # An article, plan or procedure was read and checked before the build: its body as the check read it
    # (NFC), behind an empty front matter, as on_page_markdown sets the page's metadata from the checked
    # document (at thousands of procedures, reading their YAML again cost seconds). Any other file is read
    # here, NFC too: text copied from PDFs is often decomposed (NFD); readers and search expect one form.
    src = Path(page.file.abs_src_path).relative_to(config.docs_dir).as_posix()
    doc = _site.by_file.get(src) if _site is not None else None
    if doc is not None and doc.kind != "page":
        return "---\n{}\n---\n" + doc.body
    return nfc(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    lang = current_language(config)
    markdown = listings.expand_markers(markdown, _site, page.file.src_uri, lang)
    doc = _document(page)
    if doc is None or doc.kind == "page":
        return markdown
    meta = doc.localized(lang)
    title = page_title(doc.kind, meta, lang)
    described = procedures.description(meta, lang) if doc.kind == "procedure" else meta.get("summary") or meta.get("purpose")
    page.meta = {**meta, "title": title, "description": described or page.meta.get("description")}
    here = page.file.src_uri
    context = {}
    if doc.kind in ("article", "plan"):
        markdown = references.link(markdown, _references, doc, here)
        context = (news.article_context(_site, doc, here, lang) if doc.kind == "article"
                   else plans.plan_context(_references, doc, here, lang))
    if doc.kind == "article":
        page.meta["cchc_share"] = news.share_meta(doc, lang, page.canonical_url, config.site_url)
    if doc.kind == "procedure":
        office = agency.office_for(_site.agency, doc.meta)
        context["office"] = agency.office_view(office, lang) if office else None
        context["online_url"] = procedures.online_url(doc.meta)
    if opened := compose.open_query(doc, page.file.src_uri, lang):
        page.meta["cchc_compose"] = {"query": opened[0], "words": opened[1]}
    rendered = render_page(doc.kind, meta, markdown, lang, links=_links(doc, page, lang), title=title, **context,
                           files=attachments.described(meta, doc.src, Path(config.docs_dir)),
                           category=news.category_label(meta["category"], lang) if doc.kind == "article" else None)
    return rendered + references.mentions_section(_references, doc, here, lang) if doc.kind == "procedure" else rendered


def on_env(env, config: MkDocsConfig, files):
    lang = current_language(config)
    env.globals["t"] = translator(lang)
    # Material's own interface words that translations/*.yml replaces (overrides/partials/language.html)
    env.globals["material_words"] = {k.removeprefix("material."): v for k, v in translations(lang).items() if k.startswith("material.")}
    env.filters["tel"] = tel_href
    env.globals["news_feed"] = news.feed_path(lang)
    env.globals["search_index"] = search.index_folder(lang, content.DEFAULT_LANGUAGE)
    env.globals["kiosk_start"] = offline.kiosk_start(lang, config.use_directory_urls)
    env.globals["sitemap_page"] = generated.path_from_root(wayfinding.SITEMAP_URL, lang, config.use_directory_urls)
    env.globals["compose_page"] = compose.page_path(lang, config.use_directory_urls)
    env.globals["compose_data"] = compose.DATA_FOLDER
    env.filters["local_date"] = lambda value: format_date(content.parse_date(str(value)), lang)
    return env


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # Every language is built into one site folder: the root 404.html (GitHub Pages serves it for any missing
    # URL) stays the default language's, with a line in the other language; MkDocs skips an empty output.
    if template_name == "404.html" and current_language(config) != content.DEFAULT_LANGUAGE:
        return ""
    # The 404 page is a page too: the same Content-Security-Policy (scripts/safety.py); it has no content.
    return safety.with_content_security_policy(output, "", safety.policy(config).embed_hosts) if template_name.endswith(".html") else output


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    # A page the navigation does not list (an article, a procedure, a generated list) still belongs to a section:
    # its tab is marked (MkDocs marks only listed pages) and its breadcrumb leads back there. The mark of the
    # page before is cleared first: a top entry that is a page is active only while it is the page rendered.
    for item in nav.items:
        if item is not page and not getattr(item, "children", None):
            item.active = False
    section = wayfinding.section_of(nav.items, page.url)
    if section is not None and section is not page:
        section.active = True
        context["cchc_section"] = section
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # On every build, not only offline: Material fetches sitemap.xml beside each language alternate on every page
    # view (4.8 KB gzip at 230 pages, growing with the site, plus a 404 for en/sitemap.xml); the language menu
    # has its own per-page links, and the sitemap carries the hreflang alternates for search engines.
    output = offline.drop_alternate_links(output)
    if 'class="admonition note cchc-untranslated"' in output:  # overrides/main.html: the other language's text
        _fallbacks.add(page.url)
    # The second wall (scripts/safety.py): a Content-Security-Policy allowing only the layout's own scripts.
    return safety.with_content_security_policy(output, page.content or "", safety.policy(config).embed_hosts)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    # Published only through the allow-list sanitiser (scripts/safety.py), the headings of the table of
    # contents too: the check refuses what it would change, this makes sure nothing else gets through.
    policy = safety.policy(config)
    html = safety.sanitise(html, policy)
    safety.sanitise_toc(page.toc, policy)
    # Material prints page titles as HTML (MkDocs' own, taken from a heading, are): a front-matter title is
    # text, escaped once here for the navigation, tabs, footer and breadcrumbs too.
    if isinstance(page.meta.get("title"), str):
        page.meta["title"] = safety.title_html(page.meta["title"])
    doc = _document(page)
    if doc is not None and doc.kind in ("plan", "procedure"):  # printed and handed out as leaflets
        html = plans.leaflet_links(html, page.canonical_url)
    html = labelled_cells(html)
    if not search.excluded(page.meta):
        _search_entries.append(_search_entry(page, html, doc, current_language(config)))
    return html


def on_post_build(config: MkDocsConfig) -> None:
    # Runs once per language (mkdocs-static-i18n builds the others after this one): each writes its own index.
    with collector_paused():
        lang = current_language(config)
        words = querywords.load(Path(config.docs_dir))[0][lang]  # checked before the build began
        search.write_index(_search_entries, Path(config.site_dir) / search.index_folder(lang, content.DEFAULT_LANGUAGE), querywords.for_search(words))
    _write_feed(config)
    _write_sitemap(config)
    _write_compose_data(config)


def _write_compose_data(config: MkDocsConfig) -> None:
    """The compose page's forms and the pages it can open: one set of files for both languages' pages."""
    if _site is None or current_language(config) != content.DEFAULT_LANGUAGE:
        return
    compose.write_data(_site, Path(config.site_dir), categories(config), compose.repository(config.repo_url, config.edit_uri),
                       config.extra.get("agency", {}))


def _write_sitemap(config: MkDocsConfig) -> None:
    """After each language, so that the last one leaves the sitemap right whatever order they are built in."""
    if config.site_url:
        sitemap.rewrite(Path(config.site_dir), _fallbacks, config.site_url, compose.unlisted_urls())


def _search_entry(page: Page, html: str, doc: content.Document | None, lang: str) -> search.Entry:
    """The page as search sees it: its identifiers and other names are searched like its title."""
    keys = []
    if doc is not None:
        keys = [doc.meta.get("number"), doc.meta.get("code"), *doc.meta.get("former_codes", [])]
        keys += doc.meta.get("also_known_as" if lang == content.DEFAULT_LANGUAGE else f"also_known_as_{lang}", [])
        if doc.kind == "procedure" and lang != doc.lang:
            keys.append(doc.meta["name"])  # named in English, still found by its Vietnamese name (what the office calls it)
    listing = doc is not None and listings.MARKER.search(doc.body) is not None
    return search.entry(page.url, safety.title_text(page.meta.get("title") or page.title or ""), html, keys, listing)


def _write_feed(config: MkDocsConfig) -> None:
    """The news feed of the language just built, beside its news pages (absolute links need site_url)."""
    lang = current_language(config)
    if _site is None or not config.site_url:
        return
    path = Path(config.site_dir) / news.feed_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(news.feed(_site, lang, config.site_url, f"{config.site_name} · {translator(lang)('news.title')}",
                              config.site_description or ""), encoding="utf-8")


def _document(page: Page) -> content.Document | None:
    """The original document behind a page (for a translation or a fallback page alike)."""
    if _site is None:
        return None
    src = getattr(page.file, "norm_src_uri", page.file.src_uri)
    return _site.by_src.get(src)


def _links(doc: content.Document, page: Page, lang: str) -> dict[str, dict[str, str | None]]:
    """Link targets, relative to the page, for every plan number and procedure code the page names (a
    procedure's name in the page's language when it has one, else marked with the language it is in)."""
    assert _site is not None
    assert _references is not None
    here = page.file.src_uri
    targets = {}
    for number in doc.meta.get("implements", []) if doc.kind == "plan" else doc.meta.get("plans", []):
        plan = _references.plan(number, doc.meta.get("implements_issuer") if doc.kind == "plan" else None)
        if plan is not None:
            targets[number] = {"label": number, "src": news.relative(plan.src, here)}
    for code in doc.meta.get("procedures", []):
        if (target := _site.procedure(code)) is not None:
            targets[code] = {"label": f"{target.localized(lang)['name']} ({code})", "src": news.relative(target.src, here),
                             "lang": news.other_language(target, lang)}
    return targets
