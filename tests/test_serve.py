"""`make serve` as an editor uses it: `mkdocs serve --dirty` on a site, a page open in Chromium, a file saved; what each
save renders again."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO, build, site_config, write_docs
from scripts.build import pipeline
from scripts.model import content
from scripts.tools import bench
from test_pipeline import ARTICLE, PROCEDURE


def test_make_serve_reloads_the_open_page_when_an_article_is_saved(browser, tmp_path):
    """What an editor sees: the page open in the browser shows a saved change by itself (MkDocs' live reload runs
    under the preview's policy), with no error in the console."""
    article = tmp_path / "docs/tin-tuc/tap-huan.md"
    config = site_config(tmp_path, write_docs(tmp_path, {"tin-tuc/tap-huan.md": ARTICLE}), nav=[{"Trang chủ": "index.md"}])
    port = bench.free_port()
    server = subprocess.Popen([sys.executable, "-m", "scripts.cli", "--config", str(config), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # what `make serve` runs
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
        # `?.`: while the live reload swaps the document, there is a moment with no body
        page.wait_for_function("() => document.body?.innerText.includes('Đoạn mới thêm khi xem trước.')", timeout=60_000)
    finally:
        page.close()
        bench.stop_serve(server)
    assert errors == []


# --- what a save renders again ---------------------------------------------------------------------------------

PLAN = """---
number: 12/KH-UBND
title: Kế hoạch tuyên truyền cải cách hành chính năm 2026
issuer: UBND phường Thanh Xuân
date: "2026-01-10"
year: 2026
purpose: Nâng cao nhận thức của Nhân dân về cải cách hành chính.
status: active
---

Tóm tắt kế hoạch.
"""
FILES = {
    "tin-tuc/index.md": "---\ntitle: Tin tức\n---\n\n# Tin tức\n\n<!-- cchc:news -->\n",
    "tin-tuc/tap-huan.md": ARTICLE,
    "tin-tuc/tiep-dan.md": ARTICLE.replace("«một cửa»", "tiếp dân").replace("2026-10-15", "2026-10-20"),
    "tin-tuc/tiep-dan.en.md": "---\ntitle: The ward trains its reception staff\n---\n\nEnglish text.\n",
    "ke-hoach/12-kh-ubnd-2026.md": PLAN,
    "thu-tuc/dang-ky-khai-sinh.md": PROCEDURE,
}
SAVES = {  # what an editor saves, one after the other: (file, text)
    "a sentence added to an article": ("tin-tuc/tap-huan.md", ARTICLE + "\nĐoạn mới thêm khi xem trước.\n"),
    "the text saved by a Windows editor (BOM, CRLF, decomposed marks)":
        ("tin-tuc/tap-huan.md", "\ufeff" + unicodedata.normalize("NFD", ARTICLE + "\nĐoạn gõ trên máy khác.\n").replace("\n", "\r\n")),
    "a sentence added to a translation": ("tin-tuc/tiep-dan.en.md", "---\ntitle: The ward trains its reception staff\n---\n\nMore text.\n"),
    "a plan named in an article's text": ("tin-tuc/tap-huan.md", ARTICLE + "\nTheo Kế hoạch 12/KH-UBND của phường.\n"),
    "an article's title changed": ("tin-tuc/tap-huan.md", ARTICLE.replace("«một cửa»", "bộ phận một cửa")),
    "an article added": ("tin-tuc/moi.md", ARTICLE.replace("«một cửa»", "công chức mới").replace("2026-10-15", "2026-11-01")),
    "an article deleted": ("tin-tuc/tiep-dan.md", None),  # its translation too, below: its pages and its month's list go
}
RENDERS_EVERY_PAGE = {"an article's title changed", "an article added", "an article deleted"}  # lists, neighbours, the rest


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_each_save_renders_what_it_touches_and_the_preview_is_the_site_a_full_build_makes(tmp_path, monkeypatch):
    """`make serve` runs `mkdocs serve --dirty`: after a save MkDocs renders only the pages whose file changed, and
    prepare marks stale every other page the change touches. After each save the preview holds, byte for byte, what a
    full build of the same files writes; a change to an article's text alone renders its pages and no other."""
    def save(config: Path):
        with monkeypatch.context() as patch:
            patch.setattr(sys, "argv", [*sys.argv, "--dirty"])  # mkdocs-static-i18n reads it there for the English build
            return build(config, "serve", dirty=True)

    docs = write_docs(tmp_path / "preview", FILES)
    preview = site_config(tmp_path / "preview", docs, nav=[{"Trang chủ": "index.md"}])
    assert save(preview).returncode == 0
    site, other = tmp_path / "preview/site", "thu-tuc/dang-ky-khai-sinh/index.html"
    served = {}
    for number, (change, (src, text)) in enumerate(SAVES.items()):
        before = {path: (site / path).stat().st_mtime_ns for path in (other, f"en/{other}")}
        if text is None:
            for path in (docs / src).parent.glob(f"{Path(src).name.split('.')[0]}.*md"):
                path.unlink()
        else:
            (docs / src).write_text(text, encoding="utf-8")
        done = save(preview)
        assert done.returncode == 0, done.log
        assert "dirty" not in done.log  # MkDocs' warning about dirty builds: prepare made this one accurate
        rendered = [path for path, mtime in before.items() if (site / path).stat().st_mtime_ns != mtime]
        assert rendered == ([other, f"en/{other}"] if change in RENDERS_EVERY_PAGE else []), change
        served[change] = site_files(site)
        shutil.copytree(docs, tmp_path / f"full{number}/docs", ignore=shutil.ignore_patterns(content.GENERATED_DIR))
    # the full builds after the preview's: MkDocs keeps one plugin object per process, as `mkdocs serve` keeps it
    for number, change in enumerate(SAVES):
        full = tmp_path / f"full{number}"
        assert build(site_config(full, full / "docs", nav=[{"Trang chủ": "index.md"}]), "serve").returncode == 0
        expected = site_files(full / "site")
        assert sorted(served[change]) == sorted(expected), change
        assert [path for path in expected if served[change][path] != expected[path]] == [], change


def test_a_file_saved_while_the_preview_builds_is_shown_by_the_next_build(tmp_path, monkeypatch):
    """A page is rendered from the text the check read; a save after that read, while the build still runs, is newer
    than the page the build writes (each page is dated when the build began), so the next build renders it again."""
    docs = write_docs(tmp_path, FILES)
    config = site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}])
    monkeypatch.setattr(sys, "argv", [*sys.argv, "--dirty"])
    assert build(config, "serve", dirty=True).returncode == 0
    article, page = docs / "tin-tuc/tap-huan.md", tmp_path / "site/tin-tuc/tap-huan/index.html"
    write = pipeline.generated.write  # prepare writes the generated pages after the check has read every file

    def then_saved(*args):
        write(*args)
        article.write_text(ARTICLE + "\nCâu lưu trong khi bản xem trước đang dựng.\n", encoding="utf-8")

    article.write_text(ARTICLE + "\nCâu lưu trước.\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(pipeline.generated, "write", then_saved)
        assert build(config, "serve", dirty=True).returncode == 0
    assert "Câu lưu trước." in page.read_text(encoding="utf-8")
    assert build(config, "serve", dirty=True).returncode == 0
    assert "Câu lưu trong khi bản xem trước đang dựng." in page.read_text(encoding="utf-8")
