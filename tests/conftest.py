"""Fixtures that build real sites: the repository's own, and small ones written by a test.

Builds run in this process, as `mkdocs build --strict` runs them (tests of the command line itself start it as a
subprocess). The suite runs on pytest-xdist workers: what every worker needs from the repository's own content (its
site, its offline bundle) is built once per run and shared (`once_per_run`).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import inspect
import io
import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

import pytest
import yaml

from scripts.model.content import split_front_matter
from scripts.pages.offline import Bundle, make_bundle
from scripts.tools.weight import CHROMIUM, CHROMIUM_ARGS, watch_outside, serve

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material prints a notice on import otherwise
T = TypeVar("T")


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
    config.update(docs_dir=str(docs), site_dir=str(tmp / "site"))
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    if Path(docs).resolve() != (REPO / "docs").resolve():
        config["extra"]["agency"].pop("popular", None)  # the sample's procedures, which other docs do not hold
        # and the sample's sections' index pages in `nav`, where the other docs lack them (the check names each)
        config["nav"] = [entry for entry in config["nav"] if all((Path(docs) / page).is_file() for page in entry.values())]
    config.update(overrides)
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(config: Path, command: str = "build", dirty: bool = False) -> Build:
    """`mkdocs build --strict -f config`, in this process: plugins started and shut down as the command does, its
    log at INFO level; a failure is exit status 1 with its message (or traceback) in the log, as the command prints.
    command="serve": one build of `mkdocs serve` (dirty: `--dirty`), whose plugins MkDocs keeps from build to build."""
    from mkdocs import utils as mkdocs_utils
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    log, logger, build_logger = io.StringIO(), logging.getLogger("mkdocs"), logging.getLogger("mkdocs.commands.build")
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    # What a build may leave changed in this process: mkdocs-static-i18n swaps MkDocs' clean_directory and adds a
    # log filter while it builds the other languages, and puts neither back when that build fails.
    level, filters, clean_directory = logger.level, build_logger.filters[:], mkdocs_utils.clean_directory
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    returncode = 0
    try:
        loaded = load_config(str(config), strict=True)
        loaded.plugins.on_startup(command=command, dirty=dirty)
        try:
            mkdocs_build(loaded, dirty=dirty)
        finally:
            loaded.plugins.on_shutdown()
    except MkDocsException as error:
        returncode = 1
        log.write(f"{error}\n")
    except Exception:
        returncode = 1
        log.write(traceback.format_exc())
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        build_logger.filters[:] = filters
        mkdocs_utils.clean_directory = clean_directory
    from mkdocs.utils.yaml import yaml_load  # as MkDocs reads it: a config may name a Python function (!!python/name)

    site = Path(yaml_load(config.read_text(encoding="utf-8"))["site_dir"])
    return Build(returncode, log.getvalue(), site)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m scripts.cli ARGS` run in this process (the command line's own code, without starting Python again):
    its exit status, standard output and standard error. The tests of how it starts run it as a subprocess."""
    from scripts import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return subprocess.CompletedProcess(["python", "-m", "scripts.cli", *args], status, out.getvalue(), err.getvalue())


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    """make(folder), once for the whole run however many xdist workers ask: the first makes it in a folder they all
    see, the others wait for it (a file lock) and read its result. A result that failed to be made is tried again."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, result = root / name, root / f"{name}.pickle"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not result.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            result.write_bytes(pickle.dumps(make(folder)))
        return pickle.loads(result.read_bytes())


def snapshot(root: Path) -> Path:
    """A copy of the repository's sources (others may edit the working tree while tests run); returns its mkdocs.yml."""
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "site.tmp*", "dist",
                                                              ".pytest_cache", "__pycache__", "_generated"))
    return root / "mkdocs.yml"


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
    """The repository's own content, built as `make site` builds it (once per run: the build writes docs/_generated)."""
    result = once_per_run(tmp_path_factory, "real-site", lambda folder: build(site_config(folder, REPO / "docs")))
    assert result.returncode == 0, result.log
    return result


@dataclass
class RealBundle:
    sources: Path  # mkdocs.yml of the copy of the sources it was made from
    bundle: Bundle
    folder: Path  # the zip unzipped, as on a USB stick


@pytest.fixture(scope="session")
def real_bundle(tmp_path_factory) -> RealBundle:
    """The repository's offline bundle as `make offline` makes it, from a copy of the sources (once per run)."""

    def make(folder: Path) -> RealBundle:
        sources = snapshot(folder / "sources/repo")
        bundle = make_bundle(folder / "dist", sources)
        unzipped = folder / "usb/thu muc co dau cách"  # a folder name with a space, as people make them
        with zipfile.ZipFile(bundle.path) as archive:
            archive.extractall(unzipped)
        return RealBundle(sources, bundle, unzipped)

    return once_per_run(tmp_path_factory, "real-bundle", make)


