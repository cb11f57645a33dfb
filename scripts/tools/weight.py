"""Page weight of a reader's first visit, measured in Chromium: bytes by type, requests, outside hosts.

Used by tests/test_weight.py (the budget) and by the benchmark report (page weight per page type).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

BUDGET = 100 * 1024  # bytes, compressed, per page, search index aside (issue 8)
PHONE = {"width": 390, "height": 844}
# Debian's Chromium and the flags every launch uses (tests/conftest.py and `make bench` take them from here).
# Every host but this machine sits behind a proxy that is not there (port 9, discard): a page that asks another host
# gets an error at once and nothing leaves the machine, without the test stopping each request to look at it
# (`watch_outside` only lists them; intercepting every request cost a third of a page load's CPU).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1"]


@contextlib.contextmanager
def serve(root: Path, not_found: Path | None = None, compress: bool = False):
    """Serve a folder on 127.0.0.1 (a free port) for the duration of the block; yields the base URL (the tests
    and `make bench` open built sites through it). With `not_found`, a missing path answers 404 with that file,
    as GitHub Pages does with the site's 404.html; with `compress`, text goes gzipped to a client that accepts it,
    as GitHub Pages sends it (Lighthouse times what travels)."""
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(root), not_found=not_found)
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

    def log_message(self, format, *args):  # keep the output readable
        pass


class _CompressingHandler(_QuietHandler):
    """A file of a text type gzipped when the client accepts it; anything else (a folder without its slash, a
    missing file) as the plain handler answers."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or not content_type.startswith(_TEXT_TYPES):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# GitHub Pages compresses these with gzip; images and fonts travel as they are.
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
               "application/manifest+json", "application/x-javascript")
_KINDS = {"html": ("text/html",), "css": ("text/css",), "js": ("javascript",), "image": ("image/",),
          "font": ("font/", "application/font", "application/x-font")}


def transfer_size(content_type: str, body: bytes) -> int:
    """What the body costs on the wire: gzip level 6 for text types (as GitHub Pages serves), else as is."""
    if content_type.startswith(_TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def kind_of(content_type: str) -> str:
    return next((kind for kind, marks in _KINDS.items() if any(m in content_type for m in marks)), "other")


def is_search_index(url: str) -> bool:
    """The search index is kept aside from the budget: its size grows with the content, not the page."""
    path = urlsplit(url).path
    return "/search/" in path or "search_index" in path or "/pagefind/" in path


def same_site(site_url: str) -> Callable[[str], bool]:
    """Whether a URL is the site's own (its host and port) or data inside the page."""
    own = urlsplit(site_url).netloc
    return lambda url: urlsplit(url).netloc == own or url.startswith("data:")


def watch_outside(context, site: str | Callable[[str], bool]) -> list[str]:
    """The requests of a Playwright browser context to a host other than the site's (its URL, or a test of which
    URLs are its own): the list it returns fills with their URLs. CHROMIUM_ARGS make each of them fail."""
    own = same_site(site) if isinstance(site, str) else site
    outside: list[str] = []
    context.on("request", lambda request: None if own(request.url) else outside.append(request.url))
    return outside


def until_quiet(page, quiet: float = 0.3, timeout: float = 30) -> Callable[[], None]:
    """Watches page's requests from now on; the function returned waits until none has been in flight for `quiet`
    seconds (a fetch a timer or a worker starts after the load event is counted). Playwright's "networkidle"
    waits for half a second without a connection, then a test waited more for late fetches: most of a visit."""
    pending: set = set()
    last = [time.monotonic()]

    def started(request):
        pending.add(request)
        last[0] = time.monotonic()

    def ended(request):
        pending.discard(request)
        last[0] = time.monotonic()

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)

    def wait() -> None:
        deadline = time.monotonic() + timeout
        while pending or time.monotonic() - last[0] < quiet:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{page.url}: requests still in flight after {timeout} s: {[r.url for r in pending]}")
            page.wait_for_timeout(50)  # lets Playwright deliver the events

    return wait


def measure(browser, site_url: str, path: str) -> dict:
    """A first visit (fresh context, empty cache, phone viewport) to site_url + path; requests to any
    other host are blocked and listed, never fetched."""
    own = urlsplit(site_url).netloc
    missing: list[str] = []
    sizes = {kind: 0 for kind in (*_KINDS, "other")}
    search_index = requests = 0

    context = browser.new_context(viewport=PHONE, service_workers="block")
    outside = watch_outside(context, site_url)

    def on_response(response):
        nonlocal search_index, requests
        if urlsplit(response.url).netloc != own:
            return
        requests += 1
        if response.status >= 400:
            missing.append(response.url)
        try:
            body = response.body()
        except Exception:  # a redirect or aborted response has no body to count
            return
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        size = transfer_size(content_type, body)
        if is_search_index(response.url):
            search_index += size
        else:
            sizes[kind_of(content_type)] += size

    context.on("response", on_response)
    try:
        page = context.new_page()
        quiet = until_quiet(page)
        page.goto(site_url + path, wait_until="load")
        quiet()
    finally:
        context.close()
    return {"path": path, "bytes": sizes, "total": sum(sizes.values()), "search_index": search_index,
            "requests": requests, "outside": outside, "missing": missing}
