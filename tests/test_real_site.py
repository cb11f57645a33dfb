"""The repository's own sample content, as readers get it: every seed article and plan in both languages.

One session-scoped build of the real site (`real_site`) serves every test here.
"""

from __future__ import annotations

import gzip
import html as html_lib
import re

import pytest
import yaml

from conftest import REPO, at_rest
from scripts.tools.weight import until_quiet

# The five seed articles: their posting date at the source, and an English title fragment when translated.
ARTICLES = {
    "thanh-xuan-tuyen-truyen-kiem-soat-thu-tuc-hanh-chinh-2021": ("2021-03-21", "Thanh Xuân district steps up communication"),
    "thanh-xuan-ket-qua-cai-cach-hanh-chinh-9-thang-2020": ("2020-09-09", "administrative reform results in the first nine months of 2020"),
    "ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020": ("2020-02-18", "Hà Nội steps up communication on administrative reform in 2020"),
    "phu-yen-truyen-thong-kiem-soat-thu-tuc-hanh-chinh-2024": ("2024-02-02", None),
    "binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018": ("2018-09-24", None),
}
# The plans the seeds name: number (None where the source gives none), date issued, English title fragment.
PLANS = {
    "27-kh-ubnd-2021": ("27/KH-UBND", "2021-01-26", "Communication on administrative procedure control and the one-stop mechanism in Hà Nội"),
    "111-kh-ubnd-2021": ("111/KH-UBND", "2021-03-09", "Communication on administrative procedure control and the one-stop mechanism in Thanh Xuân"),
    "ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020": (None, "2020-02-18", "communication on state administrative reform in Hà Nội in 2020"),
    "11-kh-ubnd-2020": ("11/KH-UBND", "2020-01-10", None),
    "binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018": (None, "2018-03-06", None),
    "phu-yen-truyen-thong-kiem-soat-thu-tuc-hanh-chinh-2024": (None, "2024-02-02", None),
}
PAGES = {"tin-tuc/" + slug: (date, en) for slug, (date, en) in ARTICLES.items()}
PAGES |= {"ke-hoach/" + slug: (date, en) for slug, (_, date, en) in PLANS.items()}
NOTICE = "This page has not been translated yet"


def h1(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match, "page has no <h1>"
    return html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def text(page: str) -> str:
    """The page's main text, as a reader (and the search index) sees it."""
    main = re.search(r"<article[^>]*>(.*?)</article>", page, re.S)
    assert main, "page has no <article>"
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(1))))


def source_files(folder: str) -> set[str]:
    return {p.name.split(".")[0] for p in (REPO / "docs" / folder).glob("*.md") if not p.name.startswith("index")}


def test_the_sample_content_is_the_seeds_and_their_plans():
    assert source_files("tin-tuc") >= set(ARTICLES)
    assert source_files("ke-hoach") >= set(PLANS)


@pytest.mark.parametrize("url", sorted(PAGES))
def test_every_seed_page_exists_in_both_languages_with_its_date(real_site, url):
    date, _ = PAGES[url]
    year, month, day = date.split("-")
    vi, en = real_site.html(url), real_site.html("en/" + url)
    assert '<html lang="vi"' in vi and '<html lang="en"' in en
    assert f'<time datetime="{date}">{day}/{month}/{year}</time>' in vi
    assert re.search(rf'<time datetime="{date}">{int(day)} [A-Z][a-z]+ {year}</time>', en)


@pytest.mark.parametrize("url", sorted(u for u, (_, en) in PAGES.items() if en))
def test_translated_pages_show_english_and_no_notice(real_site, url):
    _, english = PAGES[url]
    en = real_site.html("en/" + url)
    assert english in h1(en)
    assert NOTICE not in en and "cchc-untranslated" not in en
    assert h1(en) != h1(real_site.html(url))


@pytest.mark.parametrize("url", sorted(u for u, (_, en) in PAGES.items() if not en))
def test_untranslated_english_pages_show_the_notice_over_the_vietnamese_text(real_site, url):
    en, vi = real_site.html("en/" + url), real_site.html(url)
    assert NOTICE in en
    assert re.sub(r"^Kế hoạch \S+: ", "", h1(vi)) in h1(en)  # the Vietnamese title, under an English number prefix
    assert NOTICE not in vi


@pytest.mark.parametrize("url, english", [("", "Administrative reform in Thanh Xuân ward"), ("lien-he/", "Contact")])
def test_home_and_contact_are_translated(real_site, url, english):
    en = real_site.html("en/" + url)
    assert h1(en) == english and NOTICE not in en
    assert '<html lang="en"' in en


