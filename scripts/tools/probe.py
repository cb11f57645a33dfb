"""`make probe-zensical`: how far the site is from building with Zensical, Material for MkDocs' successor.

Zensical reads mkdocs.yml but runs neither MkDocs plugins such as ours nor mkdocs-static-i18n (it drops plugins it does not
know, silently). So the probe first does what our pipeline does before the engine sees a page, as files: a *prepared copy* of
docs/ per language, where every page is the Markdown our build hands the engine (articles, plans and procedures
rendered from their front matter, listing markers expanded, references linked, the generated pages under
_generated/), the English site as a site of its own (.en.md files, the Vietnamese page where none exists). Then it
builds each copy twice, with MkDocs + Material and with Zensical, from one config derived from mkdocs.yml without
plugins (ours, mkdocs-static-i18n), builds our real site too, and compares the pages and features the three produce.

Zensical runs from its own virtual environment (.venv-probe, requirements-probe.txt), never .venv: it brings its
own pins. Everything is written into a temporary folder; the report goes to dist/probe-zensical.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from scripts.model import content
from scripts.pages import listings, news
from scripts.build import pipeline
from scripts.build import site as site_check
from scripts.model.generated import GeneratedPage
from scripts.tools.links import broken_links
from scripts.model.vietnamese import nfc

REPO = content.REPO
MKDOCS = Path(sys.executable).parent / "mkdocs"
PROBE_VENV = REPO / ".venv-probe"
ZENSICAL = PROBE_VENV / "bin" / "zensical"
HEADING_ID = "scripts.model.vietnamese.heading_id"  # the toc extension's slugify our plugin sets (CchcPlugin.on_config)


# --- the prepared copy ----------------------------------------------------------------------------

def _base_src(src: str) -> str:
    """tin-tuc/a.en.md -> tin-tuc/a.md (ket-qua/x.en.csv -> ket-qua/x.csv): where a file of any language is written
    in its language's copy."""
    lang = content.lang_of(src)
    return src if lang == content.DEFAULT_LANGUAGE else re.sub(rf"\.{lang}(\.[^./]+)$", r"\1", src)


def sources(docs_dir: Path, generated_pages: list[GeneratedPage], lang: str) -> dict[str, tuple[str, str]]:
    """Every page of the site in `lang`, as mkdocs-static-i18n builds it (suffix structure, falling back to the
    default language): written path -> (path it comes from, its text), generated pages (and their CSV and SVG
    files) included."""
    texts = {src: nfc((docs_dir / src).read_text(encoding="utf-8-sig")) for src in content.content_files(docs_dir)}
    texts |= {page.src: page.text for page in generated_pages}
    variants: dict[str, dict[str, str]] = {}
    for src in sorted(texts):
        variants.setdefault(_base_src(src), {})[content.lang_of(src)] = src
    chosen = {base: found.get(lang) or found.get(content.DEFAULT_LANGUAGE) for base, found in variants.items()}
    return {base: (src, texts[src]) for base, src in chosen.items() if src}


def typed_page(build: pipeline.Build, doc: content.Document, body: str, lang: str) -> str:
    """An article, plan or procedure as the Markdown our build hands the engine (scripts/build/pipeline.py
    `page_markdown`), behind the front matter the theme reads (title, description)."""
    text = pipeline.page_markdown(build, body, doc.src, doc.src, lang, None)
    front = {"title": text.meta["title"], **({"description": text.meta["description"]} if text.meta["description"] else {})}
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, width=1000)}---\n\n{text.markdown}"


def _unsuffixed_links(markdown: str, lang: str) -> str:
    """Links to another page's or file's `lang` version (tin-tuc/chuyen-muc.en.md, ket-qua/x.en.csv) as links to its
    file in this language's copy, where it has no suffix: mkdocs-static-i18n resolves them so in our build."""
    return re.sub(rf"(\]\(|href=\"|src=\")([^)\"\s#?:]+?)\.{lang}(\.(?:md|csv|svg))(?=[)\"#?\s])", r"\1\2\3", markdown)


