"""`make serve` as an editor uses it: `mkdocs serve` on a site, a page open in Chromium, a file saved."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import MKDOCS, REPO, site_config, write_docs
from scripts.tools import bench
from test_pipeline import ARTICLE


def test_make_serve_reloads_the_open_page_when_an_article_is_saved(browser, tmp_path):
    """What an editor sees: the page open in the browser shows a saved change by itself (MkDocs' live reload runs
    under the preview's policy), with no error in the console."""
    article = tmp_path / "docs/tin-tuc/tap-huan.md"
    config = site_config(tmp_path, write_docs(tmp_path, {"tin-tuc/tap-huan.md": ARTICLE}), nav=[{"Trang chủ": "index.md"}])
    port = bench.free_port()
    server = subprocess.Popen([str(MKDOCS), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        url = f"http://127.0.0.1:{port}{urlsplit(yaml.safe_load(config.read_text(encoding='utf-8'))['site_url']).path}tin-tuc/tap-huan/"
        if bench.wait_for_page(url, lambda html: True, 120, server) is None:  # the first build, then the server answers
            pytest.fail(f"mkdocs serve did not answer {url} (exit status {server.returncode})")
        with page.expect_console_message(lambda message: message.text == "Enabled live reload"):
            page.goto(url)
        article.write_text(ARTICLE + "\nĐoạn mới thêm khi xem trước.\n", encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('Đoạn mới thêm khi xem trước.')", timeout=60_000)
    finally:
        page.close()
        bench.stop_serve(server)
    assert errors == []
