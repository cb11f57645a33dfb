"""Fixtures that build real sites: the repository's own, and small ones written by a test."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from scripts.weight import CHROMIUM, CHROMIUM_ARGS, serve

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"


@dataclass
class Build:
    """The outcome of one `mkdocs build --strict`: exit status, log, and the folder it wrote."""

    returncode: int
    log: str
    site: Path

    def html(self, url_path: str) -> str:
        """The HTML of a page by its URL path (e.g. "en/tin-tuc/x/")."""
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


def site_config(tmp: Path, docs: Path, **overrides) -> Path:
    """A copy of the repository's mkdocs.yml pointing at other docs, writing into tmp/site."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(tmp / "site"), hooks=[str(REPO / "scripts/hooks.py")])
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config.update(overrides)
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(config: Path) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(MKDOCS), "build", "--strict", "-f", str(config)], capture_output=True, text=True, env=env, cwd=REPO)
    site = Path(yaml.safe_load(config.read_text(encoding="utf-8"))["site_dir"])
    return Build(done.returncode, done.stdout + done.stderr, site)


def write_docs(root: Path, files: dict[str, str | bytes]) -> Path:
    """A docs/ folder holding the given files (plus a home page unless given)."""
    docs = root / "docs"
    files = {"index.md": "---\ntitle: Trang chủ\n---\n\n# Trang chủ\n", **files}
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (docs / "assets").mkdir(exist_ok=True)
    for asset in ("site.css", "print.css"):
        (docs / "assets" / asset).write_bytes((REPO / "docs/assets" / asset).read_bytes())
    (docs / "assets/images").mkdir(exist_ok=True)
    for image in (REPO / "docs/assets/images").glob("*.svg"):
        (docs / "assets/images" / image.name).write_bytes(image.read_bytes())
    (docs / "assets/javascripts").mkdir(exist_ok=True)
    for script in (REPO / "docs/assets/javascripts").glob("*.js"):  # listed in extra_javascript
        (docs / "assets/javascripts" / script.name).write_bytes(script.read_bytes())
    return docs


@pytest.fixture
def fixture_site(tmp_path):
    """Build a small site from {path: text}; nav is dropped so any set of pages builds."""

    def make(files: dict[str, str | bytes]) -> Build:
        docs = write_docs(tmp_path, files)
        return build(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}]))

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The repository's own content, built as `make site` builds it."""
    tmp = tmp_path_factory.mktemp("real")
    result = build(site_config(tmp, REPO / "docs"))
    assert result.returncode == 0, result.log
    return result


# --- a real browser ----------------------------------------------------------------------------------
# Debian's Chromium (installed by `make test`), driven by Playwright; its own browser download is not used.
# The path and flags, and `serve`, live in scripts/weight.py, which `make bench` uses outside the tests too.


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test opens its own page (or context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def real_site_url(real_site):
    """The repository's own site served over HTTP on 127.0.0.1."""
    with serve(real_site.site) as url:
        yield url
