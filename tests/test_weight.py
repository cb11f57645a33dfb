"""A reader's first visit on a phone: at most 100 KB compressed per page (search index aside), and not one
request to any host but the site's own."""

from __future__ import annotations

import gzip

import pytest

from scripts.tools.weight import BUDGET, is_search_index, kind_of, measure, transfer_size

PAGES = ["", "en/", "thu-tuc/dang-ky-khai-sinh/", "en/thu-tuc/dang-ky-khai-sinh/"]


@pytest.mark.parametrize("path", PAGES)
def test_first_visit_stays_within_budget_and_on_the_site(browser, real_site_url, path):
    weight = measure(browser, real_site_url, path)
    assert weight["bytes"]["html"] > 1000 and weight["bytes"]["css"] > 1000 and weight["bytes"]["js"] > 1000, weight
    assert weight["outside"] == [], f"{path or 'home'} asks other hosts: {weight['outside']}"
    assert weight["missing"] == [], f"{path or 'home'} asks for files the site lacks: {weight['missing']}"
    assert weight["total"] <= BUDGET, f"{path or 'home'}: {weight['total'] / 1024:.1f} KB > {BUDGET // 1024} KB: {weight['bytes']}"


def test_outside_requests_are_caught_and_counted(browser, tmp_path):
    """The measure sees a request to another host (here a web font, as stock Material asks Google Fonts)."""
    from conftest import serve

    (tmp_path / "index.html").write_text('<!doctype html><html lang="vi"><head><title>x</title>'
                                         '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
                                         '</head><body><p>x</p></body></html>', encoding="utf-8")
    with serve(tmp_path) as url:
        weight = measure(browser, url, "")
    assert weight["outside"] == ["https://fonts.googleapis.com/css?family=Roboto"]
    assert weight["requests"] == 1 and weight["bytes"]["html"] > 0


def test_text_is_counted_gzipped_and_images_as_they_are():
    text = b"cai cach hanh chinh " * 500
    assert transfer_size("text/html", text) == len(gzip.compress(text, compresslevel=6)) < len(text)
    assert transfer_size("image/png", text) == len(text)
    assert transfer_size("image/svg+xml", text) < len(text)
    assert [kind_of(t) for t in ("text/html", "text/css", "text/javascript", "image/svg+xml", "font/woff2", "application/json")] \
        == ["html", "css", "js", "image", "font", "other"]
    assert is_search_index("http://127.0.0.1:1/search/search_index.json") and not is_search_index("http://127.0.0.1:1/thu-tuc/")
