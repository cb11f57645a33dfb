"""The site as a whole: every check at once, and every page the build generates.

`make check` and the build both call `examine`, so an editor sees the same problems in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from scripts.pages import agency, compose, forms, listings, news, offline, plans, procedures, references, results, scaffold, wayfinding
from scripts.model import attachments, content, generated, linkcheck, querywords, safety, schemas, search, sections


def repo_prefix(docs_dir: Path, config_file: Path) -> str:
    """docs_dir as the editor sees it in the repository ("docs"), so that problems name the file they edit."""
    docs, root = docs_dir.resolve(), config_file.resolve().parent
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)


@dataclass(frozen=True)
class Checked:
    """The content as the check read it, and what the build derives from it: made once, used by every stage."""

    site: content.Site
    config: SiteConfig  # mkdocs.yml's settings it was checked with
    references: references.Index
    articles: news.Articles
    pages: list[generated.GeneratedPage]  # every page the build generates
    words: dict  # language -> its search words and synonyms (data/, scripts/model/querywords.py)


# The blocks of mkdocs.yml's `extra` the build reads besides the identity block (scripts/pages/agency.py), each checked
# against its schema in schemas/config/ before it is used: key -> schema.
CONFIG_BLOCKS = {"categories": "config/categories", "content_safety": "config/content_safety", "news": "config/news"}
# Top folders a section may not take -> what the site keeps there (said to the maintainer who chose one).
RESERVED_FOLDERS = {
    **{lang: f"nơi của bản {lang} của trang web" for lang in content.LANGUAGES if lang != content.DEFAULT_LANGUAGE},
    "assets": "nơi của tệp giao diện (kiểu chữ, hình, mã JavaScript)",
    search.index_folder(content.DEFAULT_LANGUAGE, content.DEFAULT_LANGUAGE).strip("/"): "nơi của chỉ mục tìm kiếm",
    offline.KIOSK_URL.strip("/"): "địa chỉ của màn hình tra cứu (kiosk)",
    compose.URL.strip("/"): "địa chỉ của trang soạn bài",
    wayfinding.SITEMAP_URL.strip("/"): "địa chỉ của sơ đồ trang",
    results.URL.strip("/"): "địa chỉ của trang kết quả cải cách hành chính",
}


@dataclass(frozen=True)
class SiteConfig:
    """What the check and the pages take from mkdocs.yml, read once; a block with an error stands at its defaults
    (content safety at its strict ones), so that the content is checked all the same."""

    categories: Mapping[str, str] | Iterable[str] = field(default_factory=dict)  # extra.categories: name -> English label, or names
    policy: safety.Policy = safety.Policy()  # extra.content_safety and the Markdown settings
    identity: agency.Agency = agency.Agency()  # extra.agency
    directory_urls: bool = True  # use_directory_urls (False in the offline bundle)
    news_per_page: int = content.Site.news_per_page  # extra.news.per_page
    sections: sections.Sections = sections.DEFAULT  # extra.sections

    @classmethod
    def read(cls, config) -> tuple[SiteConfig, list[content.Problem]]:
        """A loaded mkdocs.yml's settings, and every problem of its blocks, each on its line."""
        config_file = Path(config.config_file_path)
        identity, problems = agency.load(config.extra.get("agency"), config_file, config_file.name)
        problems += block_problems(config, config_file) + language_problems(config, config_file)

        def wrong(key: str) -> bool:
            return any(p.field and p.field.startswith(f"extra.{key}") and p.severity == "error" for p in problems)

        news = {} if wrong("news") else config.extra.get("news") or {}
        chosen, found = read_sections(config)
        problems += found + nav_problems(chosen, config, config_file)
        settings = cls(categories(config), safety.Policy() if wrong("content_safety") else safety.policy(config), identity,
                       config.use_directory_urls, news.get("per_page", content.Site.news_per_page), chosen)
        return settings, sorted(problems, key=lambda p: p.line or 0)


