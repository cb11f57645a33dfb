"""The site as a whole: every check at once, and every page the build generates.

`make check` and the build both call `check`, so an editor sees the same problems in both.
"""

from __future__ import annotations

from pathlib import Path

from scripts import (agency, attachments, compose, content, forms, generated, linkcheck, listings, news, offline, plans, procedures, querywords,
                     references, results, safety, scaffold, wayfinding)


def repo_prefix(docs_dir: Path, config_file: Path) -> str:
    """docs_dir as the editor sees it in the repository ("docs"), so that problems name the file they edit."""
    docs, root = docs_dir.resolve(), config_file.resolve().parent
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)


def check_config(config) -> content.Site:
    """`make check` and the build: the content checked with a loaded mkdocs.yml's settings, its blocks checked too."""
    docs_dir, config_file = Path(config.docs_dir), Path(config.config_file_path)
    found, problems = agency.load(config.extra.get("agency"), config_file, config_file.name)
    site = check(docs_dir, [c["name"] for c in config.extra.get("categories", [])], repo_prefix(docs_dir, config_file),
                 safety.policy(config), found, config.use_directory_urls)
    site.problems[:0] = problems
    return site


def check(docs_dir: Path, categories: list[str], prefix: str = "docs", policy: safety.Policy = safety.Policy(),
          identity: agency.Agency = agency.Agency(), directory_urls: bool = True) -> content.Site:
    """Every problem of the content; `policy` is mkdocs.yml's content-safety settings (strict defaults), `identity`
    its identity block, `directory_urls` its URL style (the files the build writes for scripts name pages by URL)."""
    site = content.load_site(docs_dir, categories, prefix)
    site.agency = identity
    site.directory_urls = directory_urls
    shown = (lambda src: f"{prefix}/{src}") if prefix else (lambda src: src)
    site.problems += agency.problems(site, shown)
    site.problems += safety.problems(site, docs_dir, shown, policy, attachments.attached_files(site))
    site.problems += attachments.problems(site, docs_dir, shown, policy)  # type and size, on the line that attaches
    site.problems += listings.marker_problems(site, shown)
    site.problems += references.problems(site, references.index(site), shown)
    site.problems += results.problems(site, docs_dir, prefix)  # data/*.csv, before the pages are made from them
    site.problems += querywords.load(docs_dir, prefix)[1]  # data/synonyms.yml, data/search-words.yml
    site.problems += forms.problems(docs_dir, prefix)  # data/forms/*.yml and the DOCX made from each
    site.problems += generated.collisions(site, generated_pages(site), shown)
    site.problems += linkcheck.problems(site, docs_dir, generated_pages(site), safety.Renderer(policy), shown)
    site.problems += scaffold.placeholder_problems(site, shown)
    site.problems.sort(key=lambda p: (p.path, p.line or 0, content.SEVERITIES.index(p.severity)))
    return site


# Each module that makes pages from the content adds its function here: site -> list of GeneratedPage.
GENERATORS: list = [offline.kiosk_pages, news.pages, plans.pages, procedures.pages, results.pages, compose.pages]


def generated_pages(site: content.Site) -> list[generated.GeneratedPage]:
    """Every page the build makes from the content; each module contributes its own.

    Made once per site: the check (URL collisions) and the build both need them, and at thousands of
    procedures they cost seconds.
    """
    if "generated_pages" not in vars(site):
        pages = [page for generator in GENERATORS for page in generator(site)]
        vars(site)["generated_pages"] = pages + wayfinding.sitemap_pages(site, pages)  # the map of all the others
    return vars(site)["generated_pages"]
