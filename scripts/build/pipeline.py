"""The build as three stages over one explicit context, `Build`, with the engine in the middle.

1. prepare: mkdocs.yml's blocks and the content read and checked (every problem at once; nothing is built when one
   is an error), then the generated pages written as Markdown files (docs/_generated/);
2. the engine: MkDocs builds each language (mkdocs-static-i18n), the others than the default at the same time as it
   in a process of their own, each with a copy of the `Build` writing `elsewhere`. scripts/engine/plugin.py hands its
   events to the page functions below, which take plain values (the table of contents aside, sanitised where it is);
3. finish: after each language, its built pages made ready to publish (each one's Content-Security-Policy, read
   from the HTML the engine wrote), its search index and news feed, the sitemap's alternates and (once) the
   compose page's data, all from what prepare read and what the engine's run of that language recorded; a language
   finished apart is then moved into the site (`take_in`).
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.pages import agency, compose, listings, news, offline, plans, procedures, references, sitemap
from scripts.model import attachments, content, files, generated, pagelinks, querywords, safety, search
from scripts.build import site as site_check
from scripts.model.render import TEMPLATE_DIR, labelled_cells, page_title, render_page
from scripts.model.sections import Sections
from scripts.model.translations import TRANSLATIONS_DIR, translator
from scripts.model.vietnamese import nfc


class ContentError(Exception):
    """The content has errors: the message lists them all, in Vietnamese, and nothing is built."""


@dataclass(frozen=True)
class Settings:
    """Where the stages read and write, from mkdocs.yml (the blocks of `extra` are the check's: `Checked.config`)."""

    docs_dir: Path
    site_dir: Path
    site_url: str  # "" when mkdocs.yml has none: no feed and no sitemap
    repository: dict[str, str] | None  # GitHub's addresses for proposing and editing pages (scripts/pages/compose.py)
    preview: bool = False  # built for `mkdocs serve` on the editor's machine, never published

    @classmethod
    def of(cls, config, preview: bool = False) -> Settings:
        return cls(Path(config.docs_dir), Path(config.site_dir), config.site_url or "", compose.repository(config.repo_url, config.edit_uri),
                   preview)


# How `make serve` runs MkDocs (`python -m scripts.cli serve`): a dirty build renders only the pages whose file is
# newer than what it wrote before; prepare marks stale every page a change touches beyond its own (`follows`).
PREVIEW = ("serve", "--dirty")
WRITER_SECONDS = 120  # the longest a preview's data files may take (about 3 s at 3,000 pages)


@dataclass
class Build:
    """One build of every language: what prepare read, and what each language's run adds for finish."""

    settings: Settings
    checked: site_check.Checked
    stamp: tuple = ()  # what every page is made with besides the content (`inputs_stamp`)
    search_entries: dict[str, dict[str, search.Entry]] = field(default_factory=dict)  # language -> URL -> the page as search sees it
    fallbacks: set[str] = field(default_factory=set)  # site-relative URLs of pages built from another language's text
    started: float = 0.0  # when prepare began to read (time.time())
    dirty: bool = False  # MkDocs renders only the pages whose file is newer than the page it wrote before
    renders_all: bool = True  # every page is rendered (a dirty build's: all were marked stale)
    rendered: set[Path] = field(default_factory=set)  # a dirty build's pages as MkDocs wrote them (their output files)
    finished: set[str] = field(default_factory=set)  # the languages finish has run for
    reads: content.Reads | None = None  # a preview's files as read, for the next build to read only those saved since
    # a preview's data files, written after its pages: language -> its writer (this build's, or the build before's
    # until this one's finish waits for it)
    writing: dict[str, multiprocessing.Process] = field(default_factory=dict)

    @property
    def site(self) -> content.Site:
        return self.checked.site


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


# --- 1. prepare --------------------------------------------------------------------------------------

def prepare(config, preview: bool = False, dirty: bool = False, previous: Build | None = None) -> Build:
    """The content checked with a loaded mkdocs.yml; the generated pages written. Raises ContentError on an error.
    preview: the build is `mkdocs serve`'s (the pages' policy lets its live-reload script run); dirty: MkDocs renders
    only the pages whose file changed since `previous`, the preview's last good build (None: unknown)."""
    started, stamp = time.time(), inputs_stamp(config)
    reads = (previous.reads if previous is not None and previous.stamp == stamp else {}) if dirty else None
    with collector_paused():
        checked = site_check.examine_config(config, reads)
    if checked.site.errors:
        listing = "\n".join(str(p) for p in checked.site.errors)
        raise ContentError(f"Nội dung có {len(checked.site.errors)} lỗi; chưa xây dựng trang web. Sửa các lỗi sau "
                           f"(chạy «make check» để xem lại):\n{listing}")
    settings = Settings.of(config, preview)  # mkdocs.yml's blocks are known good now
    generated.write(settings.docs_dir, checked.pages)
    build = Build(settings, checked, stamp, started=started, dirty=dirty, reads=reads, writing=previous.writing if previous else {})
    if dirty and previous is not None and follows(previous, build):
        build.search_entries, build.fallbacks, build.renders_all = previous.search_entries, previous.fallbacks, False
    elif dirty:
        mark_stale(settings.site_dir)
    return build


def settle(build: Build, lang: str | None = None) -> list[str]:
    """Wait for what a preview writes after a language's pages (`write_data`; every language's when None) before the
    same files are written again; what went wrong, for the log."""
    said, waited = [], list(build.writing) if lang is None else [lang] if lang in build.writing else []
    for writer in (build.writing.pop(name) for name in waited):
        writer.join(WRITER_SECONDS)
        if writer.exitcode != 0:  # still running (stopped now) or failed: the preview's search shows an older build
            writer.terminate()
            said.append(f"Bản xem trước: chưa ghi được chỉ mục tìm kiếm hoặc dữ liệu trang soạn bài (mã {writer.exitcode}); "
                        "lần lưu sau sẽ ghi lại.")
    return said


def inputs_stamp(config) -> tuple:
    """What every page is made with besides the content, as (path, time, size) of each file: mkdocs.yml, the pages
    `nav` names (their titles label every page's navigation), the theme's overrides, our templates, translations and
    schemas, the data files beside docs/, and every file of docs/ that is not a page (attachments, images, scripts)."""
    docs = Path(config.docs_dir)
    files = [Path(config.config_file_path), *(docs / page for _, page in site_check.nav_files(config.nav or []))]
    for folder in [TEMPLATE_DIR, TRANSLATIONS_DIR, content.SCHEMA_DIR, docs.parent / content.DATA_DIR, docs,
                   *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]:
        for root, folders, names in os.walk(folder):
            folders[:] = [name for name in folders if not (folder == docs and Path(root) == docs and name == content.GENERATED_DIR)]
            files += [Path(root, name) for name in names if not (folder == docs and name.endswith(".md"))]
    return tuple(sorted((str(path), stat.st_mtime_ns, stat.st_size) for path in files if path.is_file() for stat in [path.stat()]))


def follows(previous: Build, build: Build) -> bool:
    """Whether every page the change touches is one whose own file changed, so that a dirty build, which renders
    those alone, gives the site a full build would: a build of the same site before that finished, the same settings
    and files besides the content (`inputs_stamp`), the same pages with the same front matter, the same generated
    pages (each rewritten only when its text changes) and the same mentions."""
    def documents(checked: site_check.Checked) -> list:
        return [(d.src, d.kind, d.valid, d.meta, sorted(d.translations)) for d in checked.site.documents]

    def mentions(checked: site_check.Checked) -> dict:
        return {target: [d.src for d in docs] for target, docs in checked.references.mentions.items()}

    before, after = previous.checked, build.checked
    return (previous.finished >= set(content.LANGUAGES) and previous.settings == build.settings and previous.stamp == build.stamp
            and before.config == after.config and documents(before) == documents(after)
            and [(p.src, p.text) for p in before.pages] == [(p.src, p.text) for p in after.pages] and mentions(before) == mentions(after))


def mark_stale(site_dir: Path) -> None:
    """Every page built before dated 0, older than its source, so that a dirty build renders it again (and finish
    knows a page still dated 0 as one no longer made)."""
    for path in site_dir.rglob("*.html"):
        os.utime(path, (0, 0))


def not_in_nav(sections: Sections) -> list[str]:
    """The pages reached from their section's index page rather than the navigation (gitignore patterns, as
    mkdocs.yml's not_in_nav): every section's pages (extra.sections) and the generated ones."""
    return [f"/{folder}/*" for folder in (*sections.folders, content.GENERATED_DIR)]


def notes(build: Build) -> list[str]:
    """The problems that are not errors (warnings, information), as the build log shows them."""
    return [str(p) for p in build.site.problems if p.severity != "error"]


# --- 2. each page, as the engine builds it -------------------------------------------------------------

def document(build: Build, src: str) -> content.Document | None:
    """The original document behind a page (for a translation or a fallback page alike), by its source path."""
    return build.site.by_src.get(src)


def page_source(build: Build, src: str, path: Path) -> str:
    """A page's Markdown as the engine should read it. An article, plan or procedure was read and checked by prepare:
    its body as the check read it (NFC), behind an empty front matter, as `page_markdown` gives the page its metadata
    from the checked document (at thousands of procedures, reading their YAML again cost seconds). Any other file is
    read here, NFC too: text copied from PDFs is often decomposed (NFD); readers and search expect one form."""
    doc = build.site.by_file.get(src)
    if doc is not None and doc.kind != "page":
        return "---\n{}\n---\n" + doc.body
    return nfc(path.read_text(encoding="utf-8-sig"))


@dataclass(frozen=True)
class PageText:
    """A page's Markdown after our templates, and the metadata the layout prints (None: the page's own)."""

    markdown: str
    meta: dict[str, Any] | None = None


def page_markdown(build: Build, markdown: str, src: str, norm_src: str, lang: str, canonical_url: str | None) -> PageText:
    """A page's Markdown with its markers expanded; an article, plan or procedure rendered from its front matter."""
    markdown = listings.expand_markers(markdown, build.site, src, lang)
    doc = document(build, norm_src)
    if doc is None or doc.kind == "page":
        return PageText(markdown)
    meta = doc.localized(lang)
    title = page_title(doc.kind, meta, lang)
    described = procedures.description(meta, lang) if doc.kind == "procedure" else meta.get("summary") or meta.get("purpose")
    shown = {**meta, "title": title, "description": described}
    context: dict[str, Any] = {}
    if doc.kind in ("article", "plan"):
        markdown = references.link(markdown, build.checked.references, doc, src)
        context = (news.article_context(build.site, build.checked.articles, doc, src, lang) if doc.kind == "article"
                   else plans.plan_context(build.checked.references, doc, src, lang))
    if doc.kind == "article":
        shown["cchc_share"] = news.share_meta(doc, lang, canonical_url, build.settings.site_url)
    if doc.kind == "procedure":
        office = agency.office_for(build.site.agency, doc.meta)
        context["office"] = agency.office_view(office, lang) if office else None
        context["online_url"] = procedures.online_url(doc.meta)
    if opened := compose.open_query(doc, src, lang):
        shown["cchc_compose"] = {"query": opened[0], "words": opened[1]}
    rendered = render_page(doc.kind, meta, markdown, lang, links=_links(build, doc, src, lang), title=title, **context,
                           files=attachments.described(meta, doc.src, build.settings.docs_dir),
                           category=build.site.category_label(meta["category"], lang) if doc.kind == "article" else None)
    if doc.kind == "procedure":
        rendered += references.mentions_section(build.checked.references, doc, src, lang)
    return PageText(rendered, shown)


def page_html(build: Build, html: str, toc, norm_src: str, canonical_url: str | None) -> str:
    """A page's HTML as it is published: through the allow-list sanitiser (scripts/model/safety.py), the headings of the
    table of contents too (the check refuses what it would change; this makes sure nothing else gets through);
    leaflet links on plans and procedures; labelled table cells for narrow screens."""
    policy = build.checked.config.policy
    html = safety.sanitise(html, policy)
    safety.sanitise_toc(toc, policy)
    doc = document(build, norm_src)
    if doc is not None and doc.kind in ("plan", "procedure"):  # printed and handed out as leaflets
        html = plans.leaflet_links(html, canonical_url)
    return labelled_cells(html)


def record_rendered(build: Build, output: str) -> None:
    """A page a dirty build rendered, by the file MkDocs writes it to (finish publishes those)."""
    if build.dirty:
        build.rendered.add(Path(output))


def record_for_search(build: Build, lang: str, url: str, title: str, html: str, meta: dict, norm_src: str) -> None:
    """The page as search sees it, kept for finish: its identifiers and other names are searched like its title."""
    if search.excluded(meta):
        return
    doc = document(build, norm_src)
    keys = []
    if doc is not None:
        keys = [doc.meta.get("number"), doc.meta.get("code"), *doc.meta.get("former_codes", [])]
        keys += doc.meta.get("also_known_as" if lang == content.DEFAULT_LANGUAGE else f"also_known_as_{lang}", [])
        if doc.kind == "procedure" and lang != doc.lang:
            keys.append(doc.meta["name"])  # named in English, still found by its Vietnamese name (what the office calls it)
    listing = doc is not None and listings.MARKER.search(doc.body) is not None
    build.search_entries.setdefault(lang, {})[url] = search.entry(url, safety.title_text(title), html, keys, listing)


def _links(build: Build, doc: content.Document, here: str, lang: str) -> dict[str, dict[str, str | None]]:
    """Link targets, relative to the page, for every plan number and procedure code the page names (a
    procedure's name in the page's language when it has one, else marked with the language it is in)."""
    targets = {}
    for number in doc.meta.get("implements", []) if doc.kind == "plan" else doc.meta.get("plans", []):
        plan = build.checked.references.plan(number, doc.meta.get("implements_issuer") if doc.kind == "plan" else None)
        if plan is not None:
            targets[number] = {"label": number, "src": pagelinks.relative(plan.src, here)}
    for code in doc.meta.get("procedures", []):
        if (target := build.site.procedure(code)) is not None:
            targets[code] = {"label": f"{target.localized(lang)['name']} ({code})", "src": pagelinks.relative(target.src, here),
                             "lang": pagelinks.other_language(target, lang)}
    return targets


# --- 3. finish ----------------------------------------------------------------------------------------

def built_pages(site_dir: Path, lang: str) -> list[Path]:
    """The HTML files of a language's run: the default language's at the root, the others' in their folders."""
    if lang != content.DEFAULT_LANGUAGE:
        return sorted((site_dir / lang).rglob("*.html"))
    others = set(content.LANGUAGES) - {lang}
    return sorted(path for path in site_dir.rglob("*.html") if path.relative_to(site_dir).parts[0] not in others)


def url_of(path: str, use_directory_urls: bool) -> str:
    """The site-relative URL of the page written at path (a folder's index.html is the folder's URL)."""
    if use_directory_urls and (path == "index.html" or path.endswith("/index.html")):
        return path.removesuffix("index.html")
    return path


def record_fallback(build: Build, url: str, output: str) -> None:
    """A page built from another language's text (overrides/main.html marks it): the sitemap claims no alternate for it."""
    if 'class="admonition note cchc-untranslated"' in output:
        build.fallbacks.add(url)


def publish_pages(build: Build, lang: str) -> None:
    """The language's built pages as they are published: the fallbacks noted for the sitemap, the alternate links
    Material would fetch sitemap.xml for taken out, and the Content-Security-Policy put first in each head."""
    settings = build.settings
    for path in built_pages(settings.site_dir, lang):
        if build.dirty and path not in build.rendered:
            written = path.stat().st_mtime
            if build.renders_all and written == 0:  # marked stale and not made again (renamed, deleted, an empty list)
                path.unlink()
            if written < build.started:  # else as the build before published it (404.html, written by the theme, is new)
                continue
        html = path.read_bytes().decode("utf-8")
        record_fallback(build, url_of(path.relative_to(settings.site_dir).as_posix(), build.site.directory_urls), html)
        published = safety.with_content_security_policy(offline.drop_alternate_links(html), build.checked.config.policy.embed_hosts,
                                                         settings.preview)
        if published != html:
            path.write_bytes(published.encode("utf-8"))
        if build.dirty:  # as old as what it was made from: a file saved while this build ran is newer, rendered next time
            os.utime(path, (build.started, build.started))


def finish(build: Build, lang: str, site_name: str, site_description: str, apart: bool = False) -> list[str]:
    """After a language is built: its pages made ready to publish, its search index and feed, the sitemap, and the
    compose page's data (once); what went wrong with a preview's data files, for the log. apart: the language was
    built by a process of its own, which leaves the sitemap to `take_in` and a preview's data files to `data_later`."""
    site_dir = build.settings.site_dir
    publish_pages(build, lang)
    said = settle(build, lang)  # the build before's, if a preview's writer still writes them
    if apart and data_later(build):
        pass  # the copy that built the language writes them once its pages are handed over
    elif build.renders_all or sys.platform != "linux":  # forking a process that runs threads is safe on Linux alone
        write_data(build, lang)
    else:  # a preview's save: the page is shown first; its data is written beside it by a copy of this process (it
        # has the build in memory: nothing to send), on another core, while the reader looks at the page
        writer = multiprocessing.get_context("fork").Process(target=write_data, args=(build, lang), daemon=True)
        writer.start()
        build.writing[lang] = writer
    if build.settings.site_url:
        _write_feed(build, lang, site_name, site_description)
        if not apart:  # after each language, so that the last one leaves the sitemap right whatever the order
            sitemap.rewrite(site_dir, build.fallbacks, build.settings.site_url, compose.unlisted_urls())
    build.finished.add(lang)
    return said


def data_later(build: Build) -> bool:
    """Whether a language built apart writes its data files after handing its pages over: in a preview's save, as
    the process itself does with a forked writer (the page is shown first; the next build waits for them)."""
    return not build.renders_all


def elsewhere(build: Build, site_dir: Path) -> Build:
    """The build writing into another folder: a language built by a process of its own, moved in by `take_in`."""
    return dataclasses.replace(build, settings=dataclasses.replace(build.settings, site_dir=site_dir))


def take_in(build: Build, lang: str, folder: Path | None, sitemap_xml: str | None, fallbacks: set[str],
            entries: dict[str, search.Entry] | None) -> None:
    """A language finished by another process, taken in as if this process had built it after its own: the folder it
    was built in (`elsewhere`; None: this site's, a preview's) moved into the site, its files over the same files;
    its sitemap entries after this one's, the sitemap's alternates then dropped for every page either language built
    as a fallback; its search entries kept (a preview's next build keeps those of the pages it does not render)."""
    site_dir = build.settings.site_dir
    if folder is not None:
        files.move_tree(folder, site_dir)
    ours = site_dir / "sitemap.xml"
    if sitemap_xml:
        sitemap.write(site_dir, sitemap.joined(ours.read_text(encoding="utf-8"), sitemap_xml) if ours.is_file() else sitemap_xml)
    if entries is not None:
        build.search_entries[lang] = entries
    build.fallbacks |= fallbacks
    if build.settings.site_url:
        sitemap.rewrite(site_dir, build.fallbacks, build.settings.site_url, compose.unlisted_urls())
    build.finished.add(lang)


def write_data(build: Build, lang: str) -> None:
    """The files a language's pages load when the reader asks: its search index and (once for both languages) the
    compose page's data."""
    site_dir = build.settings.site_dir
    with collector_paused():
        search.write_index(list(build.search_entries.get(lang, {}).values()), site_dir / search.index_folder(lang, content.DEFAULT_LANGUAGE),
                           querywords.for_search(build.checked.words[lang]))
    if lang == content.DEFAULT_LANGUAGE:
        compose.write_data(build.site, site_dir, build.site.categories, build.settings.repository, build.site.agency.fields)


def _write_feed(build: Build, lang: str, site_name: str, site_description: str) -> None:
    """The news feed of one language, beside its news pages (absolute links: site_url)."""
    path = build.settings.site_dir / news.feed_path(build.site.sections, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(news.feed(build.site, lang, build.settings.site_url, f"{site_name} · {translator(lang)('news.title')}",
                              site_description), encoding="utf-8")