# --- a real browser ----------------------------------------------------------------------------------
# Debian's Chromium (installed by `make test`), driven by Playwright; its own browser download is not used.
# The path and flags, and `serve`, live in scripts/tools/weight.py, which `make bench` uses outside the tests too.


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test opens its own page (or context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page asked of other hosts (blocked), which of its own requests failed, and its errors, during one test."""

    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self):
        assert (self.outside, self.failed, self.errors) == ([], [], [])


def at_rest(page) -> None:
    """Wait until nothing on the page is animating: a transition half-way (Material fades its tabs as the page
    scrolls, its colours when the media changes to print) is no state a reader is left in."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def kept_page(browser, own: Callable[[str], bool], init_scripts: tuple[Path, ...] = (), **options):
    """One page kept open for a module's tests (a new page costs Chromium a renderer process, most of a browser
    test's time; navigating an open one a fraction of it), in a context made with `options`, where every request
    `own` refuses is blocked and counted, and `init_scripts` run in every page before the page's own. Yields
    `ready()`, which readies the page for the next test: what the last test opened, was allowed, stored on its site
    and the media it emulated gone; returns the page and its Watch, emptied."""
    context = browser.new_context(**options)
    context.set_default_timeout(8000)
    for script in init_scripts:
        context.add_init_script(path=str(script))
    watch = Watch(outside=watch_outside(context, own))
    page = context.new_page()
    # ERR_ABORTED is a load cut short by the next navigation (the favicon), not a missing file
    page.on("requestfailed", lambda r: watch.failed.append(f"{r.url} {r.failure}") if own(r.url) and r.failure != "net::ERR_ABORTED" else None)
    page.on("console", lambda m: watch.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))

    def ready():
        context.clear_permissions()
        for other in context.pages[1:]:  # windows the last test opened
            other.close()
        if page.url.startswith(("http", "file")):
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.emulate_media(media="screen")
        for seen in (watch.outside, watch.failed, watch.errors):
            seen.clear()
        return page, watch

    yield ready
    context.close()


@pytest.fixture(scope="session")
def real_site_url(real_site):
    """The repository's own site served over HTTP on 127.0.0.1."""
    with serve(real_site.site) as url:
        yield url


# --- the fast tier (`make test-fast`) ----------------------------------------------------------------------
# A test is `slow` when it drives Chromium, uses the repository's built site or bundle, or when its code or its
# fixtures' code (or a function of its module they call) builds a site or starts a process. Read from the code at
# collection, so a new test falls in the right tier without a mark; `make test-fast` runs `-m "not slow"`.

_SLOW_CODE = re.compile(r"(?<![\w.])build\(|\bmake_bundle\(|\bbuild_offline_site\(|\bsubprocess\.|\bsync_playwright\(")
_SLOW_FIXTURES = {"browser", "real_site", "real_bundle"}


def _source(function) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


@functools.cache
def _slow_functions(module) -> frozenset[str]:
    """Names of the module's functions that build or start a process, directly or through one another."""
    sources = {name: _source(f) for name, f in vars(module).items() if inspect.isfunction(f) and f.__module__ == module.__name__}
    slow = {name for name, text in sources.items() if _SLOW_CODE.search(text)}
    while more := {name for name, text in sources.items() if name not in slow and any(re.search(rf"\b{s}\(", text) for s in slow)}:
        slow |= more
    return frozenset(slow)


def _is_slow(item) -> bool:
    if _SLOW_FIXTURES & set(item.fixturenames):
        return True
    functions = [item.function, *(d.func for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs)]
    for function in functions:
        text, module = _source(function), inspect.getmodule(function)
        helpers = _slow_functions(module) if module is not None else frozenset()
        if _SLOW_CODE.search(text) or any(re.search(rf"\b{name}\(", text) for name in helpers if name != function.__name__):
            return True
    return False


# pytest-xdist hands the modules out in collection order (pytest.ini: --no-loadscope-reorder), one at a time to
# whichever worker is free: the longest go first, so that no worker is left running one alone at the end.
# Seconds on one worker of a full run, measured 2026-12-02 (a module over 5 s); a module not listed follows them, in
# file order (test_serve, 16 s, ran last when it was not listed: one worker worked alone for 7 s at the end).
# test_bench comes second, out of turn: the first two modules start together, and the bench needs no site of the
# repository's, so its worker is busy while the other builds the site the rest share (`once_per_run`).
LONGEST_FIRST = ("test_accessibility", "test_bench", "test_search", "test_offline", "test_compose", "test_hostile",
                 "test_real_site", "test_serve", "test_procedures", "test_diagnoses", "test_weight", "test_results",
                 "test_attachments", "test_linkcheck", "test_workflows")


def _longest_first(item) -> int:
    name = item.module.__name__.rpartition(".")[2]
    return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(config, items):
    if stale := [name for name in LONGEST_FIRST if not (Path(__file__).parent / f"{name}.py").is_file()]:
        raise pytest.UsageError(f"tests/conftest.py LONGEST_FIRST names modules that are not there: {stale}")
    items.sort(key=_longest_first)  # stable: each module's tests keep their order
    if "slow" not in (config.getoption("markexpr") or ""):
        return  # read the code only when a run selects by it
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
