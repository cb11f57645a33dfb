"""The offline bundle (issue 6): built as `make offline` builds it, unzipped, and driven from file:// in Chromium
with every request that leaves the folder blocked and counted; and the kiosk start page of the lookup screen."""

from __future__ import annotations

import contextlib
import re
import shutil
import zipfile
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import pytest

from conftest import kept_page
from scripts.cli import site_config
from scripts.model import contract
from scripts.tools.links import broken_links
from scripts.pages.offline import ZIP_TIME, Bundle, OfflineBuildError, bundle_name, make_bundle

OUTSIDE = re.compile(r"^(?!data:)(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # another host (a scheme, or protocol-relative)


@pytest.fixture(scope="module")
def sources(real_bundle) -> Path:
    return real_bundle.sources


@pytest.fixture(scope="module")
def bundle(real_bundle) -> Bundle:
    return real_bundle.bundle


@pytest.fixture(scope="module")
def folder(real_bundle) -> Path:
    """The bundle unzipped, as on a USB stick (in a folder whose name has a space)."""
    assert " " in real_bundle.folder.name
    return real_bundle.folder


def pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


# --- the zip ------------------------------------------------------------------------------------------


def test_bundle_is_named_after_the_site_and_reproducible(bundle, sources, tmp_path):
    assert bundle.path.name == bundle_name(site_config(sources).site_name) == "cai-cach-hanh-chinh-phuong-thanh-xuan-offline.zip"
    assert bundle.size == bundle.path.stat().st_size > 100_000
    # the same sources in another folder, built again: the same bytes (no build time, no absolute path inside)
    shutil.copytree(sources.parent, tmp_path / "elsewhere", ignore=shutil.ignore_patterns("_generated"))
    again = make_bundle(tmp_path / "dist", tmp_path / "elsewhere/mkdocs.yml")
    assert entries(again.path) == entries(bundle.path)  # names the files that differ, if any
    assert again.path.read_bytes() == bundle.path.read_bytes()


def entries(zip_path: Path) -> dict[str, int]:
    with zipfile.ZipFile(zip_path) as archive:
        return {info.filename: info.CRC for info in archive.infolist()}


def test_bad_content_stops_the_bundle_with_every_error_and_keeps_the_previous_zip(sources, tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(sources.parent, copy, ignore=shutil.ignore_patterns("_generated"))
    (copy / "docs/tin-tuc/bai-hong.md").write_text("---\ntitel: Bài hỏng\ndate: \"2021-13-45\"\n---\n\nNội dung.\n", encoding="utf-8")
    dist = tmp_path / "dist"
    dist.mkdir()
    previous = dist / "cai-cach-hanh-chinh-phuong-thanh-xuan-offline.zip"
    previous.write_bytes(b"the bundle handed out last week")
    with pytest.raises(OfflineBuildError) as failure:
        make_bundle(dist, copy / "mkdocs.yml")
    assert "docs/tin-tuc/bai-hong.md:2" in str(failure.value) and "docs/tin-tuc/bai-hong.md:3" in str(failure.value)
    assert previous.read_bytes() == b"the bundle handed out last week"
    assert [p.name for p in dist.iterdir()] == [previous.name]


def test_zip_entries_have_fixed_times_permissions_and_order(bundle):
    with zipfile.ZipFile(bundle.path) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names) and len(names) == bundle.files
    assert {info.date_time for info in infos} == {ZIP_TIME}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    assert {"index.html", "kiosk.html", "en/index.html", "en/kiosk.html"} <= set(names)
    assert not [n for n in names if n.startswith("sitemap") or n.endswith(".map") or n == "404.html"]


def test_every_page_exists_in_both_languages_and_every_link_names_a_file(folder, sources):
    found = pages(folder)
    vietnamese = [p for p in found if not p.startswith("en/")]
    assert len(vietnamese) > 10
    assert [p for p in vietnamese if f"en/{p}" not in found] == []
    assert [str(b) for b in broken_links(folder, site_config(sources).site_url, offline=True)] == []


def test_the_files_to_download_travel_with_the_bundle_and_open_from_the_pages(folder, sources):
    """Issue 17: every file of docs/tai-lieu/ is in the bundle as it is in the sources, and a procedure page in
    either language links its form by a path that names the file from where the page lies."""
    offered = sorted(p.name for p in (sources.parent / "docs/tai-lieu").iterdir())
    assert "to-khai-thay-doi-thong-tin-cu-tru-ct01.docx" in offered
    assert [name for name in offered if (folder / "tai-lieu" / name).read_bytes() != (sources.parent / "docs/tai-lieu" / name).read_bytes()] == []
    for page, up in (("thu-tuc/dang-ky-tam-tru.html", "../"), ("en/thu-tuc/dang-ky-tam-tru.html", "../../")):
        html = (folder / page).read_text(encoding="utf-8")
        target = f"{up}tai-lieu/to-khai-thay-doi-thong-tin-cu-tru-ct01.docx"
        assert f'href="{target}"' in html and ((folder / page).parent / target).resolve().is_file()


def test_pages_load_nothing_from_other_hosts(folder):
    """Scripts, styles, fonts, images and frames all come from the folder (no Google Fonts, no unpkg shim)."""
    resource = re.compile(r'<(?:script|img|iframe|source|embed)\b[^>]*?\bsrc="([^"]*)"'
                          r'|<link\b(?=[^>]*\brel="(?:stylesheet|preconnect|preload|modulepreload|icon)")[^>]*?\bhref="([^"]*)"')
    from_outside = [f"{page}: {m[1] or m[2]}" for page in pages(folder)
                    for m in resource.finditer((folder / page).read_text(encoding="utf-8")) if OUTSIDE.match(m[1] or m[2])]
    assert from_outside == []


# --- in Chromium, from file:// -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_page(browser):
    """`with offline_page(**options) as (page, watch)`: a page of the module's kept ones (conftest.kept_page), one per
    set of context options, where every request but for a file is blocked and counted."""
    kept: dict[str, Callable] = {}
    closers = []

    @contextlib.contextmanager
    def ready(**options):
        key = repr(sorted(options.items()))
        if key not in kept:
            opened = kept_page(browser, lambda url: url.startswith("file://"), **options)
            kept[key] = next(opened)
            closers.append(opened)
        yield kept[key]()

    yield ready
    for opened in closers:
        next(opened, None)


def url_of(folder: Path, path: str) -> str:
    return (folder / path).as_uri()


def test_the_harness_blocks_and_counts_what_leaves_the_folder(offline_page, folder):
    # bypass_csp: the pages' Content-Security-Policy would stop this request before the harness could see it
    with offline_page(bypass_csp=True) as (page, watch):
        page.goto(url_of(folder, "index.html"))
        page.evaluate("fetch('https://fonts.googleapis.com/css?family=Roboto').catch(() => {})")
        page.wait_for_timeout(300)
        assert watch.outside == ["https://fonts.googleapis.com/css?family=Roboto"]
        assert watch.errors  # the browser reports the blocked request


def test_pages_of_every_kind_open_with_zero_requests_and_no_errors(offline_page, folder):
    """One page from each folder of each language (every template, every kind of page), images included; the
    archive's years are one kind (`luu-tru/2024`, `luu-tru/2020`: the same template)."""
    by_folder: dict[str, str] = {}
    for path in pages(folder):
        by_folder.setdefault(re.sub(r"/\d+$", "/*", path.rpartition("/")[0]), path)
    sample = sorted({*by_folder.values(), "index.html", "en/index.html", "kiosk.html", "en/kiosk.html"})
    with offline_page() as (page, watch):
        for path in sample:
            page.goto(url_of(folder, path), wait_until="load")
            page.wait_for_timeout(100)  # let the bundle's scripts run
            assert page.locator(".md-content h1").count() == 1, path
            broken = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !i.complete || !i.naturalWidth).map(i => i.src)")
            assert broken == [], path
        watch.assert_clean()


