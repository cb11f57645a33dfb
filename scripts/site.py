"""The site as a whole: every check at once, and every page the build generates.

`make check` and the build both call `check`, so an editor sees the same problems in both.
"""

from __future__ import annotations

from pathlib import Path

from scripts import compose, content, generated, linkcheck, listings, news, offline, plans, procedures, querywords, references, results, safety, scaffold


def repo_prefix(docs_dir: Path, config_file: Path) -> str:
    """docs_dir as the editor sees it in the repository ("docs"), so that problems name the file they edit."""
    docs, root = docs_dir.resolve(), config_file.resolve().parent
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)


def check(docs_dir: Path, categories: list[str], prefix: str = "docs", policy: safety.Policy = safety.Policy()) -> content.Site:
    """Every problem of the content; `policy` is mkdocs.yml's content-safety settings (strict defaults)."""
    site = content.load_site(docs_dir, categories, prefix)
    shown = (lambda src: f"{prefix}/{src}") if prefix else (lambda src: src)
    site.problems += safety.problems(site, docs_dir, shown, policy)
    site.problems += listings.marker_problems(site, shown)
    site.problems += references.problems(site, references.index(site), shown)
    site.problems += results.problems(site, docs_dir, prefix)  # data/*.csv, before the pages are made from them
    site.problems += querywords.load(docs_dir, prefix)[1]  # data/synonyms.yml, data/search-words.yml
    site.problems += generated.collisions(site, generated_pages(site), shown)
    site.problems += linkcheck.problems(site, docs_dir, generated_pages(site), safety.Renderer(policy), shown)
    site.problems += scaffold.placeholder_problems(site, shown)
    site.problems.sort(key=lambda p: (p.path, p.line or 0, content.SEVERITIES.index(p.severity)))
    return site


# Each module that makes pages from the content adds its function here: site -> list of GeneratedPage.
GENERATORS: list = [offline.kiosk_pages, news.pages, plans.pages, procedures.group_pages, results.pages, compose.pages]


def generated_pages(site: content.Site) -> list[generated.GeneratedPage]:
    """Every page the build makes from the content; each module contributes its own.

    Made once per site: the check (URL collisions) and the build both need them, and at thousands of
    procedures they cost seconds.
    """
    if "generated_pages" not in vars(site):
        vars(site)["generated_pages"] = [page for generator in GENERATORS for page in generator(site)]
    return vars(site)["generated_pages"]
