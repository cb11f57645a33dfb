"""Plans on a built fixture site, both languages: the register by year and by issuer, the hierarchy both ways
(also when two issuers share a number), targets, tasks, channels, related articles, and the A4 print view."""

from __future__ import annotations

import re

import pytest

from test_news import built_site


def plan(number: str | None, title: str, issuer: str, date: str, extra: str = "", body: str = "Tóm tắt kế hoạch.") -> str:
    number_line = f"number: {number}\n" if number else ""
    return (f"---\n{number_line}title: {title}\nissuer: {issuer}\ndate: \"{date}\"\nyear: {date[:4]}\n"
            f"purpose: Mục đích của kế hoạch về cải cách hành chính.\nstatus: completed\n{extra}---\n\n{body}\n")


def article(title: str, date: str, body: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\ndate: \"{date}\"\nauthor: Văn phòng UBND phường\ncategory: Thông tin, tuyên truyền\n{extra}"
            f"summary: Tóm tắt bài viết về kế hoạch cải cách hành chính.\n---\n\n{body}\n")


FILES = {
    "index.en.md": "---\ntitle: Home\n---\n\n# Home\n",
    "ke-hoach/index.md": "---\ntitle: Kế hoạch\n---\n\n# Kế hoạch\n\n<!-- cchc:plans -->\n",
    "ke-hoach/index.en.md": "---\ntitle: Plans\n---\n\n# Plans\n\n<!-- cchc:plans -->\n",
    "ke-hoach/27-kh-ubnd-2021.md": plan("27/KH-UBND", "Tuyên truyền kiểm soát thủ tục hành chính của Thành phố năm 2021",
                                        "UBND thành phố Hà Nội", "2021-01-26"),
    "ke-hoach/27-kh-ubnd-2021.en.md": "---\ntitle: City communication on procedure control in 2021\n---\n\nSummary.\n",
    "ke-hoach/111-kh-ubnd-2021.md": plan("111/KH-UBND", "Tuyên truyền kiểm soát thủ tục hành chính của quận năm 2021", "UBND quận Thanh Xuân",
                                         "2021-03-09", extra=(
                                             'implements: ["27/KH-UBND"]\nprocedures: ["1.001193"]\n'
                                             "targets:\n  - text: Đơn vị công khai thủ tục hành chính\n    value: 100\n    unit: \"%\"\n"
                                             "  - text: Số buổi tuyên truyền tại khu dân cư\n    value: 12\n    unit: buổi\n"
                                             "tasks:\n  - Tuyên truyền về vai trò của kiểm soát thủ tục\n  - Giới thiệu mô hình Bộ phận Một cửa\n"
                                             "channels:\n  - Hệ thống loa truyền thanh\n  - Cổng thông tin điện tử\n"),
                                         body="Xem thêm tại [Cổng Dịch vụ công](https://dichvucong.gov.vn/) và trang [Kế hoạch cấp trên](27-kh-ubnd-2021.md)."),
    "ke-hoach/11-kh-ubnd-2020-thanh-xuan.md": plan("11/KH-UBND", "Cải cách hành chính của quận năm 2020", "UBND quận Thanh Xuân", "2020-01-10"),
    "ke-hoach/11-kh-ubnd-2020-ha-noi.md": plan("11/KH-UBND", "Tuyên truyền cải cách hành chính của Thành phố năm 2020",
                                               "UBND thành phố Hà Nội", "2020-02-14"),
    "ke-hoach/5-kh-ubnd-2020.md": plan("5/KH-UBND", "Tuyên truyền cải cách hành chính của phường năm 2020", "UBND phường Thanh Xuân Trung",
                                       "2020-03-02", extra='implements: ["11/KH-UBND"]\nimplements_issuer: Ủy ban nhân dân thành phố Hà Nội\n'),
    "ke-hoach/6-kh-ubnd-2020.md": plan("6/KH-UBND", "Cải cách hành chính của phường năm 2020", "UBND phường Khương Trung",
                                       "2020-03-05", extra='implements: ["11/KH-UBND"]\n'),
    "ke-hoach/binh-thanh-2018.md": plan(None, "Kế hoạch tăng cường tuyên truyền cải cách hành chính năm 2018", "UBND quận Bình Thạnh", "2018-03-06"),
    "tin-tuc/trien-khai-111.md": article("Quận triển khai kế hoạch tuyên truyền năm 2021", "2021-03-21", "Nội dung.", 'plans: ["111/KH-UBND"]\n'),
    "tin-tuc/thanh-pho-27.md": article("Thành phố ban hành kế hoạch tuyên truyền năm 2021", "2021-01-30",
                                       "Ngày 26/01/2021, UBND Thành phố ban hành Kế hoạch số 27/KH-UBND về tuyên truyền."),
    "tin-tuc/ket-qua-2020.md": article("Kết quả cải cách hành chính năm 2020 của quận", "2020-09-09",
                                       "Quận thực hiện Kế hoạch số 11/KH-UBND ngày 10/01/2020 của UBND quận Thanh Xuân về cải cách hành chính."),
    "thu-tuc/index.md": "---\ntitle: Thủ tục hành chính\n---\n\n# Thủ tục hành chính\n",  # other areas' generated pages link to it
    "thu-tuc/dang-ky-khai-sinh.md": "---\ncode: \"1.001193\"\nname: Đăng ký khai sinh\nlevel: commune\nfield: Hộ tịch\nagency: Ủy ban nhân dân cấp xã\n---\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory, "plans", FILES, [{"Kế hoạch": "ke-hoach/index.md"}])


def section(html: str, heading_id: str) -> str:
    """The HTML from a heading to the next h2."""
    match = re.search(rf'<h2 id="{heading_id}">.*?</h2>(.*?)(?=<h2|</article>)', html, re.S)
    assert match, f"no section {heading_id}"
    return match.group(1)


def test_register_by_year_lists_number_issuer_date_status(site):
    html = site.html("ke-hoach")
    years = re.findall(r'<h2 id="nam-(\d{4})">', html)
    assert years == ["2021", "2020", "2018"]
    y2021 = section(html, "nam-2021")
    assert re.findall(r"<td[^>]*>(\d+/KH-UBND)</td>", y2021) == ["111/KH-UBND", "27/KH-UBND"]  # newest first
    assert re.search(r'<td[^>]*>111/KH-UBND</td>\s*<td[^>]*><a href="111-kh-ubnd-2021/">Tuyên truyền kiểm soát thủ tục hành chính của quận năm 2021</a></td>\s*'
                     r'<td[^>]*>UBND quận Thanh Xuân</td>\s*<td[^>]*><time datetime="2021-03-09">09/03/2021</time></td>\s*<td[^>]*>Đã hoàn thành</td>', y2021)
    assert re.search(r"<td[^>]*>—</td>\s*<td[^>]*><a href=\"binh-thanh-2018/\">", section(html, "nam-2018"))  # a plan without a number
    en = site.html("en/ke-hoach")
    assert "<th>Number</th>" in en and "City communication on procedure control in 2021" in en and re.search(r"<td[^>]*>Completed</td>", en)


def test_register_by_issuer(site):
    html = site.html("ke-hoach/theo-co-quan")
    issuers = re.findall(r'<h2 id="[^"]+">([^<]+)</h2>', html)
    assert issuers == ["UBND phường Khương Trung", "UBND phường Thanh Xuân Trung", "UBND quận Bình Thạnh",
                       "UBND quận Thanh Xuân", "UBND thành phố Hà Nội"]  # Vietnamese alphabetical order
    assert re.findall(r"<td[^>]*>(\d+/KH-UBND)</td>", section(html, "ubnd-quan-thanh-xuan")) == ["111/KH-UBND", "11/KH-UBND"]
    assert '<a class="cchc-register-switch" href="../">' in html
    assert '<a class="cchc-register-switch" href="theo-co-quan/">' in site.html("ke-hoach")
    assert "Plans by issuer" in site.html("en/ke-hoach/theo-co-quan")


def test_plan_page_shows_its_fields_and_parent(site):
    html = site.html("ke-hoach/111-kh-ubnd-2021")
    assert re.search(r"<dt>Số hiệu</dt>\s*<dd>111/KH-UBND</dd>", html)
    assert re.search(r"<dt>Cơ quan ban hành</dt>\s*<dd>UBND quận Thanh Xuân</dd>", html)
    assert re.search(r'<dt>Thực hiện kế hoạch</dt>\s*<dd><a href="../27-kh-ubnd-2021/"[^>]*>27/KH-UBND</a></dd>', html)
    targets = section(html, "chi-tieu")
    assert re.search(r"<td[^>]*>Đơn vị công khai thủ tục hành chính</td>\s*<td[^>]*>100%</td>", targets)
    assert re.search(r"<td[^>]*>Số buổi tuyên truyền tại khu dân cư</td>\s*<td[^>]*>12 buổi</td>", targets)
    assert "<li>Giới thiệu mô hình Bộ phận Một cửa</li>" in section(html, "nhiem-vu")
    assert "<li>Hệ thống loa truyền thanh</li>" in section(html, "hinh-thuc-tuyen-truyen")


def test_hierarchy_both_ways(site):
    parent = section(site.html("ke-hoach/27-kh-ubnd-2021"), "cac-ke-hoach-trien-khai-ke-hoach-nay")
    assert re.findall(r'<a href="../([^"]+)/"', parent) == ["111-kh-ubnd-2021"]
    en = site.html("en/ke-hoach/27-kh-ubnd-2021")
    assert "Plans carrying out this plan" in en and re.search(r'<a href="../111-kh-ubnd-2021/"[^>]*>Plan 111/KH-UBND:', en)


def test_shared_number_resolved_by_issuer_never_guessed(site):
    # 5/KH-UBND names the city's 11/KH-UBND through implements_issuer; 6/KH-UBND names no issuer: no link, no child.
    assert re.search(r'<dd><a href="../11-kh-ubnd-2020-ha-noi/"[^>]*>11/KH-UBND</a></dd>', site.html("ke-hoach/5-kh-ubnd-2020"))
    assert re.search(r"<dt>Thực hiện kế hoạch</dt>\s*<dd>11/KH-UBND</dd>", site.html("ke-hoach/6-kh-ubnd-2020"))
    children = section(site.html("ke-hoach/11-kh-ubnd-2020-ha-noi"), "cac-ke-hoach-trien-khai-ke-hoach-nay")
    assert re.findall(r'<a href="../([^"]+)/"', children) == ["5-kh-ubnd-2020"]
    assert "cac-ke-hoach-trien-khai-ke-hoach-nay" not in site.html("ke-hoach/11-kh-ubnd-2020-thanh-xuan")


def test_related_articles_from_front_matter_and_text(site):
    related = section(site.html("ke-hoach/111-kh-ubnd-2021"), "tin-bai-lien-quan")
    assert re.findall(r'href="../../tin-tuc/([^"]+)/"', related) == ["trien-khai-111"]  # front matter `plans`
    related = section(site.html("ke-hoach/27-kh-ubnd-2021"), "tin-bai-lien-quan")
    assert re.findall(r'href="../../tin-tuc/([^"]+)/"', related) == ["thanh-pho-27"]  # "Kế hoạch số 27/KH-UBND" in the text
    related = section(site.html("ke-hoach/11-kh-ubnd-2020-thanh-xuan"), "tin-bai-lien-quan")
    assert re.findall(r'href="../../tin-tuc/([^"]+)/"', related) == ["ket-qua-2020"]  # resolved by the issuer named in the text
    assert "tin-bai-lien-quan" not in site.html("ke-hoach/11-kh-ubnd-2020-ha-noi")
    assert "Related articles" in site.html("en/ke-hoach/111-kh-ubnd-2021")


def test_untranslated_plans_articles_and_procedures_are_marked_vietnamese_on_the_english_side(site):
    """WCAG 3.1.2: 111/KH-UBND, the articles and the procedure have no English translation; 27/KH-UBND has one."""
    register = site.html("en/ke-hoach")
    assert re.search(r'<a href="111-kh-ubnd-2021/" lang="vi">Tuyên truyền kiểm soát', register)
    assert re.search(r'<a href="27-kh-ubnd-2021/">City communication on procedure control in 2021</a>', register)
    assert re.search(r'<a href="../111-kh-ubnd-2021/" lang="vi">Tuyên truyền kiểm soát', site.html("en/ke-hoach/theo-co-quan"))
    assert re.search(r'<a href="../111-kh-ubnd-2021/"[^>]* lang="vi">Plan 111/KH-UBND:', site.html("en/ke-hoach/27-kh-ubnd-2021"))
    plan = site.html("en/ke-hoach/111-kh-ubnd-2021")
    assert re.search(r'<a href="../../tin-tuc/trien-khai-111/"[^>]* lang="vi">Quận triển khai', plan)
    assert re.search(r'<a href="../../thu-tuc/dang-ky-khai-sinh/"[^>]* lang="vi">Đăng ký khai sinh \(1.001193\)</a>', plan)
    for page in ("ke-hoach", "ke-hoach/theo-co-quan", "ke-hoach/27-kh-ubnd-2021", "ke-hoach/111-kh-ubnd-2021"):
        assert not re.search(r'\slang="vi"', site.html(page).split("<article", 1)[1]), page


def test_print_stylesheet_is_linked_on_plan_and_procedure_pages(site):
    for page in ("ke-hoach/111-kh-ubnd-2021", "en/ke-hoach/111-kh-ubnd-2021", "thu-tuc/dang-ky-khai-sinh"):
        assert re.search(r'<link rel="stylesheet" href="(\.\./)+assets/print\.css">', site.html(page))
    css = (site.site / "assets/print.css").read_text(encoding="utf-8")
    assert css.count("@media print") == 1 and "size: A4" in css


def test_plan_page_prints_as_a_clean_a4_leaflet(site, browser):
    from conftest import serve

    with serve(site.site) as url:
        page = browser.new_page()
        page.goto(url + "ke-hoach/111-kh-ubnd-2021/")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer', '.md-search']
            .filter(s => document.querySelector(s)).map(s => getComputedStyle(document.querySelector(s)).display)""")
        assert hidden and set(hidden) == {"none"}
        after = page.evaluate("""() => [...document.querySelectorAll('.md-content a')].map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
        targets = dict(after)
        assert targets["https://dichvucong.gov.vn/"] == '" (https://dichvucong.gov.vn/)"'
        assert targets["../27-kh-ubnd-2021/"] == '" (https://example.github.io/cchc/ke-hoach/27-kh-ubnd-2021/)"'  # full address of a link between pages
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-content')).display") != "none"
        assert len(page.pdf(format="A4")) > 1000
        page.emulate_media(media="screen")
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).display") != "none"
        page.close()