def categories(config) -> dict[str, str]:
    """The categories an article may name, each with its English label (mkdocs.yml, extra.categories)."""
    listed = config.extra.get("categories")
    return {c["name"]: c.get("en", c["name"]) for c in listed if isinstance(c, dict) and isinstance(c.get("name"), str)} if isinstance(listed, list) else {}


def block_problems(config, config_file: Path) -> list[content.Problem]:
    """Every problem of mkdocs.yml's blocks besides the identity block, each on its line."""
    return [problem for key, kind in CONFIG_BLOCKS.items() if key in config.extra  # each block may be left out: its defaults
            for problem in content.check_config_block(config_file, config_file.name, ("extra", key), config.extra[key], kind)]


def read_sections(config) -> tuple[sections.Sections, list[content.Problem]]:
    """mkdocs.yml's `extra.sections` checked (its schema, then what the schema cannot say), and every problem of it.
    A value with an error stands at its default, so that the content is checked in the folders meant; the build and
    `make new`/`make import` go no further while there is one."""
    config_file = Path(config.config_file_path)
    block = config.extra.get("sections")
    found = content.check_config_block(config_file, config_file.name, ("extra", "sections"), block, sections.SCHEMA) if block is not None else []
    wrong = {p.field for p in found}
    kept = {kind: {name: value for name, value in fields.items() if f"extra.sections.{kind}.{name}" not in wrong}
            for kind, fields in (block.items() if isinstance(block, dict) and "extra.sections" not in wrong else ())
            if kind in sections.KINDS and isinstance(fields, dict) and f"extra.sections.{kind}" not in wrong}
    chosen = sections.Sections.of(kept)
    return chosen, found + section_problems(chosen, config_file, wrong)


def section_problems(chosen: sections.Sections, config_file: Path, wrong: set[str]) -> list[content.Problem]:
    """What the schema cannot say of `extra.sections`: two sections in one folder, a folder the site needs for
    itself, two pages of a section at one address; never about a value standing in for one with an error (`wrong`:
    the fields the schema refused, whose defaults would be named instead of what the maintainer wrote)."""
    lines, found, titles = content.config_lines(config_file, ("extra", "sections")), [], schemas.load(sections.SCHEMA)["properties"]

    def problem(path: tuple, message: str, gloss: str) -> None:
        line = lines.get(path) or lines.get(path[:1]) or lines.get(())
        found.append(content.Problem(config_file.name, line, ".".join(("extra", "sections", *path)), message, gloss))

    def meant(kind: str, name: str) -> bool:
        return not {f"extra.sections.{kind}.{name}", f"extra.sections.{kind}", "extra.sections"} & wrong

    owners: dict[str, str] = {}
    for section in (s for s in chosen if meant(s.kind, "folder")):
        name = content.KIND_NAMES[section.kind]
        if section.folder in RESERVED_FOLDERS:
            problem((section.kind, "folder"), f"thư mục «{section.folder}» là {RESERVED_FOLDERS[section.folder]}; đặt mục {name} ở "
                    f"thư mục khác.", "folder reserved by the site")
        elif section.folder in owners:
            problem((section.kind, "folder"), f"mục {name} và mục {content.KIND_NAMES[owners[section.folder]]} cùng ở thư mục "
                    f"«{section.folder}»; mỗi mục cần một thư mục riêng.", "two sections share a folder")
        owners.setdefault(section.folder, section.kind)
    for section in chosen:
        seen: dict[str, str] = {}
        for page, folder in ((page, folder) for page, folder in section.pages.items() if meant(section.kind, page)):
            if folder in seen:
                label = lambda key: f"«{key}» ({titles[section.kind]['properties'][key]['title']})"  # noqa: E731
                problem((section.kind, page), f"{label(page)} và {label(seen[folder])} của mục {content.KIND_NAMES[section.kind]} cùng ở "
                        f"«{folder}» ({section.folder}/{folder}/); mỗi trang cần một đường dẫn riêng.", "two pages share an address")
            seen.setdefault(folder, page)
    return found