def open_language_menu(page):
    page.hover(".md-header__option .md-select")


def test_language_switcher_leads_to_the_same_page_both_ways(offline_page, folder):
    article = next(p for p in pages(folder) if p.startswith("tin-tuc/") and p != "tin-tuc/index.html"
                   and (folder / "en" / p).exists() and "cchc-untranslated" not in (folder / "en" / p).read_text(encoding="utf-8"))
    with offline_page() as (page, watch):
        page.goto(url_of(folder, article))
        open_language_menu(page)
        page.click('.md-select__link[hreflang="en"]')
        page.wait_for_load_state("load")
        assert page.url == url_of(folder, f"en/{article}")
        assert page.get_attribute("html", "lang") == "en"
        open_language_menu(page)
        page.click('.md-select__link[hreflang="vi"]')
        page.wait_for_load_state("load")
        assert page.url == url_of(folder, article)
        assert page.get_attribute("html", "lang") == "vi"
        page.wait_for_timeout(300)  # Material's sitemap fetch, if any, would fail by now
        watch.assert_clean()


def test_print_view_shows_the_content_without_the_chrome(offline_page, folder):
    with offline_page() as (page, watch):
        page.goto(url_of(folder, "kiosk.html"))  # kiosk mode on: its button must not print either
        page.goto(url_of(folder, "lien-he.html"))
        page.emulate_media(media="print")
        assert page.is_visible(".md-content h1")
        assert not page.is_visible(".md-header")
        assert not page.is_visible(".cchc-kiosk-home")
        watch.assert_clean()


# --- search and the procedure filter ----------------------------------------------------------------


