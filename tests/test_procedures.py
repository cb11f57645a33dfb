"""Procedures: the index with its count and filter, the pages per field, level, agency and online level (both
languages, Vietnamese order), the detail page sections in the portal's order, and the filter in Chromium over
HTTP, from file:// and with JavaScript off."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
import yaml

from conftest import REPO, build, front_matter, serve, site_config, write_docs
from scripts.model import contract
from scripts.pages.procedures import procedure_slug, search_text
from scripts.model.vietnamese import sort_vietnamese
from scripts.tools.weight import until_quiet


def procedure(code: str, name: str, field: str, level: str = "commune", agency: str = "Ủy ban nhân dân cấp xã",
              online: str | None = None, extra: str = "") -> str:
    online_block = f"online:\n  level: {online}\n" if online else ""  # `extra` may go on with the online block
    return (f'---\ncode: "{code}"\nname: {name}\nlevel: {level}\nfield: {field}\nagency: {agency}\n{online_block}{extra}---\n')


PROCEDURES = {
    "dang-ky-ket-hon": procedure("1.000894", "Đăng ký kết hôn", "Hộ tịch", online="partial"),
    "dang-ky-ket-hon-co-yeu-to-nuoc-ngoai": procedure("2.000806", "Đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch",
                                                      extra="former_level: district\n"),
    "dang-ky-khai-sinh": procedure("1.001193", "Đăng ký khai sinh", "Hộ tịch", online="full",
                                   extra="  url: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193\n"),
    "dang-ky-tam-tru": procedure("1.004194", "Đăng ký tạm trú", "Cư trú", agency="Công an cấp xã", online="full"),
    "chung-thuc-ban-sao-tu-ban-chinh": procedure("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", extra=(
        "channels:\n- type: in_person\n  time: Trong ngày\n  fee: 2.000 đồng/trang | <b>x</b>\n- type: online\n  time: Trong ngày\n"
        "  fee: 1.000 đồng/trang\ndossier:\n- paper: Bản chính giấy tờ\n  originals: 1\n- paper: Bản sao cần chứng thực\n  copies: 1\n")),
    "cap-giay-phep-xay-dung-nha-o-rieng-le": procedure("1.013225", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"),
    "dang-ky-thanh-lap-doanh-nghiep-tu-nhan": procedure("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Doanh nghiệp",
                                                        level="province", agency="Sở Tài chính", online="full"),
    "hoa-giai-tranh-chap-dat-dai": procedure("1.012812", "Hòa giải tranh chấp đất đai", "Đất đai", online="none"),
}
NAMES = [re.search(r"\nname: (.*)\n", text).group(1) for text in PROCEDURES.values()]
EN_NAMES = ["Temporary residence registration" if name == "Đăng ký tạm trú" else name for name in NAMES]
FILES = {
    **{f"thu-tuc/{slug}.md": text for slug, text in PROCEDURES.items()},
    "thu-tuc/dang-ky-tam-tru.en.md": "---\nname: Temporary residence registration\n---\n",  # the one translated procedure
    "thu-tuc/index.md": "---\ntitle: Thủ tục hành chính\n---\n\n# Thủ tục hành chính\n\n<!-- cchc:procedures -->\n",
    "thu-tuc/index.en.md": "---\ntitle: Administrative procedures\n---\n\n# Administrative procedures\n\n<!-- cchc:procedures -->\n",
    "assets/javascripts/procedure-filter.js": (REPO / "docs/assets/javascripts/procedure-filter.js").read_text(encoding="utf-8"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("procedures")
    result = build(site_config(tmp, write_docs(tmp, FILES), nav=[{"Trang chủ": "index.md"}, {"Thủ tục": "thu-tuc/index.md"}]))
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="module")
def site_url(site):
    with serve(site.site) as url:
        yield url


def list_names(html: str) -> list[str]:
    return re.findall(r'<li class="cchc-procedure"[^>]*><a href="[^"]+"(?: lang="vi")?>([^<]+)</a>', html)


# --- generated pages ---------------------------------------------------------------------------------

def test_the_a_to_z_page_lists_every_procedure_and_the_index_its_count_and_groups(site):
    vi, en = site.html("thu-tuc/tat-ca"), site.html("en/thu-tuc/tat-ca")
    assert sorted(list_names(vi)) == sorted(NAMES) and sorted(list_names(en)) == sorted(EN_NAMES)
    assert "8 thủ tục." in vi and "8 procedures." in en
    assert '<a href="../dang-ky-ket-hon/">Đăng ký kết hôn</a>' in vi  # relative link to the page, from the .md source
    vi, en = site.html("thu-tuc"), site.html("en/thu-tuc")
    # The index names no procedure, so that it weighs the same at 8 procedures as at 8,000: the filter's rows are a
    # script of their own, and without JavaScript the A–Z page and the group pages list them.
    assert list_names(vi) == [] and not any(name in vi for name in NAMES)
    assert '<ul class="cchc-procedure-list" id="cchc-procedure-list" hidden=""></ul>' in vi
    assert '<a href="tat-ca/">Xem danh sách đầy đủ theo thứ tự chữ cái (A–Z)</a>' in vi and '<a href="tat-ca/">See the full list, A to Z</a>' in en
    assert re.search(r'id="cchc-filter-count"[^>]*>8 thủ tục\.</p>', vi)
    assert re.search(r'id="cchc-filter-count"[^>]*>8 procedures\.</p>', en)
    # a search landmark beside the header's search: it needs a name of its own
    assert 'role="search" aria-label="Lọc thủ tục hành chính"' in vi and 'role="search" aria-label="Filter procedures"' in en


def test_untranslated_procedure_names_are_marked_vietnamese_on_the_english_side(site):
    """WCAG 3.1.2: a procedure without x.en.md shows its Vietnamese name on the English list, marked lang="vi"."""
    for url in ("thu-tuc/tat-ca", "thu-tuc/linh-vuc/ho-tich", "thu-tuc/co-quan/cong-an-cap-xa"):
        vi, en = site.html(url), site.html(f"en/{url}")
        assert not re.search(r'\slang="vi"', vi.split("<article", 1)[1]), url
        for name in list_names(en):
            translated = name == "Temporary residence registration"
            assert re.search(rf'<a href="[^"]+"{"" if translated else " lang=.vi."}>{re.escape(name)}</a>', en), name
    assert '<a href="../dang-ky-ket-hon/" lang="vi">Đăng ký kết hôn</a>' in site.html("en/thu-tuc/tat-ca")
    assert '<a href="../dang-ky-tam-tru/">Temporary residence registration</a>' in site.html("en/thu-tuc/tat-ca")


GROUP_PAGES = {  # url -> (Vietnamese heading, English heading, count)
    "thu-tuc/linh-vuc/ho-tich": ("Lĩnh vực: Hộ tịch", "Field: Civil status", 3),
    "thu-tuc/linh-vuc/doanh-nghiep": ("Lĩnh vực: Doanh nghiệp", "Field: Doanh nghiệp", 1),  # no translation: Vietnamese name
    "thu-tuc/cap-thuc-hien/cap-xa": ("Cấp thực hiện: Cấp xã", "Level: Commune level", 7),
    "thu-tuc/cap-thuc-hien/cap-tinh": ("Cấp thực hiện: Cấp tỉnh", "Level: Province level", 1),
    "thu-tuc/co-quan/cong-an-cap-xa": ("Cơ quan thực hiện: Công an cấp xã", "Implementing agency: Commune police", 1),
    "thu-tuc/co-quan/uy-ban-nhan-dan-cap-xa": ("Cơ quan thực hiện: Ủy ban nhân dân cấp xã", "Implementing agency: Commune People's Committee", 6),
    "thu-tuc/truc-tuyen/toan-trinh": ("Dịch vụ công trực tuyến: Toàn trình", "Online public service: Fully online", 3),
    "thu-tuc/truc-tuyen/mot-phan": ("Dịch vụ công trực tuyến: Một phần", "Online public service: Partly online", 1),
    "thu-tuc/truc-tuyen/khong-cung-cap-truc-tuyen": ("Dịch vụ công trực tuyến: Không cung cấp trực tuyến", "Online public service: Not available online", 1),
    "thu-tuc/truc-tuyen/chua-cap-nhat": ("Dịch vụ công trực tuyến: Chưa cập nhật", "Online public service: Not yet recorded", 3),
}


@pytest.mark.parametrize("url", GROUP_PAGES)
def test_group_page_in_both_languages_with_its_count(site, url):
    vi_title, en_title, count = GROUP_PAGES[url]
    vi, en = site.html(url), site.html(f"en/{url}")
    assert re.search(rf"<h1[^>]*>{re.escape(vi_title.replace(chr(39), '&#39;'))}</h1>", vi)
    assert re.search(rf"<h1[^>]*>{re.escape(en_title).replace(chr(39), '(?:&#39;|&#x27;|' + chr(39) + ')')}</h1>", en)
    assert f"{count} thủ tục." in vi and f"{count} procedure{'s' if count != 1 else ''}." in en
    assert len(list_names(vi)) == count and len(list_names(en)) == count
    assert '<html lang="en"' in en


def test_index_links_every_group_page_with_its_count(site):
    vi, en = site.html("thu-tuc"), site.html("en/thu-tuc")
    for url, (vi_title, en_title, count) in GROUP_PAGES.items():
        href = url.removeprefix("thu-tuc/") + "/"
        label = vi_title.split(": ", 1)[1]
        assert re.search(rf'<a href="{re.escape(href)}">{re.escape(label)}</a> \({count} thủ tục\)', vi), label
        assert f'<a href="{href}">' in en
    assert '<a href="linh-vuc/ho-tich/">Civil status</a> (3 procedures)' in en


def test_names_in_vietnamese_alphabetical_order(site):
    names = list_names(site.html("thu-tuc/tat-ca"))
    assert names == sort_vietnamese(NAMES)
    # đ sorts after d and before e (plain code-point order puts it after z); "Cấp" before "Chứng" (â before h)
    assert names.index("Cấp giấy phép xây dựng nhà ở riêng lẻ") < names.index("Chứng thực bản sao từ bản chính") < names.index("Đăng ký kết hôn")
    assert names.index("Đăng ký kết hôn") < names.index("Đăng ký kết hôn có yếu tố nước ngoài") < names.index("Đăng ký khai sinh")
    assert names.index("Đăng ký thành lập doanh nghiệp tư nhân") < names.index("Hòa giải tranh chấp đất đai")
    assert list_names(site.html("thu-tuc/linh-vuc/ho-tich")) == ["Đăng ký kết hôn", "Đăng ký kết hôn có yếu tố nước ngoài", "Đăng ký khai sinh"]


def test_filter_data_is_folded_at_build_time():
    meta = {"name": "Hoà giải tranh chấp đất đai", "code": "1.012812", "field": "Đất đai", "agency": "Ủy ban nhân dân cấp xã"}
    assert search_text(meta) == "hoa giai tranh chap dat dai 1.012812 dat dai uy ban nhan dan cap xa"
    assert search_text({**meta, "name": unicodedata.normalize("NFD", meta["name"])}) == search_text(meta)
    assert search_text({**meta, "also_known_as": ["Hòa giải đất"], "also_known_as_en": ["land dispute"]}).endswith("hoa giai dat land dispute 1.012812 dat dai uy ban nhan dan cap xa")
    assert procedure_slug("Đăng ký kết hôn") == "dang-ky-ket-hon"
    long = procedure_slug("Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng")
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("thuc-hien-dieu-chinh")


def test_detail_page_sections_follow_the_portal_order(site):
    html = site.html("thu-tuc/dang-ky-khai-sinh")
    assert re.findall(r'<h2 id="([^"]+)"', html)[:9] == [
        "trinh-tu-thuc-hien", "cach-thuc-thuc-hien", "thanh-phan-ho-so", "doi-tuong-thuc-hien", "co-quan-thuc-hien",
        "ket-qua-thuc-hien", "can-cu-phap-ly", "yeu-cau-dieu-kien-thuc-hien", "dich-vu-cong-truc-tuyen"]
    assert re.search(r'<div class="cchc-facts">\s*<dl>\s*<dt>Mã thủ tục</dt>\s*<dd>1.001193</dd>\s*<dt>Cấp thực hiện</dt>\s*<dd>Cấp xã</dd>', html)
    assert re.search(r"<dd>Cấp xã \(Trước 01/7/2025: cấp huyện\)</dd>\s*<dt>Lĩnh vực</dt>", site.html("thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai"))
    assert html.count("Đang cập nhật.") >= 5  # unknown fields say so instead of being invented
    assert '<a class="md-button cchc-online-again" href="https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193">' in html
    assert "Một phần" in site.html("thu-tuc/dang-ky-ket-hon") and "md-button" not in site.html("thu-tuc/dang-ky-ket-hon").split("md-content")[1]
    en = re.findall(r"<h2[^>]*>([^<]+)</h2>", site.html("en/thu-tuc/dang-ky-khai-sinh"))
    assert en[:8] == ["Steps", "How to submit", "Dossier", "Who applies", "Implementing agency", "Result", "Legal basis",
                      "Requirements and conditions"]
    # field and agency names in English where translations/en.yml has them, Vietnamese otherwise
    assert re.search(r"<dt>Field</dt>\s*<dd>Civil status</dd>", site.html("en/thu-tuc/dang-ky-khai-sinh"))


def test_the_summary_answers_fee_time_where_and_papers_first(site):
    html = site.html("thu-tuc/chung-thuc-ban-sao-tu-ban-chinh")
    summary = re.search(r'<div class="cchc-summary">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", summary) == [
        ("Phí, lệ phí", "Trực tiếp: 2.000 đồng/trang | &lt;b&gt;x&lt;/b&gt;; Trực tuyến: 1.000 đồng/trang"),  # values as written
        ("Thời hạn giải quyết", "Trong ngày"),  # the same for every channel: said once
        # where: the office of mkdocs.yml serving the procedure's agency, with its hours (tests/test_agency.py)
        ("Nơi nộp hồ sơ", "Bộ phận Một cửa phường Thanh Xuân, 9 Khuất Duy Tiến, phường Thanh Xuân, thành phố Hà Nội"),
        ("Giờ làm việc", "Thứ Hai đến thứ Sáu: 8:00–12:00, 13:00–17:00; Sáng thứ Bảy: 8:00–12:00"),
        ("Thành phần hồ sơ", "2 loại giấy tờ (xem Thành phần hồ sơ bên dưới)"),
        # the portal's rating page, the service mkdocs.yml marks `rating` (tests/test_agency.py)
        ("Đánh giá", '<a href="https://dichvucong.gov.vn/p/home/dvc-index-tinhthanhpho-tonghop.html">Đánh giá chất lượng phục vụ của tỉnh '
                     "(Bộ chỉ số phục vụ người dân, doanh nghiệp)</a>")]
    assert html.index('class="cchc-summary"') < html.index('class="cchc-facts"')
    birth = site.html("thu-tuc/dang-ky-khai-sinh")
    assert re.search(r'<div class="cchc-summary">.*?<a class="md-button md-button--primary" href="https://dichvucong.gov.vn/[^"]+1.001193">'
                     r"Nộp hồ sơ trực tuyến</a>.*?</div>", birth, re.S)  # the online button in the summary
    assert birth.count("Đang cập nhật.") >= 5  # no fee, time or papers known: said so, not invented
    english = site.html("en/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh")
    assert "<dt>Where to apply</dt>" in english and "2 papers (see the dossier below)" in english
    # each table cell carries its column's name, for the stacked cards on a phone
    assert '<td data-label="Tên giấy tờ">Bản chính giấy tờ</td>' in html and '<td data-label="Phí, lệ phí">' in html


def test_a_procedure_reads_on_a_phone_without_sideways_scrolling(browser, site_url):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + "thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    cells = page.evaluate("() => [...document.querySelectorAll('.md-content td')].map(td => [td.getBoundingClientRect().right, "
                          "parseFloat(getComputedStyle(td).fontSize), getComputedStyle(td, '::before').content])")
    page.close()
    assert width <= 390 and cells
    assert all(right <= 390 and size >= 16 and label.startswith('"') for right, size, label in cells), cells


def test_procedures_stay_out_of_the_navigation(site):
    nav = site.html("thu-tuc").split('class="md-content"')[0]
    assert "dang-ky-ket-hon/" not in nav and "linh-vuc/" not in nav


def test_group_pages_stay_out_of_search_and_procedures_are_in_it(site):
    for index in ("search/meta.js", "en/search/meta.js"):
        pages = (site.site / index).read_text(encoding="utf-8")
        assert "thu-tuc/dang-ky-ket-hon/" in pages
        assert "thu-tuc/linh-vuc/" not in pages and "thu-tuc/cap-thuc-hien/" not in pages and "thu-tuc/tat-ca/" not in pages


def filter_rows(site, lang: str) -> dict:
    """The filter's rows of one language as the build wrote them (a classic script assigning one JSON value to the
    contract's global), each row read by the contract's columns."""
    names = contract.names()["procedureFilter"]
    text = (site.site / f"assets/javascripts/procedures-{lang}.js").read_text(encoding="utf-8")
    assert text.startswith(f"window.{names['rows']} = ") and text.endswith(";\n")
    data = json.loads(text.removeprefix(f"window.{names['rows']} = ").removesuffix(";\n"))
    assert all(len(row) == len(names["columns"]) for row in data["rows"])
    return {"levels": data["levels"], "rows": [dict(zip(names["columns"], row)) for row in data["rows"]]}


def test_the_filter_rows_hold_every_procedure_in_list_order_with_what_the_filter_compares(site):
    for lang, prefix in (("vi", ""), ("en", "en/")):
        data = filter_rows(site, lang)
        assert [row["name"] for row in data["rows"]] == list_names(site.html(f"{prefix}thu-tuc/tat-ca"))
        assert data["levels"] == ({"commune": "Cấp xã", "province": "Cấp tỉnh"} if lang == "vi" else
                                  {"commune": "Commune level", "province": "Province level"})
        for row in data["rows"]:  # each address, relative to the rows' file, is the procedure's built page
            assert (site.site / "assets/javascripts" / row["path"] / "index.html").resolve().is_file(), row
            assert row["path"].startswith(f"../../{prefix}thu-tuc/")
    marriage = next(row for row in filter_rows(site, "en")["rows"] if row["code"] == "1.000894")
    meta = yaml.safe_load(PROCEDURES["dang-ky-ket-hon"].split("---\n")[1])
    assert marriage == {"name": "Đăng ký kết hôn", "path": "../../en/thu-tuc/dang-ky-ket-hon/", "code": "1.000894", "field": "Hộ tịch",
                        "level": "commune", "online": "partial", "text": search_text(meta), "lang": "vi"}  # untranslated: its Vietnamese name, marked
    last = filter_rows(site, "en")["rows"][-1]
    assert (last["name"], last["path"], last["lang"]) == ("Temporary residence registration", "../../en/thu-tuc/dang-ky-tam-tru/", "")


def test_the_offline_bundle_rows_name_html_files(site):
    from scripts.build import site as site_check
    from scripts.pages.procedures import filter_data

    checked = site_check.check(site.site.parent / "docs", [], "", directory_urls=False)
    text = filter_data(checked, "vi").text
    assert '"../../thu-tuc/dang-ky-khai-sinh.html"' in text and '/"' not in text


# --- English translations of the repository's procedures ----------------------------------------------

# A translation replaces a list whole (content.Document.localized), so it repeats what is no text: the channel
# types, the counts of originals and copies, the cases; and it must carry every figure of the original.
_FIGURE = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+")  # 15.000 and 15,000 alike
_FIGURE_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_STEP_NUMBER = re.compile(r"^(Bước|Step)\s*\d+\s*[:.]\s*")  # numbered by the page, not a figure of the text


def figures(value) -> set[int]:
    """The numbers a value states: digits (thousands written either way, 03 as 3) and English number words."""
    texts = value if isinstance(value, list) else [value]
    text = " ".join(_STEP_NUMBER.sub("", str(item)) for item in texts)
    found = {int(re.sub(r"[.,]", "", figure)) for figure in _FIGURE.findall(text)}
    return found | {n for word, n in _FIGURE_WORDS.items() if re.search(rf"\b{word}\b", text, re.I)}


def shared_cases(rows: list[dict]) -> list[list[bool]]:
    """Which dossier rows share a case, whatever the case is called."""
    return [[row.get("case") == other.get("case") for other in rows] for row in rows]


PROCEDURE_TRANSLATIONS = sorted((REPO / "docs/thu-tuc").glob("*.en.md"))


@pytest.mark.parametrize("path", PROCEDURE_TRANSLATIONS, ids=[p.name.removesuffix(".en.md") for p in PROCEDURE_TRANSLATIONS])
def test_a_procedure_translation_keeps_the_facts_of_its_original(path):
    english, original = front_matter(path)[0], front_matter(path.with_name(path.name.replace(".en.md", ".md")))[0]
    for key in ("applicants", "steps", "conditions", "result"):
        if key in english:
            assert isinstance(english[key], str) or len(english[key]) == len(original[key]), key
            assert figures(original[key]) <= figures(english[key]), (key, figures(original[key]) - figures(english[key]))
    for key, same in (("channels", ("type",)), ("dossier", ("originals", "copies"))):
        if key not in english:
            continue
        assert len(english[key]) == len(original[key]), key
        for number, (row, source) in enumerate(zip(english[key], original[key])):
            # a row's files come from its original (scripts/model/content.py Document.localized): a translation may leave them out
            assert row.keys() - {"attachments"} == source.keys() - {"attachments"} and all(row[k] == source[k] for k in same if k in source), (key, number)
            for text in row.keys() - set(same) - {"attachments"}:
                assert figures(source[text]) <= figures(row[text]), (key, number, text, figures(source[text]) - figures(row[text]))
    if "dossier" in english:  # the same rows share a case
        assert shared_cases(english["dossier"]) == shared_cases(original["dossier"])
    if "online" in english:
        assert english["online"].keys() == original["online"].keys()
        assert (english["online"]["level"], english["online"].get("url")) == (original["online"]["level"], original["online"].get("url"))
        assert figures(original["online"].get("reason", "")) <= figures(english["online"].get("reason", ""))


def test_the_figure_reader_reads_both_languages_alike():
    assert figures("2.000 đồng/trang; tối đa 200.000 đồng/bản") == figures("VND 2,000 a page; at most VND 200,000 a copy") == {2000, 200000}
    assert figures(["Bước 1: nộp 01 bản chính trong 03 ngày"]) == figures(["Submit one original within 3 days"]) == {1, 3}
    assert not figures("VND 20,000") >= figures("20.000 đồng, 5.000 đồng")  # a figure left out is seen


# --- the filter in Chromium --------------------------------------------------------------------------

def visible(page) -> int:
    return page.locator("#cchc-procedure-list .cchc-procedure").count()


def shows(page, rows: int) -> None:
    """Wait until the list holds this many rows (the rows' script loads on the filter's first use)."""
    page.wait_for_function("n => document.querySelectorAll('#cchc-procedure-list .cchc-procedure').length === n", arg=rows)


def check_filter(page, lang: str) -> None:
    page.wait_for_selector("#cchc-filter:not([hidden])")
    assert visible(page) == 0 and page.locator("#cchc-procedure-list").is_hidden()  # nothing asked yet: the groups
    page.select_option("#cchc-filter-field", "Hộ tịch")
    shows(page, 3)
    page.fill("#cchc-filter-text", "ket hon")
    shows(page, 2)
    expected = {"vi": "Đang hiện 2 trên 8 thủ tục.", "en": "Showing 2 of 8 procedures."}[lang]
    assert page.locator("#cchc-filter-count").inner_text() == expected
    page.fill("#cchc-filter-text", "kết hôn")
    shows(page, 2)
    page.fill("#cchc-filter-text", unicodedata.normalize("NFD", "KẾT HÔN"))  # decomposed, upper case: same rows
    shows(page, 2)
    page.select_option("#cchc-filter-field", "")
    page.fill("#cchc-filter-text", "hoà giải")  # old tone placement finds "Hòa giải"
    shows(page, 1)
    page.fill("#cchc-filter-text", "dat dai")
    page.select_option("#cchc-filter-online", "none")
    shows(page, 1)
    page.select_option("#cchc-filter-level", "province")
    shows(page, 0)
    assert "0" in page.locator("#cchc-filter-count").inner_text()
    page.click(".cchc-filter__reset")
    # A function, not an expression: Playwright evaluates an expression with eval, which the site's CSP refuses.
    page.wait_for_function("total => document.getElementById('cchc-filter-count').textContent === total",
                           arg={"vi": "8 thủ tục.", "en": "8 procedures."}[lang])
    assert visible(page) == 0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_filter_narrows_the_list_ignoring_marks(browser, site_url, lang):
    page = browser.new_page()
    page.goto(site_url + ("thu-tuc/" if lang == "vi" else "en/thu-tuc/"))
    count = page.locator("#cchc-filter-count")
    assert count.get_attribute("aria-live") == "polite" and count.get_attribute("role") == "status"
    for control in ("text", "field", "level", "online"):  # every control has a label
        assert page.locator(f'label[for="cchc-filter-{control}"]').count() == 1
    check_filter(page, lang)
    page.close()


def test_the_rows_load_on_the_filters_first_use_only(browser, site_url):
    page = browser.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    quiet = until_quiet(page)
    page.goto(site_url + "thu-tuc/")
    page.wait_for_selector("#cchc-filter:not([hidden])")
    quiet()
    assert not any("procedures-" in url for url in asked)  # a reader who does not filter does not pay for the rows
    page.focus("#cchc-filter-field")
    page.wait_for_function("name => window[name] !== undefined", arg=contract.names()["procedureFilter"]["rows"])
    assert [url for url in asked if "procedures-" in url] == [site_url + "assets/javascripts/procedures-vi.js"]
    page.close()


def test_filter_works_from_file_urls(browser, site):
    page = browser.new_page()
    page.goto((site.site / "thu-tuc/index.html").as_uri())
    check_filter(page, "vi")
    page.close()


def test_filter_is_usable_by_keyboard_and_its_rows_lead_to_the_pages(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "thu-tuc/")
    page.wait_for_selector("#cchc-filter:not([hidden])")
    page.focus("#cchc-filter-text")
    page.keyboard.type("khai sinh")
    shows(page, 1)
    page.keyboard.press("Tab")  # on to the field select, then choose with the arrow keys
    assert page.evaluate("() => document.activeElement.id") == "cchc-filter-field"
    page.click("#cchc-procedure-list a")
    page.wait_for_load_state("load")
    assert page.url == site_url + "thu-tuc/dang-ky-khai-sinh/"
    page.goto(site_url + "en/thu-tuc/")
    page.fill("#cchc-filter-text", "ket hon")
    shows(page, 2)
    assert page.locator("#cchc-procedure-list a[lang=vi]").count() == 2  # untranslated names are marked (WCAG 3.1.2)
    page.close()


def test_without_javascript_the_groups_and_the_a_to_z_page_list_every_procedure(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "thu-tuc/")
    assert not page.locator("#cchc-filter").is_visible()
    assert page.locator("#cchc-filter-count").inner_text() == "8 thủ tục."
    assert page.locator('a[href="linh-vuc/ho-tich/"]').is_visible()
    page.click('a[href="tat-ca/"]')
    page.wait_for_load_state("load")
    assert page.locator(".cchc-procedure").count() == 8 and page.locator(".cchc-procedure a").first.is_visible()
    context.close()


def test_every_procedure_served_online_gets_the_online_button(real_site):
    """The record's own link, else the portal's page of the procedure when the record has an online channel."""
    from scripts.pages.procedures import PORTAL_URL, online_url

    assert online_url({"code": "1.004194", "channels": [{"type": "in_person"}, {"type": "online"}]}) == PORTAL_URL + "1.004194"
    assert online_url({"code": "1.004873.000.00.00.H01", "channels": [{"type": "online"}]}) == PORTAL_URL + "1.004873"
    assert online_url({"code": "1.004194", "channels": [{"type": "in_person"}]}) is None
    assert online_url({"code": "1.004194", "online": {"level": "none"}, "channels": [{"type": "online"}]}) is None
    assert online_url({"code": "1.004194", "online": {"level": "full", "url": "https://dichvucong.gov.vn/x"}}) == "https://dichvucong.gov.vn/x"
    summary = real_site.html("thu-tuc/dang-ky-tam-tru/").split('class="cchc-summary"')[1].split("</div>")[0]
    assert f'href="{PORTAL_URL}1.004194">Nộp hồ sơ trực tuyến</a>' in summary