def prepare(build: pipeline.Build, out: Path, lang: str) -> dict[str, str]:
    """The docs folder's prepared copy for one language in `out`: every page as the Markdown the engine is given, every
    other file as it is. Returns the pages written (path under out -> the file under docs/ it was made from)."""
    site, docs_dir = build.site, build.settings.docs_dir
    shutil.copytree(docs_dir, out, ignore=lambda folder, names: [n for n in names if n.endswith(".md")
                                                                 or (Path(folder) == docs_dir and n == content.GENERATED_DIR)])
    written = {}
    for base, (src, text) in sources(docs_dir, build.checked.pages, lang).items():
        doc = site.by_file.get(src)
        original = site.by_src.get(_base_src(src))
        if not base.endswith(".md"):  # a generated chart's CSV or SVG
            prepared = text
        elif doc is not None and doc.kind != "page" and original is not None:
            prepared = typed_page(build, original, doc.body, lang)
        else:
            front, body, _ = content.split_front_matter(text)
            here = base
            prepared = (f"---\n{front}---\n" if front is not None else "") + listings.expand_markers(body, site, here, lang)
        if lang != content.DEFAULT_LANGUAGE and base.endswith(".md"):
            prepared = _unsuffixed_links(prepared, lang)
        path = out / base
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(prepared, encoding="utf-8")
        if base.endswith(".md"):
            written[base] = src
    return written


# --- the engines' configs and builds ---------------------------------------------------------------

class _PythonName(str):
    """A `!!python/name:` value in a written config (MkDocs and Zensical both resolve it on load)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_PythonName, lambda dumper, value: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value}", ""))


def engine_config(base: dict, lang: str, site_dir: str, custom_dir: Path, engine: str) -> dict:
    """mkdocs.yml for one language's prepared copy: no plugins (ours and mkdocs-static-i18n: their work is done by
    the copy: the language's title, description and navigation words are set here), the toc slugify our plugin
    sets, written as a Python name; Zensical in its `classic` variant, the look Material has."""
    config = json.loads(json.dumps(base))  # a deep copy of plain data
    i18n = next((p["i18n"] for p in config.get("plugins", []) if isinstance(p, dict) and "i18n" in p), {})
    language = next((entry for entry in i18n.get("languages", []) if entry.get("locale") == lang), {})
    words = language.get("nav_translations", {})
    config |= {key: language[key] for key in ("site_name", "site_description") if key in language}
    config["nav"] = [{words.get(title, title): path for title, path in item.items()} if isinstance(item, dict) else item
                     for item in config.get("nav", [])]
    config.update(plugins=[], docs_dir="docs", site_dir=site_dir, strict=False)
    config["theme"] |= {"language": lang, "custom_dir": str(custom_dir)} | ({"variant": "classic"} if engine == "zensical" else {})
    extensions = []
    for item in config.get("markdown_extensions", []):
        if item == "toc" or isinstance(item, dict) and "toc" in item:
            item = {"toc": {**(item["toc"] if isinstance(item, dict) else {}), "slugify": _PythonName(HEADING_ID)}}
        extensions.append(item)
    config["markdown_extensions"] = extensions
    return config


def write_config(config: dict, path: Path) -> Path:
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def stub_templates(docs: Path, folder: Path) -> list[str]:
    """A theme folder holding, for each template a page names in its front matter (our kiosk and compose pages),
    one that is the theme's own page: what the pages look like with none of our overrides."""
    named = set()
    for path in docs.rglob("*.md"):
        front = content.split_front_matter(path.read_text(encoding="utf-8"))[0]
        if front and (template := (yaml.safe_load(front) or {}).get("template")):
            named.add(template)
    folder.mkdir(parents=True, exist_ok=True)
    for template in sorted(named):
        (folder / template).write_text('{% extends "main.html" %}\n', encoding="utf-8")
    return sorted(named)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Build:
    engine: str
    lang: str
    theme: str  # "overrides" (ours) or "stock" (the theme's own templates)
    ok: bool
    seconds: float
    warnings: int
    error: str | None  # the last line the engine printed when it failed
    site: str