@pytest.mark.parametrize("lang, query", [("vi", "khai sinh"), ("en", "reform")])
def test_search_answers_in_both_languages(offline_page, folder, lang, query):
    prefix = "" if lang == "vi" else "en/"
    with offline_page() as (page, watch):
        page.goto(url_of(folder, f"{prefix}index.html"))
        page.click(".md-search__input")
        page.keyboard.type(query)
        page.wait_for_selector(f'.md-search[{contract.names()["searchBox"]["query"]}="{query}"]', timeout=15_000)
        results = page.locator("a.md-search-result__link")
        assert results.count() > 0
        targets = [page.evaluate("a => a.href", results.nth(i).element_handle()) for i in range(results.count())]
        root = folder.as_uri() + "/"
        assert all(t.startswith(root + prefix) and urlsplit(t).path.endswith(".html") for t in targets), targets
        if lang == "en":
            assert not [t for t in targets if not t.startswith(root + "en/")]  # English pages answer English readers
        results.first.click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == urlsplit(targets[0]).path
        assert page.locator(".md-content h1").count() == 1
        watch.assert_clean()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_procedure_page_opens_from_the_filter(offline_page, folder, lang):
    prefix = "" if lang == "vi" else "en/"
    with offline_page() as (page, watch):
        page.goto(url_of(folder, f"{prefix}thu-tuc/index.html"))
        page.fill("#cchc-filter-text", "khai sinh luu dong")  # typed without marks, as on a kiosk keyboard
        page.wait_for_selector("#cchc-procedure-list:not([hidden])")  # its rows are a script loaded on first use
        shown = page.locator("#cchc-procedure-list li.cchc-procedure a")
        assert shown.count() == 1
        shown.first.click()
        page.wait_for_load_state("load")
        assert page.url == url_of(folder, f"{prefix}thu-tuc/dang-ky-khai-sinh-luu-dong.html")
        watch.assert_clean()


# --- the kiosk path ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, way", [("vi", "field tile"), ("en", "filter")])
def test_kiosk_path_start_procedure_back_to_start(offline_page, folder, lang, way):
    prefix = "" if lang == "vi" else "en/"
    start = url_of(folder, f"{prefix}kiosk.html")
    with offline_page() as (page, watch):
        page.goto(start)
        assert "cchc-kiosk" in page.get_attribute("html", "class").split()
        assert page.locator(".md-sidebar, .md-tabs, .md-footer, .cchc-agency").count() == 0  # nothing but the lookup
        tiles = page.locator(".cchc-kiosk-tiles a")
        assert tiles.count() >= 5
        for box in (tiles.nth(i).bounding_box() for i in range(tiles.count())):
            assert box["height"] >= 56 and box["width"] >= 200  # large touch targets
        assert page.locator(".md-content a[href^=http], .md-content a[href^=tel], .md-content a[href^=mailto]").count() == 0
        if way == "field tile":
            page.click('.cchc-kiosk-tiles a[href="thu-tuc/linh-vuc/ho-tich.html"]')  # civil status
            page.wait_for_load_state("load")
            page.click('li.cchc-procedure a[href="../dang-ky-khai-sinh.html"]')
        else:  # the procedure index's filter, on the start page itself
            assert page.locator("#cchc-filter-text").bounding_box()["height"] >= 56
            page.fill("#cchc-filter-text", "1.001193")  # the code printed on the paper form
            page.wait_for_selector("#cchc-procedure-list:not([hidden])")
            shown = page.locator("#cchc-procedure-list li.cchc-procedure a")
            assert shown.count() == 1
            shown.click()
        page.wait_for_load_state("load")
        assert page.url == url_of(folder, f"{prefix}thu-tuc/dang-ky-khai-sinh.html")
        home = page.locator(".cchc-kiosk-home")
        assert home.is_visible() and home.bounding_box()["height"] >= 56
        assert home.inner_text() == ("Về trang đầu" if lang == "vi" else "Back to start")
        # links that would leave the bundle (the online portal, phones, e-mail) do nothing on the lookup screen
        assert page.locator('a[href^="tel:"], a[href^="mailto:"], a[href^="http"]').count() == 0
        assert page.locator("a.cchc-kiosk-outside", has_text="(dichvucong.gov.vn)").count() > 0  # readable, to type at home
        home.click()
        page.wait_for_load_state("load")
        assert page.url == start
        watch.assert_clean()


def test_a_reader_registers_a_birth_from_the_home_page_on_disk(browser, folder):
    from test_agency import register_a_birth_from_the_home_page

    register_a_birth_from_the_home_page(browser, (folder / "index.html").as_uri())


