"""The site as a whole: every check at once, and every page the build generates.

`make check` and the build both call `examine`, so an editor sees the same problems in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from scripts.pages import agency, compose, forms, listings, news, offline, plans, procedures, references, results, scaffold, wayfinding
from scripts.model import attachments, content, generated, linkcheck, querywords, safety


def repo_prefix(docs_dir: Path, config_file: Path) -> str:
    """docs_dir as the editor sees it in the repository ("docs"), so that problems name the file they edit."""
    docs, root = docs_dir.resolve(), config_file.resolve().parent
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)


@dataclass(frozen=True)
class Checked:
    """The content as the check read it, and what the build derives from it: made once, used by every stage."""

    site: content.Site
    references: references.Index
    articles: news.Articles
    pages: list[generated.GeneratedPage]  # every page the build generates
    words: dict  # language -> its search words and synonyms (data/, scripts/model/querywords.py)


# The blocks of mkdocs.yml's `extra` the build reads besides the identity block (scripts/pages/agency.py), each checked
# against its schema in schemas/config/ before it is used: key -> schema.
CONFIG_BLOCKS = {"categories": "config/categories", "content_safety": "config/content_safety", "news": "config/news"}


def categories(config) -> dict[str, str]:
    """The categories an article may name, each with its English label (mkdocs.yml, extra.categories)."""
    listed = config.extra.get("categories")
    return {c["name"]: c.get("en", c["name"]) for c in listed if isinstance(c, dict) and isinstance(c.get("name"), str)} if isinstance(listed, list) else {}


def block_problems(config, config_file: Path) -> list[content.Problem]:
    """Every problem of mkdocs.yml's blocks besides the identity block, each on its line."""
    return [problem for key, kind in CONFIG_BLOCKS.items() if key in config.extra  # content_safety may be left out: the strict defaults
            for problem in content.check_config_block(config_file, config_file.name, ("extra", key), config.extra[key], kind)]


def language_problems(config, config_file: Path) -> list[content.Problem]:
    """mkdocs.yml's languages (mkdocs-static-i18n) against the languages the content model is written for: the
    templates, translations/*.yml and the `.en.md` translations know Vietnamese (the default) and English only."""
    i18n = config.plugins.get("i18n")
    declared = [(lang.locale, bool(lang.default)) for lang in i18n.config.languages if lang.build] if i18n is not None else []
    expected = [(lang, lang == content.DEFAULT_LANGUAGE) for lang in content.LANGUAGES]
    if sorted(declared) == sorted(expected):
        return []
    lines = content.config_lines(config_file, ())
    line = next((n for path, n in lines.items() if path[-2:] == ("i18n", "languages")), lines.get(("plugins",)))
    shown = ", ".join(f"{locale}{' (mặc định)' if default else ''}" for locale, default in declared) or "không có"
    return [content.Problem(config_file.name, line, "plugins.i18n.languages",
                            f"trang web được viết cho hai ngôn ngữ: vi (mặc định) và en (mẫu trang, translations/vi.yml và en.yml, các tệp "
                            f"«.en.md»), nhưng mkdocs.yml dựng: {shown}. Giữ hai mục «locale: vi» (default: true) và «locale: en», cả hai "
                            f"«build: true».", "the site's languages are vi (default) and en")]


def examine_config(config) -> Checked:
    """`make check` and the build: the content checked with a loaded mkdocs.yml's settings, its blocks checked first
    (the defaults stand in for a block with an error, content safety's strict ones, so that the content is checked all the same)."""
    docs_dir, config_file = Path(config.docs_dir), Path(config.config_file_path)
    identity, problems = agency.load(config.extra.get("agency"), config_file, config_file.name)
    problems = sorted(problems + block_problems(config, config_file) + language_problems(config, config_file), key=lambda p: p.line or 0)

    def wrong(key: str) -> bool:
        return any(p.field and p.field.startswith(f"extra.{key}") and p.severity == "error" for p in problems)

    news = {} if wrong("news") else config.extra.get("news") or {}
    checked = examine(docs_dir, categories(config), repo_prefix(docs_dir, config_file),
                      safety.Policy() if wrong("content_safety") else safety.policy(config), identity, config.use_directory_urls,
                      news.get("per_page", content.Site.news_per_page))
    checked.site.problems[:0] = problems
    return checked


def check_config(config) -> content.Site:
    """The content of a loaded mkdocs.yml, with every problem (`make check`)."""
    return examine_config(config).site


def check(docs_dir: Path, categories: Mapping[str, str] | Iterable[str], prefix: str = "docs", policy: safety.Policy = safety.Policy(),
          identity: agency.Agency = agency.Agency(), directory_urls: bool = True) -> content.Site:
    """Every problem of the content; `policy` is mkdocs.yml's content-safety settings (strict defaults), `identity`
    its identity block, `directory_urls` its URL style (the files the build writes for scripts name pages by URL)."""
    return examine(docs_dir, categories, prefix, policy, identity, directory_urls).site


def examine(docs_dir: Path, categories: Mapping[str, str] | Iterable[str], prefix: str = "docs", policy: safety.Policy = safety.Policy(),
            identity: agency.Agency = agency.Agency(), directory_urls: bool = True, news_per_page: int = content.Site.news_per_page) -> Checked:
    """The content read and checked, every problem on `site.problems`, and what the build derives from it;
    `news_per_page`: articles on a page of the news listing."""
    site = content.load_site(docs_dir, categories, prefix)
    site.agency = identity
    site.directory_urls = directory_urls
    site.news_per_page = news_per_page
    index = references.index(site)
    shown = (lambda src: f"{prefix}/{src}") if prefix else (lambda src: src)
    problems = site.problems
    problems += agency.problems(site, shown)
    problems += safety.problems(site, docs_dir, shown, policy, attachments.attached_files(site))
    problems += attachments.problems(site, docs_dir, shown, policy)  # type and size, on the line that attaches
    problems += listings.marker_problems(site, shown)
    problems += references.problems(site, index, shown)
    problems += results.problems(site, docs_dir, prefix)  # data/*.csv, before the pages are made from them
    words, found = querywords.load(docs_dir, prefix)  # data/synonyms.yml, data/search-words.yml
    problems += found
    problems += forms.problems(docs_dir, prefix)  # data/forms/*.yml and the DOCX made from each
    pages = generated_pages(site)  # after the data files' check: pages are made from them
    problems += generated.collisions(site, pages, shown)
    problems += linkcheck.problems(site, docs_dir, pages, safety.Renderer(policy), shown)
    site.problems = sorted(scaffold.with_placeholders(site, problems, shown),
                           key=lambda p: (p.path, p.line or 0, content.SEVERITIES.index(p.severity)))
    return Checked(site, index, news.Articles.of(site), pages, words)


# Each module that makes pages from the content adds its function here: site -> list of GeneratedPage.
GENERATORS: list = [offline.kiosk_pages, news.pages, plans.pages, procedures.pages, results.pages, compose.pages]


def generated_pages(site: content.Site) -> list[generated.GeneratedPage]:
    """Every page the build makes from the content; each module contributes its own."""
    pages = [page for generator in GENERATORS for page in generator(site)]
    return pages + wayfinding.sitemap_pages(site, pages)  # the map of all the others