def nav_problems(chosen: sections.Sections, config, config_file: Path) -> list[content.Problem]:
    """`nav` naming a Markdown page docs/ does not have, each on its line in Vietnamese (MkDocs would stop on it in English),
    with the index pages of sections `nav` leaves out: after a section's folder is renamed, what to write instead."""
    docs_dir, lines = Path(config.docs_dir), content.config_lines(config_file, ("nav",))
    entries, shown = nav_files(config.nav or []), repo_prefix(docs_dir, config_file)
    named = {entry for _, entry in entries}
    left_out = [s.index for s in chosen if s.index not in named and (docs_dir / s.index).is_file()]
    hint = (f" Trang chỉ mục của các mục nội dung (extra.sections) chưa ghi trong «nav»: {', '.join(left_out)}; có lẽ cần ghi "
            "trang đó thay cho trang này." if left_out else "")
    return [content.Problem(config_file.name, lines.get(path) or lines.get(path[:1]) or lines.get(()), "nav",
                            f"«nav» ghi trang «{entry}», nhưng {shown}/ không có tệp này.{hint}", "nav names a missing page")
            for path, entry in entries if entry.endswith(".md") and "://" not in entry and not (docs_dir / entry.lstrip("/")).is_file()]


def nav_files(nav, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(key path in mkdocs.yml, file) of every page a nav names (its entries may nest)."""
    if isinstance(nav, str):
        return [(path, nav)]
    if isinstance(nav, dict):
        return [found for key, value in nav.items() for found in nav_files(value, (*path, key))]
    if isinstance(nav, list):
        return [found for index, item in enumerate(nav) for found in nav_files(item, (*path, index))]
    return []


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


def examine_config(config, reads: content.Reads | None = None) -> Checked:
    """`make check` and the build: the content checked with a loaded mkdocs.yml's settings, its blocks checked first;
    `reads`: a preview's files as read before (`content.load_site`)."""
    docs_dir, config_file = Path(config.docs_dir), Path(config.config_file_path)
    settings, problems = SiteConfig.read(config)
    checked = examine(docs_dir, settings, repo_prefix(docs_dir, config_file), reads)
    checked.site.problems[:0] = problems
    return checked


def check_config(config) -> content.Site:
    """The content of a loaded mkdocs.yml, with every problem (`make check`)."""
    return examine_config(config).site


def check(docs_dir: Path, categories: Mapping[str, str] | Iterable[str], prefix: str = "docs", policy: safety.Policy = safety.Policy(),
          identity: agency.Agency = agency.Agency(), directory_urls: bool = True, chosen: sections.Sections = sections.DEFAULT) -> content.Site:
    """Every problem of the content; `policy` is mkdocs.yml's content-safety settings (strict defaults), `identity`
    its identity block, `directory_urls` its URL style (the files the build writes for scripts name pages by URL),
    `chosen` its sections."""
    return examine(docs_dir, SiteConfig(categories, policy, identity, directory_urls, sections=chosen), prefix).site


def examine(docs_dir: Path, settings: SiteConfig = SiteConfig(), prefix: str = "docs", reads: content.Reads | None = None) -> Checked:
    """The content read and checked with mkdocs.yml's settings, every problem on `site.problems`, and what the build
    derives from it."""
    policy = settings.policy
    site = content.load_site(docs_dir, settings.categories, prefix, settings.sections, reads)
    site.agency = settings.identity
    site.directory_urls = settings.directory_urls
    site.news_per_page = settings.news_per_page
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
    return Checked(site, settings, index, news.Articles.of(site), pages, words)


# Each module that makes pages from the content adds its function here: site -> list of GeneratedPage.
GENERATORS: list = [offline.kiosk_pages, news.pages, plans.pages, procedures.pages, results.pages, compose.pages]


def generated_pages(site: content.Site) -> list[generated.GeneratedPage]:
    """Every page the build makes from the content; each module contributes its own."""
    pages = [page for generator in GENERATORS for page in generator(site)]
    return pages + wayfinding.sitemap_pages(site, pages)  # the map of all the others
