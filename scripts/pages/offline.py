"""The offline bundle (the site built for file:// and zipped) and the kiosk start page of the lookup screen.

The bundle is the same site built with `use_directory_urls: false`, so that every link names an .html file
and the pages open from a USB stick or a folder on an intranet without a server. The zip is reproducible:
the same sources give the same bytes (fixed timestamps, permissions, order and compression).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config

from scripts.pages import agency, procedures
from scripts.model.content import DEFAULT_LANGUAGE, LANGUAGES, REPO, Site
from scripts.model.generated import GeneratedPage, path_from_root
from scripts.model.pagelinks import link_text
from scripts.model.translations import translator
from scripts.model.vietnamese import slugify

# Left out of the zip: search engines' files (nothing in the bundle reads them, and they carry the build date),
# the server's 404 page (no server; its links are absolute), source maps (read only by developers' tools).
LEFT_OUT = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html"})
LEFT_OUT_SUFFIXES = (".map",)
# Read only by Material's own search worker: left out when the site does not use Material's search plugin
# (it writes search/search_index.json when it does).
MATERIAL_SEARCH_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no build time leaks into the bytes
KIOSK_URL = "kiosk/"
# Material features that fetch pages or sitemap.xml with XHR, which file:// refuses.
FETCHING_FEATURES = ("navigation.instant",)
ALTERNATE_LINK = re.compile(r'\n[ \t]*<link rel="alternate"[^>]*>')  # a literal first: found by a fast scan


class OfflineBuildError(Exception):
    """The offline build failed; the message is MkDocs' log (content errors included)."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    size: int  # bytes
    files: int


def is_offline_build(config) -> bool:
    """The file:// bundle is the only build with file-style URLs (page.html rather than page/)."""
    return not config.use_directory_urls


def bundle_name(site_name: str) -> str:
    return f"{slugify(site_name)}-offline.zip"


def build_offline_site(site_dir: Path, config_file: Path = REPO / "mkdocs.yml") -> None:
    """Build the site for file:// into site_dir: the repository's own config and plugin, strict, as `make site`."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--no-directory-urls", "--quiet",
               "--config-file", str(config_file), "--site-dir", str(site_dir)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=config_file.parent,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        raise OfflineBuildError(f"Không xây dựng được bản ngoại tuyến (offline build failed):\n{done.stdout}{done.stderr}")


def shipped_files(site_dir: Path) -> list[str]:
    """The built files the bundle needs, as sorted paths relative to site_dir."""
    unused = () if (site_dir / "search/search_index.json").exists() else MATERIAL_SEARCH_FILES
    names = (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    return sorted(n for n in names if n not in LEFT_OUT and not n.endswith(LEFT_OUT_SUFFIXES) and not n.startswith(unused))


def zip_info(name: str) -> zipfile.ZipInfo:
    """A zip entry that holds nothing of the machine or the moment it was made (the bundle, the forms' DOCX)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.create_system = 3  # Unix, so that the permissions below mean the same everywhere
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_zip(site_dir: Path, zip_path: Path) -> int:
    """Zip the bundle's files at the zip's root, reproducibly; returns the number of files."""
    names = shipped_files(site_dir)
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name in names:
            archive.writestr(zip_info(name), (site_dir / name).read_bytes(), compresslevel=9)
    return len(names)


def make_bundle(dist: Path = REPO / "dist", config_file: Path = REPO / "mkdocs.yml") -> Bundle:
    """What `make offline` does: build in a temporary folder, then replace dist/<site>-offline.zip whole."""
    target = dist / bundle_name(load_config(str(config_file)).site_name)
    dist.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    try:
        with tempfile.TemporaryDirectory(prefix="cchc-offline-") as tmp:
            build_offline_site(Path(tmp), config_file)
            files = write_zip(Path(tmp), partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)  # a failed build leaves the previous bundle as it was
    return Bundle(target, target.stat().st_size, files)


def offline_features(features: list[str]) -> list[str]:
    return [f for f in features if not f.startswith(FETCHING_FEATURES)]


def drop_alternate_links(html: str) -> str:
    """<head> without its alternate links (languages, feeds): Material fetches sitemap.xml next to each, which
    file:// blocks. The language menu keeps mkdocs-static-i18n's links to the same page in the other language.
    """
    head, end, rest = html.partition("</head>")  # only the head: the page's body is most of its bytes
    return ALTERNATE_LINK.sub("", head) + end + rest


def kiosk_start(lang: str, use_directory_urls: bool) -> str:
    """The kiosk start page of a language, relative to the site root."""
    return path_from_root(KIOSK_URL, lang, use_directory_urls)


# --- the kiosk start page -------------------------------------------------------------------------


def kiosk_pages(site: Site) -> list[GeneratedPage]:
    """The lookup screen's start page in each language: procedures by field, the procedure filter, then the other sections."""
    return [GeneratedPage(KIOSK_URL, lang, _kiosk_text(site, lang)) for lang in LANGUAGES]


def _kiosk_text(site: Site, lang: str) -> str:
    t = translator(lang)
    here = GeneratedPage(KIOSK_URL, lang, "").src
    link = lambda src: posixpath.relpath(src, posixpath.dirname(here))  # noqa: E731
    by_field = next(g for g in procedures.GROUPINGS if g.name == "field")
    fields = "\n".join(f'- [{link_text(by_field.label(group.key, lang))} <span class="cchc-kiosk-count">{len(group.members)}</span>]'
                       f"({link(group.src)})" for group in procedures.groups(site, by_field))
    # Only sections the site has: a link to a missing page fails the strict build (small test sites lack some).
    leads = (("kiosk.all_procedures", site.sections.procedure.index), ("kiosk.news", site.sections.article.index),
             ("kiosk.plans", site.sections.plan.index), ("kiosk.contact", agency.CONTACT))
    sections = "\n".join(f"- [{t(key)}]({link(src)})" for key, src in leads if src in site.by_src)
    parts = [f"---\ntitle: {json.dumps(t('kiosk.title'), ensure_ascii=False)}\ntemplate: kiosk.html\nsearch:\n  exclude: true\n---\n",
             f"# {t('kiosk.title')}\n\n{t('kiosk.intro')}\n"]
    tiles = lambda heading, items: f'## {heading}\n\n<div class="cchc-kiosk-tiles" markdown>\n\n{items}\n\n</div>\n'  # noqa: E731
    if fields:
        # the fields as big tiles, then the procedure index's own filter and list (the marker of scripts/pages/listings.py)
        parts += [tiles(t("kiosk.by_field"), fields), "<!-- cchc:procedures -->\n"]
    if sections:
        parts.append(tiles(t("kiosk.more"), sections))
    if site.agency.offices:
        parts.append(f"## {t('kiosk.offices')}\n\n<!-- cchc:offices map=no -->\n")
    return "\n".join(parts)