def test_plan_111_links_to_the_city_plan_it_implements(real_site):
    for lang in ("", "en/"):
        page = real_site.html(lang + "ke-hoach/111-kh-ubnd-2021")
        assert re.search(r'<a href="\.\./27-kh-ubnd-2021/"[^>]*>27/KH-UBND</a>', page), lang


def test_english_pages_name_units_in_english(real_site):
    assert "<dd>Culture and Information Office, Thanh Xuân District</dd>" in real_site.html("en/tin-tuc/thanh-xuan-ket-qua-cai-cach-hanh-chinh-9-thang-2020")
    assert "<dd>Phòng Văn hóa và Thông tin quận Thanh Xuân</dd>" in real_site.html("tin-tuc/thanh-xuan-ket-qua-cai-cach-hanh-chinh-9-thang-2020")


def test_english_plan_pages_name_the_issuer_in_english(real_site):
    assert "<dd>Thanh Xuân District People's Committee</dd>" in real_site.html("en/ke-hoach/111-kh-ubnd-2021")
    assert "<dd>UBND quận Thanh Xuân</dd>" in real_site.html("ke-hoach/111-kh-ubnd-2021")
    assert "<h2 id=\"ha-noi-people-s-committee\">Hà Nội People's Committee</h2>" in real_site.html("en/ke-hoach/theo-co-quan")


@pytest.mark.parametrize("slug", sorted(PLANS))
def test_a_plan_title_holds_its_number(real_site, slug):
    number = PLANS[slug][0]
    title = h1(real_site.html("ke-hoach/" + slug))
    assert title.startswith(f"Kế hoạch {number}: ") if number else "Kế hoạch" in title


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_every_seed_article_names_its_source(real_site, slug):
    page = real_site.html("tin-tuc/" + slug)
    source = re.search(r'<p class="cchc-source">(.*?)</p>', page, re.S)
    assert source and "Cổng" in source.group(1), "no source line"
    date = ARTICLES[slug][0]
    assert f'<time datetime="{date}">' in source.group(1)
    assert not re.search(r'<img[^>]+src="(https?:)?//', page), "images must ship with the site"


# The facts the reader's search queries (tests/search-queries.yml) rely on must be in the pages' text.
@pytest.mark.parametrize("url, needles", [
    ("ke-hoach/111-kh-ubnd-2021", ["111/KH-UBND", "Thanh Xuân", "một cửa liên thông", "2021"]),
    ("tin-tuc/thanh-xuan-tuyen-truyen-kiem-soat-thu-tuc-hanh-chinh-2021", ["111/KH-UBND", "Thanh Xuân", "một cửa liên thông"]),
    ("tin-tuc/thanh-xuan-ket-qua-cai-cach-hanh-chinh-9-thang-2020", ["chỉ số PAPI"]),
    ("ke-hoach/11-kh-ubnd-2020", ["chỉ số PAPI", "11/KH-UBND"]),
    ("tin-tuc/phu-yen-truyen-thong-kiem-soat-thu-tuc-hanh-chinh-2024", ["Phú Yên", "2024"]),
    ("ke-hoach/phu-yen-truyen-thong-kiem-soat-thu-tuc-hanh-chinh-2024", ["Phú Yên", "2024"]),
    ("ke-hoach/ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020", ["100%", "Hà Nội"]),
])
def test_search_facts_are_in_the_text(real_site, url, needles):
    found = text(real_site.html(url))
    for needle in needles:
        assert needle.lower() in found.lower(), needle


def test_plan_headings_hold_the_numbers_readers_search_for(real_site):
    assert "11/KH-UBND" in h1(real_site.html("ke-hoach/11-kh-ubnd-2020"))
    assert "111/KH-UBND" in h1(real_site.html("ke-hoach/111-kh-ubnd-2021"))
    assert "111/KH-UBND" not in h1(real_site.html("ke-hoach/11-kh-ubnd-2020"))


# Every procedure has an English name (name_en): the English lists, the filter's rows and page title use it,
# unmarked, and the English filter finds it.
@pytest.mark.parametrize("url", ["en/thu-tuc/tat-ca", "en/thu-tuc/linh-vuc/ho-tich"])
def test_procedures_are_named_in_english_on_the_english_side(real_site, url):
    page = real_site.html(url)
    assert re.search(r'<a href="[^"]*dang-ky-khai-sinh[/.][^"]*">Register a birth</a>', page), url
    assert ">Đăng ký khai sinh<" not in page


