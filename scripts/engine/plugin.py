"""The MkDocs plugin `cchc` (mkdocs.yml `plugins:`, registered by pyproject.toml): MkDocs' events handed to the
stages of scripts/build/pipeline.py. The one build's state is `self.build`; the functions it calls hold none.

mkdocs-static-i18n builds the default language, then each other one from inside that build's on_post_build, with
the same plugin objects: prepare runs for the default language and the others reuse its `Build`. On Linux the
other languages are built at the same time instead: right after prepare, a forked copy of this process builds each
one, as mkdocs-static-i18n would have after the default one, into a folder of its own (a preview's: into the site
itself, which a dirty build does not clean), and this process takes it in once its own language is finished
(`pipeline.take_in`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import jinja2
import pathspec
from mkdocs.commands.build import build as engine_build
from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.pages import Page

from scripts.model import content, contract, generated, safety, search
from scripts.pages import compose, news, offline, wayfinding
from scripts.build import pipeline
from scripts.model.render import tel_href
from scripts.model.translations import translations, translator
from scripts.model.vietnamese import format_date, heading_id

log = get_plugin_logger("cchc")
# What MkDocs says at every dirty build (a warning, which `strict: true` would stop on) and, for mkdocs-static-i18n's
# English build, advice to clean the site folder: prepare marks stale what a change touches and finish removes the
# pages no longer made, so neither applies.
DIRTY_BUILD_WORDS = ("A 'dirty' build is being performed", "The directory contains stale files")


def not_about_dirty_builds(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(DIRTY_BUILD_WORDS)


def current_language(config: MkDocsConfig) -> str:
    """The language being built: mkdocs-static-i18n builds each language in turn and sets the theme's."""
    return config.theme["language"]


def warnings_always_shown() -> None:
    """`--quiet` raises MkDocs' log level to ERROR, and a warning never logged is neither shown nor counted by
    strict mode (MkDocs issue #4126): a broken link would be published. A strict build always logs warnings."""
    log_root = logging.getLogger("mkdocs")
    if log_root.getEffectiveLevel() > logging.WARNING:
        log_root.setLevel(logging.WARNING)


def source_of(page: Page) -> str:
    """The original's path under docs/ for a translation or a fallback page alike (mkdocs-static-i18n's norm_src_uri)."""
    return getattr(page.file, "norm_src_uri", page.file.src_uri)


# What MkDocs says of a whole build, which mkdocs-static-i18n leaves out for the languages built after the first.
WHOLE_BUILD_WORDS = ("Documentation built in", "Building documentation to directory")


