"""Fixtures that build real sites: the repository's own, and small ones written by a test."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from scripts.content import split_front_matter
from scripts.weight import CHROMIUM, CHROMIUM_ARGS

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
    if Path(docs).resolve() != (REPO / "docs").resolve():
        config["extra"]["agency"].pop("popular", None)  # the sample's procedures, which other docs do not hold
    config.update(overrides)
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(config: Path) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(MKDOCS), "build", "--strict", "-f", str(config)], capture_output=True, text=True, env=env, cwd=REPO)
    site = Path(yaml.safe_load(config.read_text(encoding="utf-8"))["site_dir"])
    return Build(done.returncode, done.stdout + done.stderr, site)


def front_matter(path: Path) -> tuple[dict, str]:
    """A content file's front matter, read, and its body."""
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(front), body


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
# The path and flags live in scripts/weight.py, which `make bench` uses outside the tests too.


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test opens its own page (or context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def serve(root: Path, not_found: Path | None = None):
    """Serve a folder on 127.0.0.1 (a free port) for the duration of the block; yields the base URL. With
    `not_found`, a missing path answers 404 with that file, as GitHub Pages does with the site's 404.html."""
    handler = functools.partial(_QuietHandler, directory=str(root), not_found=not_found)
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, not_found: Path | None = None, **kwargs):
        self.not_found = not_found
        super().__init__(*args, **kwargs)

    def send_error(self, code, message=None, explain=None):
        if code != 404 or self.not_found is None:
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def real_site_url(real_site):
    """The repository's own site served over HTTP on 127.0.0.1."""
    with serve(real_site.site) as url:
        yield url
