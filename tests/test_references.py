"""References that link themselves: where they link, where they must not, what `make check` reports, and the
procedure page's list of articles and plans that name it; on a built fixture site and on the scanner itself."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli
from test_news import built_site
from test_plans import FILES as PLAN_FILES, article

BODY = """Phường thực hiện Kế hoạch số 111/KH-UBND của UBND quận Thanh Xuân và Kế hoạch 27/KH-UBND.

Mã `111/KH-UBND` trong đoạn mã, liên kết sẵn có [Kế hoạch 27/KH-UBND](https://example.org/kh27) và <a href="https://example.org/">111/KH-UBND</a>.

## Về Kế hoạch 111/KH-UBND

```
Kế hoạch số 111/KH-UBND trong khối mã
```

Thực hiện Kế hoạch số 11/KH-UBND ngày 10/01/2020 của UBND quận Thanh Xuân; cũng nhắc Kế hoạch 11/KH-UBND của Ủy ban nhân dân
thành phố Hà Nội. Một số hiệu trơn 11/KH-UBND không nói của ai. Kế hoạch 99/KH-UBND chưa có trang. Kế hoạch số 27/KH-UBND của
UBND tỉnh Phú Yên là của tỉnh khác.

<p>Khối HTML thô: Kế hoạch 111/KH-UBND.</p>

Thủ tục 1.001193 (mã đầy đủ 1.001193.000.00.00.H12) và lệ phí 1.500.000 đồng; mã `1.001193` trong đoạn mã.
"""
FILES = {**PLAN_FILES, "tin-tuc/tham-chieu.md": article("Bài viết có nhiều tham chiếu tới kế hoạch", "2021-04-02", BODY),
         "tin-tuc/ma-day-du.md": article("Bài viết nêu thủ tục bằng mã đầy đủ của tỉnh", "2021-04-03", "Nội dung.",
                                         extra='procedures: ["1.001193.000.00.00.H12"]\n'),
         "tin-tuc/ma-day-du.en.md": "---\ntitle: Article naming a procedure by its full provincial code\n---\n\nText.\n"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory, "references", FILES, [])


def body(html: str) -> str:
    return re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S).group(1)


def auto_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="cchc-ref" href="([^"]+)">([^<]+)</a>', body(html))


def test_references_link_to_the_pages_the_site_has(site):
    links = auto_links(site.html("tin-tuc/tham-chieu"))
    assert links == [
        ("../../ke-hoach/111-kh-ubnd-2021/", "Kế hoạch số 111/KH-UBND"),
        ("../../ke-hoach/27-kh-ubnd-2021/", "Kế hoạch 27/KH-UBND"),
        ("../../ke-hoach/11-kh-ubnd-2020-thanh-xuan/", "Kế hoạch số 11/KH-UBND"),  # the issuer and date in the text say which
        ("../../ke-hoach/11-kh-ubnd-2020-ha-noi/", "Kế hoạch 11/KH-UBND"),  # "Ủy ban nhân dân" written out counts as UBND
        ("../../thu-tuc/dang-ky-khai-sinh/", "1.001193"),
        ("../../thu-tuc/dang-ky-khai-sinh/", "1.001193.000.00.00.H12"),  # a province's long code names the procedure
    ]
    en = auto_links(site.html("en/tin-tuc/tham-chieu"))  # an untranslated page links the same way on the English side
    assert en == links


def test_front_matter_long_code_links_the_national_procedure(site):
    html = site.html("tin-tuc/ma-day-du")
    assert '<a href="../../thu-tuc/dang-ky-khai-sinh/">Đăng ký khai sinh (1.001193.000.00.00.H12)</a>' in html


def test_no_links_in_code_existing_links_headings_or_for_unknown_plans(site):
    html = body(site.html("tin-tuc/tham-chieu"))
    assert "<code>111/KH-UBND</code>" in html and "<code>1.001193</code>" in html
    assert '<a href="https://example.org/kh27">Kế hoạch 27/KH-UBND</a>' in html
    assert '<a href="https://example.org/">111/KH-UBND</a>' in html
    assert re.search(r'<h2 id="[^"]*">Về Kế hoạch 111/KH-UBND</h2>', html)
    assert "Kế hoạch số 111/KH-UBND trong khối mã" in html and "cchc-ref" not in html.split("<pre>")[1].split("</pre>")[0]
    for plain in ("<p>Khối HTML thô: Kế hoạch 111/KH-UBND.</p>", "số hiệu trơn 11/KH-UBND không", "Kế hoạch 99/KH-UBND chưa", "Kế hoạch số 27/KH-UBND của\nUBND tỉnh Phú Yên", "1.500.000 đồng"):
        assert plain in html


def test_a_plan_does_not_link_to_itself(site):
    html = body(site.html("ke-hoach/111-kh-ubnd-2021"))
    assert 'href="./"' not in html and "cchc-ref" not in html


def test_procedure_page_lists_articles_and_plans_that_name_it(site):
    html = site.html("thu-tuc/dang-ky-khai-sinh")
    block = re.search(r'<div class="cchc-mentions">(.*?)</div>', html, re.S)
    assert block and "Tin bài và kế hoạch nhắc đến thủ tục này" in html
    named = re.findall(r'<li>(Tin bài|Kế hoạch): <a href="../../([^"]+)/"', block.group(1))
    assert named == [("Tin bài", "tin-tuc/ma-day-du"), ("Tin bài", "tin-tuc/tham-chieu"),  # front matter (long code), text
                     ("Kế hoạch", "ke-hoach/111-kh-ubnd-2021")]
    en = site.html("en/thu-tuc/dang-ky-khai-sinh")
    assert "Articles and plans naming this procedure" in en and re.search(r'<li>Plan: <a href="../../ke-hoach/111-kh-ubnd-2021/"', en)


def test_mentions_of_untranslated_pages_are_marked_vietnamese_on_the_english_side(site):
    """WCAG 3.1.2: only ma-day-du has an English translation; the other titles stay Vietnamese, marked lang="vi"."""
    en = re.search(r'<div class="cchc-mentions">(.*?)</div>', site.html("en/thu-tuc/dang-ky-khai-sinh"), re.S).group(1)
    assert re.search(r'<li>Article: <a href="../../tin-tuc/ma-day-du/"[^>]*>Article naming a procedure', en)
    assert not re.search(r'href="../../tin-tuc/ma-day-du/"[^>]* lang=', en)
    assert re.search(r'<li>Article: <a href="../../tin-tuc/tham-chieu/"[^>]* lang="vi">Bài viết có nhiều tham chiếu', en)
    assert re.search(r'<li>Plan: <a href="../../ke-hoach/111-kh-ubnd-2021/"[^>]* lang="vi">Plan 111/KH-UBND:', en)
    assert not re.search(r'\slang="vi"', body(site.html("thu-tuc/dang-ky-khai-sinh")))


def test_check_lists_unlinked_plan_references_as_information(site):
    done = run_cli("--config", str(site.config), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    infos = [line for line in done.stdout.splitlines() if "tham-chieu.md" in line]
    assert len(infos) == 3 and all(": THÔNG TIN: " in line for line in infos)
    assert re.search(r"tham-chieu\.md:20: THÔNG TIN: trang web có nhiều kế hoạch số 11/KH-UBND", infos[0])
    assert "kế hoạch 99/KH-UBND" in infos[1] and "plan named in the text is not on the site" in infos[1]
    assert "kế hoạch 27/KH-UBND" in infos[2] and "another issuer" in infos[2]
    # 6/KH-UBND implements "11/KH-UBND" without saying whose: no link, and the editor is told how to say it.
    assert re.search(r"docs/ke-hoach/6-kh-ubnd-2020\.md:9: THÔNG TIN \[implements\]: .*implements_issuer", done.stdout)


def test_scanner_edge_cases():
    from scripts.pages import references
    from scripts.model.content import Document, Site

    def plan(number, issuer, date, src):
        return Document(src, "plan", "vi", {"number": number, "issuer": issuer, "date": date, "title": "x", "year": 2020}, "", 1)

    site = Site([plan("11/KH-UBND", "UBND quận Thanh Xuân", "2020-01-10", "ke-hoach/a.md"),
                 plan("11/KH-UBND", "UBND thành phố Hà Nội", "2020-02-14", "ke-hoach/b.md")], [])
    index = references.index(site)
    assert references.find("Kế hoạch 11/KH-UBND của quận Thanh Xuân", index)[0].target.src == "ke-hoach/a.md"  # named by its place
    found = references.find("Kế hoạch 11/KH-UBND ngày 14/02/2020. Số 11/KH-UBND-VP khác. KH 12/KH-UBNDX. 3/KH-UBND,", index)
    assert [(r.key, r.target.src if r.target else r.reason) for r in found] == [
        ("11/KH-UBND", "ke-hoach/b.md"), ("11/KH-UBND-VP", "unknown"), ("12/KH-UBNDX", "unknown"), ("3/KH-UBND", "unknown")]
    assert references.link("Xem [tại đây](a.md) và `11/KH-UBND` ngày 10/01/2020", index, site.documents[1], "tin-tuc/x.md") == \
        "Xem [tại đây](a.md) và `11/KH-UBND` ngày 10/01/2020"