def log_kept() -> list[tuple[str, int, str]]:
    """MkDocs' log of this process kept, not shown: (logger, level, message) of each record, for another process to
    show (a language built apart, whose log is shown after the default language's, as a build in turn shows it)."""
    kept: list[tuple[str, int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not record.getMessage().startswith(WHOLE_BUILD_WORDS):
                kept.append((record.name, record.levelno, record.getMessage()))

    logger = logging.getLogger("mkdocs")
    for handler in logger.handlers[:]:
        logger.removeHandler(handler)
    logger.addHandler(Keep())
    logger.propagate = False
    return kept


@dataclass
class Outcome:
    """What a language built apart sends back: its log, the pages it built from the default language's text, why
    it failed (None: it did not), which process built it and in how many seconds, its sitemap (MkDocs writes one per
    language), and a preview's search entries (the next build keeps those of the pages it does not render)."""

    log: list[tuple[str, int, str]]
    fallbacks: set[str]
    error: str | None
    pid: int
    seconds: float
    sitemap: str | None
    entries: dict | None


@dataclass
class Apart:
    """A language being built by a forked copy of this process into a folder of its own (None: into the site)."""

    process: multiprocessing.Process
    outcome: Connection
    folder: Path | None


class CchcConfig(base.Config):
    # The languages other than the default built at the same time as it, each by a copy of this process (Linux
    # only: a fork); false builds them in turn, as mkdocs-static-i18n does.
    languages_in_parallel = config_options.Type(bool, default=True)


class CchcPlugin(BasePlugin[CchcConfig]):
    def __init__(self) -> None:
        self.build: pipeline.Build | None = None
        self.serving = self.dirty = False
        self.apart: dict[str, Apart] = {}
        self.i18n_held = None  # mkdocs-static-i18n, told the other languages are built (`take_in_apart`)
        self.in_copy = False  # this process is a copy building one language (`build_apart`)
        self.sitemap_xml: str | None = None  # that language's sitemap, for the process that takes it in

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` adds its live-reload script inline to every page it serves: its builds are previews, whose
        # pages' policy lets it run (scripts/model/safety.py); the same object serves every rebuild.
        self.serving, self.dirty = command == "serve", dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(not_about_dirty_builds)  # once: the same function

    def on_shutdown(self) -> None:
        if self.build is not None:  # a preview's search index still being written
            for note in pipeline.settle(self.build):
                log.info(note)
        if self.i18n_held is not None:
            self.i18n_held.building, self.i18n_held = False, None

    def on_build_error(self, error: Exception) -> None:
        self.discard_apart()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.strict:
            warnings_always_shown()
        config.mdx_configs.setdefault("toc", {})["slugify"] = heading_id
        if offline.is_offline_build(config):
            config.theme["features"] = offline.offline_features(config.theme["features"])
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        lang = current_language(config)
        if self.build is None or lang == content.DEFAULT_LANGUAGE:
            try:
                self.build = pipeline.prepare(config, self.serving, self.dirty, self.build)
            except pipeline.ContentError as error:
                for note in pipeline.settle(self.build) if self.build is not None else []:  # no build waits for them now
                    log.info(note)
                self.build = None
                raise PluginError(str(error)) from None
            for note in pipeline.notes(self.build):
                log.info(note)
            if self.config.languages_in_parallel and sys.platform == "linux":
                others = [other for other in content.LANGUAGES if other != lang]
                for note in [said for other in others for said in pipeline.settle(self.build, other)]:  # a preview's
                    log.info(note)  # copy from the build before may still write its data files: not two at once
                self.apart = {other: self.start_apart(config, other) for other in others}
        # mkdocs-static-i18n puts mkdocs.yml's settings back before each language: the sections go in every time.
        sections = pathspec.GitIgnoreSpec.from_lines(pipeline.not_in_nav(self.build.site.sections))
        config.not_in_nav = sections + config.not_in_nav if config.not_in_nav else sections

    def on_files(self, files, config: MkDocsConfig):
        return generated.publish_at_own_url(files, config.docs_dir, config.site_dir, config.use_directory_urls)

    def on_pre_page(self, page: Page, config: MkDocsConfig, files) -> Page:
        # A generated page has no file an editor could change: no "Sửa trang này" (overrides/partials/actions.html).
        # MkDocs would link docs/_generated/…, which is not in the repository.
        if page.file.src_uri.startswith(f"{content.GENERATED_DIR}/"):
            page.edit_url = None
        return page

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str:
        return pipeline.page_source(self.build, page.file.src_uri, Path(page.file.abs_src_path))

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files) -> str:
        text = pipeline.page_markdown(self.build, markdown, page.file.src_uri, source_of(page), current_language(config), page.canonical_url)
        if text.meta is not None:
            page.meta = {**text.meta, "description": text.meta["description"] or page.meta.get("description")}
        return text.markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files) -> str:
        html = pipeline.page_html(self.build, html, page.toc, source_of(page), page.canonical_url)
        # Material prints page titles as HTML (MkDocs' own, taken from a heading, are): a front-matter title is
        # text, escaped once here for the navigation, tabs, footer and breadcrumbs too.
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = safety.title_html(page.meta["title"])
        pipeline.record_rendered(self.build, page.file.abs_dest_path)
        pipeline.record_for_search(self.build, current_language(config), page.url, page.meta.get("title") or page.title or "", html,
                                   page.meta, source_of(page))
        return html

    def on_env(self, env, config: MkDocsConfig, files):
        lang = current_language(config)
        # MkDocs makes a new template environment for every build (each language, each `make serve` rebuild), which
        # compiled the theme's 80-odd templates again every time; Jinja's own cache keeps them compiled, keyed by each
        # template's source, in a folder of this user's under the system's temporary directory.
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
        env.globals["t"] = translator(lang)
        # Material's own interface words that translations/*.yml replaces (overrides/partials/language.html)
        env.globals["material_words"] = {k.removeprefix("material."): v for k, v in translations(lang).items() if k.startswith("material.")}
        env.filters["tel"] = tel_href
        env.globals["news_feed"] = news.feed_path(self.build.site.sections, lang)
        env.globals["search_index"] = search.index_folder(lang, content.DEFAULT_LANGUAGE)
        env.globals["kiosk_start"] = offline.kiosk_start(lang, config.use_directory_urls)
        env.globals["sitemap_page"] = generated.path_from_root(wayfinding.SITEMAP_URL, lang, config.use_directory_urls)
        env.globals["compose_page"] = compose.page_path(lang, config.use_directory_urls)
        env.globals["compose_data"] = compose.DATA_FOLDER
        env.globals["contract"] = contract.names()  # the names the layout writes for the site's scripts (contract.js)
        env.globals["content_marks"] = {"start": safety.CONTENT_START, "end": safety.CONTENT_END}  # for finish's policy
        env.filters["local_date"] = lambda value: format_date(content.parse_date(str(value)), lang)
        return env

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
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

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        # Every language is built into one site folder: the root 404.html (GitHub Pages serves it for any missing
        # URL) stays the default language's, with a line in the other language; MkDocs skips an empty output.
        if template_name == "404.html" and current_language(config) != content.DEFAULT_LANGUAGE:
            return ""
        if template_name == "sitemap.xml" and self.in_copy:  # joined to the default language's by `take_in`
            self.sitemap_xml = output
            return ""
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Runs once per language (mkdocs-static-i18n builds the others after this one, with a lower priority).
        for note in pipeline.finish(self.build, current_language(config), config.site_name, config.site_description or "", self.in_copy):
            log.info(note)
        if self.apart:
            self.take_in_apart(config)

    # --- the other languages, built apart --------------------------------------------------------------

    def start_apart(self, config: MkDocsConfig, lang: str) -> Apart:
        """`lang` built by a forked copy of this process, into a new folder beside the site folder (a preview's, whose
        dirty build compares each page with the one written before: into the site itself)."""
        site_dir, folder = Path(config.site_dir), None
        if not self.dirty:
            site_dir.parent.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-{lang}-", dir=site_dir.parent))
        receiver, sender = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(target=self.build_apart, args=(config, lang, folder, sender), daemon=True)
        process.start()
        sender.close()  # the copy's end alone: when it ends without a word, reading gives EOFError
        return Apart(process, receiver, folder)

    def build_apart(self, config: MkDocsConfig, lang: str, folder: Path | None, outcome: Connection) -> None:
        """In the forked copy: `lang` built into `folder`, as mkdocs-static-i18n builds it after the default language
        (it sets the language, and marks itself building so as not to build the others from there); the outcome sent,
        then a preview's data files written (`pipeline.data_later`)."""
        started, kept = time.perf_counter(), log_kept()
        i18n = config.plugins["i18n"]
        i18n.current_language, i18n.building = lang, True
        self.apart, self.in_copy = {}, True
        if folder is not None:
            config.site_dir = str(folder)
            self.build = pipeline.elsewhere(self.build, folder)
        error = None
        try:
            engine_build(config, dirty=self.dirty)
        except MkDocsException as failure:
            error = str(failure)
        except Exception:
            error = traceback.format_exc()
        entries = self.build.search_entries.get(lang, {}) if self.dirty else None
        outcome.send(Outcome(kept, self.build.fallbacks, error, os.getpid(), time.perf_counter() - started, self.sitemap_xml, entries))
        if error is None and pipeline.data_later(self.build):
            pipeline.write_data(self.build, lang)

    def take_in_apart(self, config: MkDocsConfig) -> None:
        """Each language built apart waited for, its log shown, taken into the site (`pipeline.take_in`); a preview's
        copy, still writing its data files, waited for by the next build as a writer; mkdocs-static-i18n, which would
        build the language again next, told that it is built."""
        try:
            for lang, other in list(self.apart.items()):
                try:
                    outcome = other.outcome.recv()
                except EOFError:
                    other.process.join()
                    outcome = Outcome([], set(), f"Ngôn ngữ {lang}: tiến trình xây dựng dừng giữa chừng (mã thoát {other.process.exitcode}).", other.process.pid, 0, None, None)
                for name, level, message in outcome.log:
                    logging.getLogger(name).log(level, message)
                if outcome.error is not None:
                    raise Abort(outcome.error)
                pipeline.take_in(self.build, lang, other.folder, outcome.sitemap, outcome.fallbacks, outcome.entries)
                log.info(f"Ngôn ngữ {lang}: xây dựng song song trong tiến trình {outcome.pid} ({outcome.seconds:.1f} giây).")
                if other.folder is None:
                    self.build.writing[lang] = other.process
                else:
                    other.process.join()
                    shutil.rmtree(other.folder)
                del self.apart[lang]
        finally:
            self.discard_apart()
        self.i18n_held = config.plugins["i18n"]
        self.i18n_held.building = True

    def discard_apart(self) -> None:
        """The copies not taken in stopped if still running, their own folders removed."""
        for other in self.apart.values():
            other.process.join(0)
            if other.process.exitcode is None:
                other.process.terminate()
            other.process.join()
            if other.folder is not None:
                shutil.rmtree(other.folder, ignore_errors=True)
        self.apart = {}
