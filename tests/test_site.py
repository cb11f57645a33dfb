"""The built site, as readers get it: languages, switcher, identity, slugs, dates, typed pages."""

from __future__ import annotations

import re

import pytest

from test_content import ARTICLE, PLAN, PROCEDURE

PARENT = PLAN.replace("111/KH-UBND", "27/KH-UBND").replace("UBND quận Thanh Xuân", "UBND thành phố Hà Nội") \
    .replace('"2021-03-09"', '"2021-01-26"').replace('implements: ["27/KH-UBND"]\n', "")
FILES = {
    "index.en.md": "---\ntitle: Home\n---\n\n# Home\n",
    "tin-tuc/phuong-trien-khai-ke-hoach.md": ARTICLE.replace("summary:", "plans: [\"111/KH-UBND\"]\nprocedures: [\"1.001193\"]\nsummary:"),
    "tin-tuc/phuong-trien-khai-ke-hoach.en.md": "---\ntitle: The ward rolls out its 2021 plan\nsummary: The ward issued its 2021 communication plan on procedure control.\n---\n\nEnglish text.\n",
    "ke-hoach/111-kh-ubnd-2021.md": PLAN.replace("status: completed", "status: completed\ntargets:\n  - text: Đơn vị công khai thủ tục\n    value: 100\n    unit: \"%\""),
    "ke-hoach/27-kh-ubnd-2021.md": PARENT,
    "thu-tuc/dang-ky-khai-sinh.md": PROCEDURE.replace("agency:", "channels:\n  - type: in_person\n    time: Ngay trong ngày\n    fee: Miễn lệ phí\nagency:"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import build, site_config, write_docs
    tmp = tmp_path_factory.mktemp("site")
    result = build(site_config(tmp, write_docs(tmp, FILES), nav=[{"Trang chủ": "index.md"}]))
    assert result.returncode == 0, result.log
    return result


def switcher(html: str) -> dict[str, str]:
    return dict((lang, href) for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', html))


def test_html_lang_is_right_on_both_sides(site):
    assert '<html lang="vi"' in site.html("tin-tuc/phuong-trien-khai-ke-hoach")
    assert '<html lang="en"' in site.html("en/tin-tuc/phuong-trien-khai-ke-hoach")


def test_switcher_leads_to_the_same_page_in_the_other_language(site):
    assert switcher(site.html("tin-tuc/phuong-trien-khai-ke-hoach")) == {"vi": "./", "en": "../../en/tin-tuc/phuong-trien-khai-ke-hoach/"}
    assert switcher(site.html("en/tin-tuc/phuong-trien-khai-ke-hoach")) == {"vi": "../../../tin-tuc/phuong-trien-khai-ke-hoach/", "en": "./"}
    assert switcher(site.html("")) == {"vi": ".", "en": "en/"}
    assert switcher(site.html("en")) == {"vi": "..", "en": "./"}


def test_untranslated_page_shows_vietnamese_text_with_a_notice(site):
    html = site.html("en/ke-hoach/111-kh-ubnd-2021")
    assert "This page has not been translated yet" in html
    assert '<div lang="vi">' in html and "Tóm tắt kế hoạch." in html
    assert "not been translated" not in site.html("en/tin-tuc/phuong-trien-khai-ke-hoach")
    assert "chưa được dịch" not in site.html("ke-hoach/111-kh-ubnd-2021")


def test_interface_strings_are_translated(site):
    en, vi = site.html("en/ke-hoach/111-kh-ubnd-2021"), site.html("ke-hoach/111-kh-ubnd-2021")
    assert "<dt>Issued by</dt>" in en and "<dt>Cơ quan ban hành</dt>" in vi
    assert 'placeholder="Search"' in en and 'placeholder="Tìm kiếm"' in vi


def test_hotlines_on_every_page_as_tel_links(site):
    for page in ("", "en", "tin-tuc/phuong-trien-khai-ke-hoach", "en/thu-tuc/dang-ky-khai-sinh"):
        html = site.html(page)
        assert '<a class="cchc-hotline" href="tel:02462933647">024.62933647</a>' in html
        assert '<a class="cchc-hotline" href="tel:0868216873">0868216873</a>' in html
    assert "Đường dây nóng" in site.html("") and "Hotlines" in site.html("en")


def test_urls_are_ascii_slugs_and_headings_keep_d(site):
    assert (site.site / "thu-tuc/dang-ky-khai-sinh/index.html").exists()
    html = site.html("thu-tuc/dang-ky-khai-sinh")
    assert 'id="trinh-tu-thuc-hien"' in html and 'id="thanh-phan-ho-so"' in html


def test_dates_read_dd_mm_yyyy_in_vietnamese(site):
    assert '<time datetime="2021-03-21">21/03/2021</time>' in site.html("tin-tuc/phuong-trien-khai-ke-hoach")
    assert '<time datetime="2021-03-21">21 March 2021</time>' in site.html("en/tin-tuc/phuong-trien-khai-ke-hoach")


def test_plan_title_holds_its_number_and_links_its_parent(site):
    html = site.html("ke-hoach/111-kh-ubnd-2021")
    assert re.search(r"<h1[^>]*>Kế hoạch 111/KH-UBND: Thông tin, tuyên truyền", html)
    assert "<title>Kế hoạch 111/KH-UBND: " in html
    assert re.search(r'<a href="../27-kh-ubnd-2021/"[^>]*>27/KH-UBND</a>', html)  # [^>]*: the full address for print
    assert re.search(r"<td[^>]*>Đơn vị công khai thủ tục</td>\s*<td[^>]*>100%</td>", html)


def test_article_links_its_plans_and_procedures(site):
    html = site.html("tin-tuc/phuong-trien-khai-ke-hoach")
    assert '<a href="../../ke-hoach/111-kh-ubnd-2021/">111/KH-UBND</a>' in html
    assert '<a href="../../thu-tuc/dang-ky-khai-sinh/">Đăng ký khai sinh (1.001193)</a>' in html
    en = site.html("en/tin-tuc/phuong-trien-khai-ke-hoach")
    assert "<h1" in en and "The ward rolls out its 2021 plan" in en and re.search(r'<dd><a href="[^"]*chuyen-muc/thong-tin-tuyen-truyen/">Communication</a></dd>', en)


def test_procedure_sections_and_pending_values(site):
    html = site.html("thu-tuc/dang-ky-khai-sinh")
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    assert headings[:3] == ["trinh-tu-thuc-hien", "cach-thuc-thuc-hien", "thanh-phan-ho-so"]
    assert re.search(r"<td[^>]*>Trực tiếp</td>\s*<td[^>]*>Ngay trong ngày</td>\s*<td[^>]*>Miễn lệ phí</td>", html)
    assert "Đang cập nhật." in html
    en = site.html("en/thu-tuc/dang-ky-khai-sinh")
    assert ">Steps</h2>" in en and re.search(r"<td[^>]*>In person</td>", en) and "Đăng ký khai sinh" in en