def run_build(engine: str, lang: str, theme: str, config: Path, site: Path) -> Build:
    """One build as a subprocess; MkDocs from this environment, Zensical from its own."""
    command = [str(MKDOCS), "build", "-f", str(config)] if engine == "mkdocs" else [str(ZENSICAL), "build", "-f", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
    seconds = round(time.perf_counter() - started, 2)
    log = _ANSI.sub("", done.stdout + done.stderr)
    (config.parent / f"{config.stem}.log").write_text(log, encoding="utf-8")
    warnings = sum(line.startswith(("WARNING", "Warning:")) for line in log.splitlines())
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    error = None if done.returncode == 0 else (lines[-1] if lines else f"exit {done.returncode}")
    return Build(engine, lang, theme, done.returncode == 0, seconds, warnings, error, str(site))


# --- what a built site shows ----------------------------------------------------------------------

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_RESOURCE = re.compile(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="(https?:)?//|<link\b(?=[^>]*rel="(?:stylesheet|preload|preconnect|icon)")[^>]*\bhref="(https?:)?//', re.I)
_EDIT = re.compile(r'<a\b[^>]*href="([^"]+)"[^>]*rel="edit"|<a\b[^>]*rel="edit"[^>]*href="([^"]+)"')
# Each feature: what marks it in a page's HTML (Material's and our class names, kept by Zensical's classic variant).
FEATURES = {
    "Content-Security-Policy meta": re.compile(r'http-equiv="Content-Security-Policy"'),
    "inline <script> (the CSP must allow it by hash)": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "style attribute (our CSP allows none)": re.compile(r'<[a-z][^>]*\sstyle="', re.I),
    "resource from another host": _RESOURCE,
    "section tabs": re.compile(r'class="md-tabs"'),
    "active tab marked": re.compile(r"md-tabs__item--active"),
    "breadcrumbs": re.compile(r'class="(?:cchc-breadcrumbs|md-path)"'),
    "language switcher": re.compile(r'class="md-select__link"[^>]*hreflang=|hreflang="[a-z]+"[^>]*class="md-select__link"'),
    "edit link": re.compile(r'rel="edit"'),
    "table of contents": re.compile(r'md-nav--secondary'),
    "untranslated notice": re.compile(r"cchc-untranslated"),
    "admonition": re.compile(r'class="admonition'),
    "table": re.compile(r"<table"),
    "table cells labelled for phones": re.compile(r"<td data-label="),
    "definition list": re.compile(r"<dl>"),
    "attr_list applied (.md-button)": re.compile(r'class="md-button'),
    "attr_list left as text": re.compile(r"\{:|\{ ?[.#][\w-]"),
    "markdown attribute left in HTML": re.compile(r'\smarkdown(?:="[^"]*")?[\s>]'),
    "share card (og:image)": re.compile(r'property="og:image"'),
}


def html_pages(site: Path, under: str = "") -> dict[str, str]:
    """A built language's pages: URL path without `under` and without _generated/ -> its HTML (404 page aside)."""
    root = site / under
    pages = {}
    for path in sorted(root.rglob("index.html")) if root.is_dir() else []:
        url = path.parent.relative_to(root).as_posix()
        if under == "" and url.split("/")[0] in content.LANGUAGES[1:]:
            continue  # another language's subtree of our build
        url = "" if url == "." else url + "/"
        pages[url.removeprefix(f"{content.GENERATED_DIR}/")] = path.read_text(encoding="utf-8", errors="replace")
    return pages


def _resolved(href: str, url: str) -> str:
    """A link of the page at `url` as a path from the site root (#fragment and ?query kept): the engines write
    the same target differently (`../x/` or `x/`)."""
    if href.startswith(("#", "/")) or re.match(r"[a-z][a-z0-9+.-]*:", href):
        return href
    path, rest = re.match(r"([^#?]*)(.*)", href, re.S).groups()
    if not path:
        return url + rest
    joined = posixpath.normpath(posixpath.join(url, path))
    return ("" if joined == "." else joined + ("/" if path.endswith(("/", ".")) else "")) + rest


def edit_links(pages: dict[str, str], repo: tuple[str, str], own_files: dict[str, str]) -> dict[str, int]:
    """Edit links, and how many open the very file the page is made from (own_files: URL -> source under docs/;
    generated pages have none, so any edit link there opens a file the repository does not hold)."""
    prefix = repo[0].rstrip("/") + "/" + repo[1].strip("/") + "/"
    found = {url: m[1] or m[2] for url, html in pages.items() if (m := _EDIT.search(html))}
    return {"pages_with_one": len(found), "to_the_page_source": sum(1 for url, link in found.items() if link == prefix + own_files.get(url, "\0"))}


def switcher_to_same_page(pages: dict[str, str], lang: str) -> int:
    """Pages whose language menu leads to the same page in the other language (not to that language's home)."""
    other = next(code for code in content.LANGUAGES if code != lang)
    count = 0
    for url, html in pages.items():
        for m in re.finditer(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', html):
            if m[2] == other:
                target = _resolved(m[1], (f"{lang}/" if lang != content.DEFAULT_LANGUAGE else "") + url)
                count += target.strip("/") == ((url if other == content.DEFAULT_LANGUAGE else f"{other}/{url}").strip("/"))
    return count


def inline_scripts(pages: dict[str, str]) -> int:
    """Distinct inline scripts over the site: each needs its hash in a CSP that allows no 'unsafe-inline'."""
    return len({m.group(1) for html in pages.values() for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)})


def features(pages: dict[str, str]) -> dict[str, int]:
    """How many pages show each feature."""
    return {name: sum(1 for html in pages.values() if pattern.search(html)) for name, pattern in FEATURES.items()}


def _article(html: str, url: str) -> str:
    """A page's content as the Markdown became HTML: the article element without the theme's skip anchor and edit
    button, spaces collapsed, links made site-root paths."""
    found = _ARTICLE.search(html)
    if not found:
        return ""
    inner = re.sub(r'<a id="__skip"[^>]*></a>|<a [^>]*md-content__button[^>]*>.*?</a>', "", found.group(1), flags=re.S)
    inner = re.sub(r'\b(href|src)="([^"]*)"', lambda m: f'{m[1]}="{_resolved(m[2], url)}"', inner)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", inner)).strip()


def content_differences(a: dict[str, str], b: dict[str, str], limit: int = 5) -> dict:
    """Pages both sites have whose content differs (links compared by target), with where the difference starts."""
    differing = []
    for url in sorted(a.keys() & b.keys()):
        left, right = _article(a[url], url), _article(b[url], url)
        if left != right:
            at = next((i for i, (x, y) in enumerate(zip(left, right)) if x != y), min(len(left), len(right)))
            differing.append({"page": url, "mkdocs": left[max(0, at - 60): at + 100], "zensical": right[max(0, at - 60): at + 100]})
    return {"compared": len(a.keys() & b.keys()), "differing": len(differing), "examples": differing[:limit]}


def site_files(site: Path, lang_root: str, feed: str) -> dict[str, int]:
    """What a site writes besides its pages (name -> bytes, 0 when absent): the search index and the news feed (feed:
    its path from the language's root) of the language (under lang_root in our build), the sitemap and the 404 page
    (one for the whole site)."""
    def size(path: Path) -> int:
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size if path.is_file() else 0
    language = site / lang_root
    return {"search index": size(language / "search") + size(language / "search.json"),
            "news feed": size(language / feed), "sitemap.xml": size(site / "sitemap.xml"), "404.html": size(site / "404.html")}


# --- the probe --------------------------------------------------------------------------------------

class ProbeError(RuntimeError):
    pass


def versions() -> dict[str, str | None]:
    found = {name: _version(name) for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")}
    done = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True) if ZENSICAL.exists() else None
    found["zensical"] = done.stdout.split()[-1] if done and done.returncode == 0 and done.stdout.split() else None
    return found


def _version(package: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _our_build(base: dict, config_file: Path, folder: Path) -> Build:
    """The site as `make site` builds it (our plugin, mkdocs-static-i18n, overrides), into folder/site."""
    root = config_file.resolve().parent
    config = json.loads(json.dumps(base))
    config.update(docs_dir=str(root / config.get("docs_dir", "docs")), site_dir=str(folder / "site"))
    config["theme"]["custom_dir"] = str(root / config["theme"]["custom_dir"])
    folder.mkdir(parents=True, exist_ok=True)
    return run_build("mkdocs", "vi+en", "ours", write_config(config, folder / "mkdocs.yml"), folder / "site")


def _broken(site: Path, site_url: str, under: str = "") -> dict[str, int]:
    """Broken links of one language's pages (our build: those under `under`): the language menu's, into a language
    the engine builds as a site apart (/en/), and the rest."""
    found = [link for link in broken_links(site, site_url) if link.page.startswith(under)
             and not (under == "" and link.page.split("/")[0] in content.LANGUAGES[1:])]
    menu = [link for link in found if re.search(rf"(^|/)({'|'.join(content.LANGUAGES[1:])})/?$", link.target)]
    return {"language_menu": len(menu), "other": len(found) - len(menu)}


def _excluded_but_indexed(docs: Path, site: Path) -> int:
    """Pages whose front matter says `search: exclude: true` that Zensical's search.json still holds."""
    index = site / "search.json"
    if not index.is_file():
        return 0
    locations = {item["location"].split("#")[0] for item in json.loads(index.read_text(encoding="utf-8"))["items"]}
    excluded = 0
    for path in docs.rglob("*.md"):
        front = content.split_front_matter(path.read_text(encoding="utf-8"))[0]
        if front and ((yaml.safe_load(front) or {}).get("search") or {}).get("exclude"):
            excluded += content.page_url(path.relative_to(docs).as_posix()) in locations
    return excluded


def compare(lang: str, ours: Path, mkdocs_site: Path, zensical_site: Path, site_url: str, repo: tuple[str, str], docs: Path,
            own_files: dict[str, str], feed: str) -> dict:
    """One language: the pages and features of our site, of MkDocs + Material and of Zensical on the prepared copy."""
    sites = {"ours": html_pages(ours, "" if lang == content.DEFAULT_LANGUAGE else lang), "mkdocs": html_pages(mkdocs_site),
             "zensical": html_pages(zensical_site)}
    folders = {"ours": ours, "mkdocs": mkdocs_site, "zensical": zensical_site}
    urls = {name: set(pages) for name, pages in sites.items()}
    every = set().union(*urls.values())
    counts = {name: features(pages) for name, pages in sites.items()}
    lang_root = {name: lang if name == "ours" and lang != content.DEFAULT_LANGUAGE else "" for name in sites}
    return {
        "pages": {name: len(found) for name, found in urls.items()},
        "missing_from": {name: sorted(every - found) for name, found in urls.items()},
        "features": {feature: {name: counts[name][feature] for name in sites} for feature in FEATURES},
        "language_menu_to_the_same_page": {name: switcher_to_same_page(pages, lang) for name, pages in sites.items()},
        "distinct_inline_scripts": {name: inline_scripts(pages) for name, pages in sites.items()},
        "edit_links": {name: edit_links(pages, repo, own_files) for name, pages in sites.items()},
        "files": {name: site_files(folders[name], lang_root[name], feed) for name in sites},
        "broken_links": {name: _broken(folders[name], site_url, f"{lang_root[name]}/" if lang_root[name] else "") for name in sites},
        "content": content_differences(sites["mkdocs"], sites["zensical"]),
        "zensical_search_holds_excluded_pages": _excluded_but_indexed(docs, zensical_site),
    }


def run(work: Path, config_file: Path = REPO / "mkdocs.yml", progress=lambda line: print(line, file=sys.stderr, flush=True)) -> dict:
    """Prepare, build with both engines (with our overrides, then with the theme's own templates), build our site,
    compare; the report (dist/probe-zensical.json's content)."""
    from mkdocs.config import load_config

    if not ZENSICAL.exists():
        raise ProbeError(f"Zensical chưa được cài vào {PROBE_VENV.name}/ (Zensical is not installed): chạy «make probe-zensical».")
    config = load_config(str(config_file))
    checked = site_check.examine_config(config)
    if checked.site.errors:
        raise ProbeError(f"Nội dung có {len(checked.site.errors)} lỗi; chạy «make check» để xem (the content has errors).")
    context = pipeline.Build(pipeline.Settings.of(config), checked)  # prepare's context, without writing docs/_generated
    base = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    docs_dir = Path(config.docs_dir)
    report = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "versions": versions(), "builds": [], "languages": {}}
    progress("our build (MkDocs + our plugin + mkdocs-static-i18n + overrides) …")
    ours = _our_build(base, config_file, work / "ours")
    report["builds"].append(asdict(ours))
    if not ours.ok:
        raise ProbeError(f"our own build failed: {ours.error}")
    for lang in content.LANGUAGES:
        folder = work / lang
        pages = prepare(context, folder / "docs", lang)
        templates = stub_templates(folder / "docs", folder / "stock-theme")
        progress(f"{lang}: {len(pages)} prepared pages; MkDocs + Material and Zensical, with our overrides and without …")
        stock = {}
        for engine in ("mkdocs", "zensical"):
            for theme, custom in (("overrides", REPO / "overrides"), ("stock", folder / "stock-theme")):
                site_dir = f"{engine}-{theme}-site"
                path = write_config(engine_config(base, lang, site_dir, custom, engine), folder / f"{engine}-{theme}.yml")
                build = run_build(engine, lang, theme, path, folder / site_dir)
                report["builds"].append(asdict(build))
                if theme == "stock":
                    stock[engine] = build
        failed = [b for b in stock.values() if not b.ok]
        if failed:
            raise ProbeError(f"{failed[0].engine} failed on the prepared {lang} pages: {failed[0].error}")
        own_files = {content.page_url(base): src for base, src in pages.items() if not src.startswith(f"{content.GENERATED_DIR}/")}
        report["languages"][lang] = {"prepared_pages": len(pages), "stock_templates": templates} | compare(
            lang, Path(ours.site), Path(stock["mkdocs"].site), Path(stock["zensical"].site), config.site_url or "",
            (config.repo_url or "", config.edit_uri or ""), folder / "docs", own_files,
            news.feed_path(checked.site.sections, content.DEFAULT_LANGUAGE))
    return report


# --- the report ------------------------------------------------------------------------------------

def table(report: dict) -> str:
    """The report as Markdown tables (for the terminal and the README)."""
    v = report["versions"]
    lines = [f"`make probe-zensical`, {report['date'][:16].replace('T', ' ')} UTC: Zensical {v['zensical']} against MkDocs {v['mkdocs']} + "
             f"Material {v['mkdocs-material']} on the same prepared pages; ours = MkDocs + our plugin + mkdocs-static-i18n {v['mkdocs-static-i18n']} + overrides.",
             "", "| build | language | templates | result | seconds | warnings |", "|---|---|---|---|---:|---:|"]
    for b in report["builds"]:
        lines.append(f"| {b['engine']} | {b['lang']} | {b['theme']} | {'built' if b['ok'] else 'failed: ' + b['error'].replace('|', '/')} | "
                     f"{b['seconds']:.1f} | {b['warnings']} |")
    for lang, found in report["languages"].items():
        row = lambda label, values: f"| {label} | " + " | ".join(str(values[name]) for name in ("ours", "mkdocs", "zensical")) + " |"  # noqa: E731
        lines += ["", f"**{lang}** ({found['prepared_pages']} prepared pages; templates our pages name, built on the theme's own page: "
                  f"{', '.join(found['stock_templates']) or 'none'})", "",
                  "| | ours | MkDocs + Material, prepared | Zensical, prepared |", "|---|---:|---:|---:|", row("pages", found["pages"])]
        lines.append(row("pages the others have and this one lacks", {n: len(m) for n, m in found["missing_from"].items()}))
        lines += [row(f"pages with: {feature}", counts) for feature, counts in found["features"].items()]
        lines.append(row("language menu leads to the same page", found["language_menu_to_the_same_page"]))
        lines.append(row("distinct inline scripts", found["distinct_inline_scripts"]))
        lines.append(row("edit links", {n: e["pages_with_one"] for n, e in found["edit_links"].items()}))
        lines.append(row("edit links to the page's own source file", {n: e["to_the_page_source"] for n, e in found["edit_links"].items()}))
        for name in next(iter(found["files"].values())):
            lines.append(row(f"{name} (bytes)", {n: f"{files[name]:,}" for n, files in found["files"].items()}))
        lines.append(row("broken links: language menu", {n: b["language_menu"] for n, b in found["broken_links"].items()}))
        lines.append(row("broken links: others", {n: b["other"] for n, b in found["broken_links"].items()}))
        c = found["content"]
        lines += ["", f"Content (the article element, links compared by target): {c['differing']} of {c['compared']} pages differ between "
                  f"MkDocs and Zensical. Zensical's search.json holds {found['zensical_search_holds_excluded_pages']} pages marked `search: exclude`."]
        lines += [f"- `{e['page']}`: MkDocs `…{e['mkdocs']}…` / Zensical `…{e['zensical']}…`" for e in c["examples"]]
    return "\n".join(lines)


def main(out: Path, config_file: Path = REPO / "mkdocs.yml", work: Path | None = None) -> int:
    try:
        with tempfile.TemporaryDirectory(prefix="cchc-probe-", dir=work) as folder:
            report = run(Path(folder), config_file)
    except ProbeError as error:
        print(error, file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\n-> {out}")
    return 0