def test_every_procedure_has_an_english_name_and_its_page_uses_it(real_site):
    names = [re.search(r"^name_en: (.+)$", p.read_text(encoding="utf-8"), re.M) for p in (REPO / "docs/thu-tuc").glob("*.md")
             if not p.name.startswith("index") and not p.name.endswith(".en.md")]
    assert len(names) == 47 and all(names)
    page = real_site.html("en/thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai")
    assert "<title>Register a marriage with a foreign national" in page
    rows = (real_site.site / "assets/javascripts/procedures-en.js").read_text(encoding="utf-8")
    assert '["Register a marriage with a foreign national","../../en/thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai/"' in rows
    assert re.search(r'"[^"]*register a marriage with a foreign national[^"]*",""\]', rows)  # folded text, unmarked


# Every page type shares as itself: its own title and description, an absolute picture (the site's default where
# the page has none), a procedure the answers a reader wants first (issue 17, "Print and share").
@pytest.mark.parametrize("url, title", [
    ("", "Cải cách hành chính phường Thanh Xuân"), ("thu-tuc", "Thủ tục hành chính"),
    ("thu-tuc/dang-ky-tam-tru", "Đăng ký tạm trú"), ("en/thu-tuc/dang-ky-tam-tru", "Register temporary residence"),
    ("ke-hoach/111-kh-ubnd-2021", "111/KH-UBND"), ("tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018", "Bình Thạnh"),
])
def test_every_page_type_has_its_own_sharing_card(real_site, url, title):
    head = real_site.html(url).split("</head>")[0]
    card = {m.group(1): html_lib.unescape(m.group(2)) for m in re.finditer(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">', head)}
    assert title in card["og:title"] and card["og:description"] and card["og:url"].startswith("https://example.github.io/cchc/")
    assert re.fullmatch(r"https://example\.github\.io/cchc/.+\.(png|jpe?g|webp)", card["og:image"]), card["og:image"]
    assert (REPO / "docs" / card["og:image"].removeprefix("https://example.github.io/cchc/")).is_file()
    if "/thu-tuc/" in f"/{url}":
        described = re.search(r'<meta name="description" content="([^"]*)">', head).group(1)
        assert described == card["og:description"] and ("15.000 đồng" in described or "VND 15,000" in described) == ("dang-ky-tam-tru" in url)
        assert ("Công an cấp xã" in described or "Commune police" in described) == ("dang-ky-tam-tru" in url)


def test_the_sitemap_claims_an_english_alternate_only_where_a_translation_exists(real_site):
    xml = (real_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert xml == gzip.decompress((real_site.site / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    entries = {re.search(r"<loc>([^<]*)</loc>", e).group(1).removeprefix("https://example.github.io/cchc/"): e
               for e in re.findall(r"<url>.*?</url>", xml, re.S)}
    for translated in ("tin-tuc/thanh-xuan-ket-qua-cai-cach-hanh-chinh-9-thang-2020/", "thu-tuc/dang-ky-tam-tru/"):  # each has its .en.md
        assert f'hreflang="en" href="https://example.github.io/cchc/en/{translated}"' in entries[translated]
        assert f'hreflang="vi" href="https://example.github.io/cchc/{translated}"' in entries["en/" + translated]
        for url in (translated, "en/" + translated):
            assert entries[url].count("xhtml:link") == 2
    for untranslated in ("tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018/", "thu-tuc/tach-ho/"):
        assert NOTICE in real_site.html("en/" + untranslated)  # the English page is the Vietnamese text
        assert "xhtml:link" not in entries[untranslated] and "xhtml:link" not in entries["en/" + untranslated]


# The procedures foreigners living in the commune need have full English pages (issue 17, part 7): every section,
# the summary and the tables in English; Vietnamese only where a page names a Vietnamese term for the reader
# (in brackets or «»), a document number, or a source published in Vietnamese.
FOR_FOREIGNERS = [
    "dang-ky-ket-hon-co-yeu-to-nuoc-ngoai", "dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai", "dang-ky-lai-khai-sinh-co-yeu-to-nuoc-ngoai",
    "dang-ky-tam-tru", "gia-han-tam-tru", "thong-bao-luu-tru", "chung-thuc-ban-sao-tu-ban-chinh", "chung-thuc-chu-ky",
    "chung-thuc-chu-ky-nguoi-dich-ma-nguoi-dich-khong-phai-la-cong-tac-vien-dich", "cap-giay-xac-nhan-tinh-trang-hon-nhan",
    "cap-ban-sao-trich-luc-ho-tich", "dang-ky-khai-sinh", "dang-ky-ket-hon", "dang-ky-khai-tu",
]
SECTIONS = ["steps", "how-to-submit", "dossier", "who-applies", "implementing-agency", "result", "legal-basis", "requirements-and-conditions"]
VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


OFFICE_NAMES = [office["name_en"] for office in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["agency"]["offices"]]


def untranslated_words(part: str) -> list[str]:
    """Vietnamese words of a part of a page, leaving out what is named for the reader: (term), «term», numbers like NĐ-CP."""
    part = re.sub(r'<span lang="vi">.*?</span>', " ", part, flags=re.S)  # marked as Vietnamese (an office's address)
    part = re.sub(r'<div class="cchc-print-heading">.*?</div>', " ", part, flags=re.S)  # the agency's names, for print
    for name in OFFICE_NAMES:  # proper names in English ("One-stop desk of Thanh Xuân Ward")
        part = part.replace(name, " ")
    words = re.sub(r"\([^()]*\)|«[^»]*»|\S+/\S+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", part)))
    return [word for word in words.split() if VIETNAMESE_LETTER.search(word)]


@pytest.mark.parametrize("slug", FOR_FOREIGNERS)
def test_procedures_foreigners_need_are_full_english_pages(real_site, slug):
    original = (REPO / "docs/thu-tuc" / f"{slug}.md").read_text(encoding="utf-8")
    en, vi = real_site.html(f"en/thu-tuc/{slug}"), real_site.html(f"thu-tuc/{slug}")
    assert (REPO / "docs/thu-tuc" / f"{slug}.en.md").is_file()
    assert '<html lang="en"' in en and NOTICE not in en and "cchc-untranslated" not in en
    assert h1(en) == re.search(r"^name_en: (.+)$", original, re.M).group(1)
    assert h1(vi) == re.search(r"^name: (.+)$", original, re.M).group(1)  # the Vietnamese page stays Vietnamese
    assert set(SECTIONS) <= set(re.findall(r'<h2 id="([^"]+)"', en))
    summary = re.search(r'<div class="cchc-summary">(.*?)</div>', en, re.S).group(1)
    labels = re.findall(r"<dt>([^<]+)</dt>", summary)  # the office's hours and the forms where the record has them
    assert [label for label in labels if label not in ("Opening hours", "Forms")] == ["Fees", "Processing time", "Where to apply", "Dossier", "Rating"]
    article = re.search(r"<article[^>]*>(.*?)</article>", en, re.S).group(1)
    before_sources = re.split(r'<h2 id="sources"|<h2 id="articles-and-plans', article)[0]  # sources are cited as published
    assert untranslated_words(before_sources) == []
    assert "<th>Paper</th>" in en and '<td data-label="Fees">' in en


def test_an_untranslated_procedure_stays_the_vietnamese_text_under_the_notice(real_site):
    en = real_site.html("en/thu-tuc/tach-ho")
    assert NOTICE in en and untranslated_words(en.split("cchc-untranslated")[1])


def test_the_english_filter_finds_marriage(browser, real_site_url):
    page = browser.new_page()
    page.goto(real_site_url + "en/thu-tuc/")
    page.wait_for_selector("#cchc-filter:not([hidden])")
    page.fill("#cchc-filter-text", "marriage")
    page.wait_for_selector("#cchc-procedure-list:not([hidden])")
    shown = page.eval_on_selector_all(".cchc-procedure a", "links => links.map(a => a.textContent)")
    count = page.locator("#cchc-filter-count").inner_text()
    page.close()
    assert {"Register a marriage", "Register a marriage with a foreign national"} <= set(shown)
    assert count == f"Showing {len(shown)} of 47 procedures."


@pytest.mark.parametrize("url", ["thu-tuc/dang-ky-khai-sinh/", "en/thu-tuc/dang-ky-khai-sinh/", "thu-tuc/dang-ky-tam-tru/",
                                 "thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai/"])
def test_a_procedure_prints_as_a_leaflet_of_one_or_two_a4_sheets_with_the_agency_heading(browser, real_site_url, url):
    page = browser.new_page()
    quiet = until_quiet(page)
    page.goto(real_site_url + url)
    quiet()
    page.emulate_media(media="print")
    heading = page.locator(".cchc-print-heading")
    assert heading.is_visible() and "Thanh Xuân" in heading.inner_text()
    # the heading comes first; the footer, breadcrumbs and the repeated office card are not printed
    assert page.evaluate("() => document.querySelector('.cchc-print-heading').getBoundingClientRect().top"
                         " < document.querySelector('h1').getBoundingClientRect().top")
    for hidden in (".cchc-agency", ".cchc-breadcrumbs", ".cchc-office", ".md-header"):
        assert not page.locator(hidden).first.is_visible(), hidden
    at_rest(page)  # the switch to print starts Material's colour transitions
    pdf = page.pdf(format="A4", print_background=True)
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # (3 was seen twice in full runs, never alone: the message says how tall the page was laid out for print)
    assert 1 <= sheets <= 2, f"{url} prints on {sheets} pages, " \
                             f"{page.evaluate('() => document.documentElement.scrollHeight')} px tall in print"
    page.emulate_media(media="screen")
    assert not heading.is_visible()  # on screen the header says it
    page.close()