def test_kiosk_goes_back_to_start_when_left_untouched(offline_page, folder):
    with offline_page() as (page, watch):
        page.clock.install()
        page.goto(url_of(folder, "en/kiosk.html"))
        page.goto(url_of(folder, "en/thu-tuc/dang-ky-khai-sinh.html"))
        page.clock.run_for(170_000)
        page.mouse.wheel(0, 200)  # someone is still reading: the three minutes start again
        page.clock.run_for(170_000)
        assert page.url == url_of(folder, "en/thu-tuc/dang-ky-khai-sinh.html")
        with page.expect_navigation():
            page.clock.run_for(15_000)
        assert page.url == url_of(folder, "en/kiosk.html")
        watch.assert_clean()


def test_readers_outside_the_kiosk_never_see_it(offline_page, folder):
    with offline_page() as (page, watch):
        page.goto(url_of(folder, "thu-tuc/index.html"))
        assert not page.is_visible(".cchc-kiosk-home")
        assert "cchc-kiosk" not in (page.get_attribute("html", "class") or "")
        assert page.locator('a[href^="tel:"]').count() > 0  # the agency footer is whole
        watch.assert_clean()
    for lang in ("", "en/"):
        # the only link to it is the hidden button (in no navigation); the public site has the same pages
        home = (folder / lang / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<a[^>]*href="[^"]*kiosk.html"[^>]*>', home) == ['<a class="cchc-kiosk-home" href="kiosk.html" hidden>']
        assert "kiosk" not in (folder / lang / "search/meta.js").read_text(encoding="utf-8")  # nor in search


# --- the compose page: drafting without a network --------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_compose_page_drafts_downloads_and_opens_pages_from_disk(offline_page, folder, lang):
    prefix, words = ("", {"kind": "Tin bài", "title": "Tiêu đề", "date": "Ngày đăng", "author": "Tác giả hoặc đơn vị", "category": "Chuyên mục",
                          "summary": "Tóm tắt", "check": "Kiểm tra", "download": "Tải tệp .md", "in_form": "Sửa bằng biểu mẫu", "editing": "Đang sửa"}) \
        if lang == "vi" else ("en/", {"kind": "Article", "title": "Title", "date": "Date published", "author": "Author or unit", "category": "Category",
                                      "summary": "Summary", "check": "Check", "download": "Download the .md file", "in_form": "Edit in the form",
                                      "editing": "Editing"})
    with offline_page(accept_downloads=True) as (page, watch):
        page.goto(url_of(folder, f"{prefix}soan-bai.html"))
        page.get_by_role("radio", name=words["kind"]).check()
        form = page.locator(".cchc-compose__editor")
        form.get_by_label(re.compile(f"^{words['title']}( \\(|$)")).fill("Soạn bài không cần mạng: thử từ ổ đĩa")
        form.get_by_label(re.compile(f"^{words['date']}( \\(|$)")).fill("01/12/2026")
        form.get_by_label(re.compile(f"^{words['author']}( \\(|$)")).fill("Văn phòng")
        form.get_by_label(re.compile(f"^{words['category']}( \\(|$)")).select_option("Thông tin, tuyên truyền")
        form.get_by_label(re.compile(f"^{words['summary']}( \\(|$)")).fill("Biểu mẫu chạy được từ bản ngoại tuyến, không cần mạng.")
        page.get_by_role("button", name=words["check"]).click()
        with page.expect_download() as download:
            page.get_by_role("button", name=words["download"]).click()
        assert download.value.suggested_filename == "soan-bai-khong-can-mang-thu-tu-o-dia.md"
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert text == page.input_value(".cchc-compose__output") and 'date: "2026-12-01"' in text
        # a page of the bundle opens in the form from its own link, its fields read from the bundle's data files
        src = "thu-tuc/dang-ky-khai-sinh.md" if lang == "vi" else "ke-hoach/111-kh-ubnd-2021.en.md"
        page.goto(url_of(folder, prefix + src.replace(".en.md", ".md").replace(".md", ".html")))
        page.get_by_role("link", name=words["in_form"]).click()
        page.wait_for_function("() => document.querySelector('.cchc-compose__output')?.value.startsWith('---')")
        assert page.url == url_of(folder, f"{prefix}soan-bai.html") + f"?mo={src}"
        assert page.inner_text(".cchc-compose__mode") == f"{words['editing']} docs/{src}"
        assert ('code: "1.001193"' if lang == "vi" else 'title: "Communication on administrative procedure control') in page.input_value(".cchc-compose__output")
        watch.assert_clean()


def test_the_pull_request_summary_names_files_the_bundle_has(folder, sources):
    """`make summary` tells reviewers which file of the bundle shows each page changed (scripts/tools/review.py)."""
    from scripts.model.content import content_files
    from scripts.tools.review import built_paths

    files = content_files(sources.parent / "docs")
    assert len(files) > 50
    assert [src for src in files if not (folder / built_paths(src)[1]).is_file()] == []
