"""News on a built fixture site, both languages: pages newest first, archives, categories, tags, newer and older
links, related articles, the feed, sharing metadata and the sitemap's alternates."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

CATEGORIES = ["Kiểm soát thủ tục hành chính", "Kết quả cải cách hành chính", "Thông tin, tuyên truyền"]


def article(number: int, date: str, category: str, tags: list[str], plans: list[str] = (), body: str = "Nội dung bài viết.", extra: str = "") -> str:
    plan_line = f"plans: [{', '.join(repr(p) for p in plans)}]\n" if plans else ""
    tag_line = f"tags: [{', '.join(tags)}]\n" if tags else ""
    return (f"---\ntitle: Tin số {number:02d} về cải cách hành chính\ndate: \"{date}\"\nauthor: Văn phòng UBND phường\n"
            f"category: {category}\n{tag_line}{plan_line}{extra}summary: Tóm tắt của tin số {number:02d} về cải cách hành chính.\n---\n\n{body}\n")


# Twelve articles over 2020 and 2021 (two listing pages of ten); tin-01 is the oldest, tin-12 the newest.
DATES = ["2020-01-15", "2020-02-03", "2020-02-20", "2020-11-05", "2021-01-04", "2021-01-28",
         "2021-03-09", "2021-03-21", "2021-03-21", "2021-06-30", "2021-09-02", "2021-12-24"]
ARTICLES = {
    f"tin-tuc/tin-{i:02d}.md": article(i, date, CATEGORIES[i % 3], ["một cửa"] if i % 2 else ["tuyên truyền"],
                                       ["111/KH-UBND"] if i in (3, 8) else [])
    for i, date in enumerate(DATES, 1)
}
ARTICLES["tin-tuc/tin-12.md"] = article(12, DATES[11], CATEGORIES[0], ["tuyên truyền", "một cửa"],
                                        extra="image:\n  src: ../assets/images/logo.svg\n  alt: Biểu trưng của phường\n")
FILES = {
    "index.en.md": "---\ntitle: Home\n---\n\n# Home\n",
    "tin-tuc/index.md": "---\ntitle: Tin tức\n---\n\n# Tin tức\n\n<!-- cchc:news -->\n",
    "tin-tuc/index.en.md": "---\ntitle: News\n---\n\n# News\n\n<!-- cchc:news -->\n",
    **ARTICLES,
    "tin-tuc/tin-12.en.md": "---\ntitle: News item twelve on administrative reform\nsummary: Summary of news item twelve, in English.\n"
                            "tags: [communication, one-stop shop]\n---\n\nEnglish text.\n",
    "ke-hoach/111-kh-ubnd-2021.md": "---\nnumber: 111/KH-UBND\ntitle: Tuyên truyền về kiểm soát thủ tục hành chính năm 2021\n"
                                    "issuer: UBND quận Thanh Xuân\ndate: \"2021-03-09\"\nyear: 2021\n"
                                    "purpose: Nâng cao nhận thức của cán bộ và Nhân dân về kiểm soát thủ tục.\nstatus: completed\n---\n\nTóm tắt.\n",
}


def built_site(tmp_path_factory, name: str, files: dict[str, str], nav: list):
    """A fixture site of this area built for real (strict); its Build carries the config file it used."""
    from conftest import build, site_config, write_docs
    tmp = tmp_path_factory.mktemp(name)
    config = site_config(tmp, write_docs(tmp, files), nav=[{"Trang chủ": "index.md"}, *nav])
    result = build(config)
    assert result.returncode == 0, result.log
    result.config = config
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory, "news", FILES, [{"Tin tức": "tin-tuc/index.md"}])


def listed(html: str) -> list[str]:
    """Article slugs in the order the page's news list shows them."""
    block = re.search(r'<div class="cchc-news">(.*?)</div>', html, re.S)
    assert block, "no news list on the page"
    return re.findall(r'href="[^"]*?(tin-\d\d)/"', block.group(1))


def pager(html: str) -> str:
    block = re.search(r'<nav aria-label="[^"]+" class="cchc-pager">(.*?)</nav>', html, re.S)
    assert block, "no page links"
    return block.group(1)


def test_news_page_is_newest_first_and_paginated_both_languages(site):
    for prefix in ("", "en/"):
        first, second = site.html(f"{prefix}tin-tuc"), site.html(f"{prefix}tin-tuc/trang/2")
        # tin-08 and tin-09 share a date: the order falls back to the file name, newest (higher) first.
        assert listed(first) == [f"tin-{i:02d}" for i in range(12, 2, -1)]
        assert listed(second) == ["tin-02", "tin-01"]
        assert '<a href="trang/2/" rel="next">' in pager(first) and 'rel="prev"' not in pager(first)
        assert '<a href="../../" rel="prev">' in pager(second) and 'rel="next"' not in pager(second)
        assert re.search(r'<strong aria-current="page">2</strong>', pager(second))
        assert not (site.site / prefix / "tin-tuc/trang/3").exists()
    assert not (site.site / "_generated").exists()  # generated sources are published at their own URL


def test_english_listings_use_english_titles_where_translated(site):
    en = site.html("en/tin-tuc")
    assert "News item twelve on administrative reform" in en and "Tin số 11 về cải cách hành chính" in en
    assert "Tin số 12" not in en
    assert '<time datetime="2021-12-24">24 December 2021</time>' in en
    assert '<time datetime="2021-12-24">24/12/2021</time>' in site.html("tin-tuc")


def test_untranslated_articles_are_marked_vietnamese_on_the_english_side(site):
    """WCAG 3.1.2: an article without x.en.md shows its Vietnamese title and summary on English listings, marked
    lang="vi"; a translated one and the whole Vietnamese side carry no such mark."""
    en = site.html("en/tin-tuc")
    assert re.search(r'<a href="tin-11/" lang="vi">Tin số 11 về cải cách hành chính</a>', en)
    assert '<span lang="vi">Tóm tắt của tin số 11 về cải cách hành chính.</span>' in en
    assert re.search(r'<a href="tin-12/">News item twelve on administrative reform</a>', en)
    assert "Summary of news item twelve, in English." in en and '<span lang="vi">Summary' not in en
    for page in ("en/tin-tuc/luu-tru/2021/03", "en/tin-tuc/chuyen-muc/ket-qua-cai-cach-hanh-chinh", "en/tin-tuc/the/mot-cua"):
        assert re.search(r'<a href="[^"]*tin-0\d/" lang="vi">Tin số 0\d', site.html(page)), page
    article = site.html("en/tin-tuc/tin-11")
    assert re.search(r'Newer article</span> <a href="../tin-12/">News', article)
    assert re.search(r'Older article</span> <a href="../tin-10/" lang="vi">Tin số 10', article)
    related = re.search(r'<div class="cchc-related">(.*?)</div>', site.html("en/tin-tuc/tin-03"), re.S).group(1)
    assert re.search(r'<a href="../tin-08/" lang="vi">', related)
    for page in ("tin-tuc", "tin-tuc/luu-tru/2021/03", "tin-tuc/tin-11", "tin-tuc/tin-03"):
        assert not re.search(r'\slang="vi"', site.html(page).split("<article", 1)[1]), page


def test_archives_by_year_and_month(site):
    index = site.html("tin-tuc/luu-tru")
    assert "<h1" in index and "Xem theo ngày" in index
    assert re.search(r'<a href="2021/">2021</a></strong> \(8\)', index) and re.search(r'<a href="2020/">2020</a></strong> \(4\)', index)
    assert re.search(r'<a href="2021/03/">Tháng 3/2021</a> \(3\)', index)
    assert listed(site.html("tin-tuc/luu-tru/2020")) == ["tin-04", "tin-03", "tin-02", "tin-01"]
    assert listed(site.html("tin-tuc/luu-tru/2021/03")) == ["tin-09", "tin-08", "tin-07"]
    assert "Tin tháng 3/2021" in site.html("tin-tuc/luu-tru/2021/03")
    en = site.html("en/tin-tuc/luu-tru/2021/03")
    assert "News of March 2021" in en and listed(en) == ["tin-09", "tin-08", "tin-07"]
    assert re.search(r'<a href="2021/03/">March 2021</a> \(3\)', site.html("en/tin-tuc/luu-tru"))


def test_category_and_tag_pages(site):
    assert listed(site.html("tin-tuc/chuyen-muc/ket-qua-cai-cach-hanh-chinh")) == ["tin-10", "tin-07", "tin-04", "tin-01"]
    index = site.html("tin-tuc/chuyen-muc")
    assert re.search(r'<a href="kiem-soat-thu-tuc-hanh-chinh/">Kiểm soát thủ tục hành chính</a> \(4\)', index)
    assert "Administrative procedure control" in site.html("en/tin-tuc/chuyen-muc")  # the English label from mkdocs.yml
    assert listed(site.html("tin-tuc/the/mot-cua")) == ["tin-12", "tin-11", "tin-09", "tin-07", "tin-05", "tin-03", "tin-01"]
    # The tag keeps its Vietnamese slug; the English side shows the translated label.
    assert re.search(r'<a href="mot-cua/">one-stop shop</a> \(7\)', site.html("en/tin-tuc/the"))
    article = site.html("tin-tuc/tin-05")
    assert '<a href="../chuyen-muc/thong-tin-tuyen-truyen/">Thông tin, tuyên truyền</a>' in article
    assert '<a href="../the/mot-cua/">một cửa</a>' in article


def test_newer_and_older_links(site):
    middle = site.html("tin-tuc/tin-05")
    assert re.search(r'class="cchc-newer"><span[^>]*>Tin mới hơn</span> <a href="../tin-06/">', middle)
    assert re.search(r'class="cchc-older"><span[^>]*>Tin đã đưa</span> <a href="../tin-04/">', middle)
    assert "cchc-newer" not in site.html("tin-tuc/tin-12") and "cchc-older" in site.html("tin-tuc/tin-12")
    assert "cchc-older" not in site.html("tin-tuc/tin-01")
    en = site.html("en/tin-tuc/tin-11")
    assert re.search(r'Newer article</span> <a href="../tin-12/">News item twelve on administrative reform</a>', en)


def test_related_articles_share_plans_tags_or_category(site):
    related = re.search(r'<div class="cchc-related">(.*?)</div>', site.html("tin-tuc/tin-03"), re.S).group(1)
    slugs = re.findall(r'href="../(tin-\d\d)/"', related)
    assert slugs[0] == "tin-08"  # the one sharing plan 111/KH-UBND ranks first
    assert len(slugs) == 3 and "tin-03" not in slugs


def test_feed_per_language_is_valid_rss_with_absolute_links(site):
    for prefix, title in (("", "Tin số 12 về cải cách hành chính"), ("en/", "News item twelve on administrative reform")):
        root = ET.parse(site.site / prefix / "tin-tuc/feed.xml").getroot()
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        assert channel.findtext("title") and channel.findtext("description") is not None
        assert channel.findtext("link") == f"https://example.github.io/cchc/{prefix}tin-tuc/"
        items = channel.findall("item")
        assert len(items) == 12
        assert items[0].findtext("title") == title
        assert items[0].findtext("link") == f"https://example.github.io/cchc/{prefix}tin-tuc/tin-12/"
        assert items[0].findtext("pubDate") == "Fri, 24 Dec 2021 08:00:00 +0700"
        assert all(item.findtext("description") for item in items)
    head = site.html("en/tin-tuc/tin-05").split("</head>")[0]
    assert '<link rel="alternate feed" type="application/rss+xml" title="Subscribe (RSS)" href="../feed.xml">' in head
    assert 'title="Nhận tin (RSS)" href="../feed.xml"' in site.html("tin-tuc/tin-05").split("</head>")[0]
    assert '<a href="feed.xml" type="application/rss+xml">' in site.html("tin-tuc")


def test_articles_carry_open_graph_twitter_and_canonical(site):
    head = site.html("en/tin-tuc/tin-12").split("</head>")[0]
    assert '<link rel="canonical" href="https://example.github.io/cchc/en/tin-tuc/tin-12/">' in head
    assert '<meta property="og:title" content="News item twelve on administrative reform">' in head
    assert '<meta property="og:description" content="Summary of news item twelve, in English.">' in head
    assert '<meta property="og:url" content="https://example.github.io/cchc/en/tin-tuc/tin-12/">' in head
    assert '<meta property="og:image" content="https://example.github.io/cchc/assets/images/logo.svg">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    plain = site.html("tin-tuc/tin-05").split("</head>")[0]  # no image of its own: the site's default
    assert '<meta property="og:image" content="https://example.github.io/cchc/assets/images/share.png">' in plain
    listing = site.html("tin-tuc").split("</head>")[0]  # a listing is a website, not an article
    assert '<meta property="og:type" content="website">' in listing and "article:published_time" not in listing


def test_sitemap_lists_each_pages_other_language_where_it_exists(site):
    sitemap = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
            for u in ET.fromstring(sitemap).findall("s:url", ns)}
    base = "https://example.github.io/cchc/"
    for path in ("tin-tuc/tin-12/", "tin-tuc/luu-tru/2021/"):  # translated, generated in both languages
        assert urls[base + path] == {"vi": base + path, "en": base + "en/" + path}
        assert urls[base + "en/" + path] == {"vi": base + path, "en": base + "en/" + path}
    # no English text: its English page is the Vietnamese one under a notice, which is no alternate
    assert urls[base + "tin-tuc/tin-05/"] == {} == urls[base + "en/tin-tuc/tin-05/"]


def test_page_links_show_a_window_around_the_current_page():
    from scripts.model.content import Site
    from scripts.pages.news import pager

    links = pager(Site([], []), 7, 20, "_generated/tin-tuc/trang/7.md", "vi")
    numbers = re.findall(r"\[(\d+)\]\(|\*\*(\d+)\*\*", links)
    assert [int(a or b) for a, b in numbers] == [1, 5, 6, 7, 8, 9, 20]
    assert links.count("…") == 2 and "[1](../../tin-tuc.md)" in links  # without tin-tuc/index.md page 1 is generated
    assert "**7**{aria-current=page}" in links and "{rel=prev}" in links and "{rel=next}" in links


@pytest.mark.parametrize("url", ["tin-tuc/", "en/tin-tuc/", "tin-tuc/luu-tru/2021/"])
def test_a_news_list_shows_an_article_with_its_picture(site, url):
    html = site.html(url)
    items = re.findall(r"<li>(.*?)</li>", html.split('class="cchc-news"')[1].split("</div>")[0], re.S)
    pictured = [item for item in items if "<img" in item]
    assert len(pictured) == 1 and ("Tin số 12" in pictured[0] or "item twelve" in pictured[0]), pictured
    img = re.search(r"<img [^>]*>", pictured[0]).group(0)
    assert 'alt=""' in img and 'class="cchc-news__image"' in img and 'loading="lazy"' in img
    src = re.search(r'src="([^"]+)"', img).group(1)
    assert (site.site / url / src).resolve() == (site.site / "assets/images/logo.svg").resolve()


def test_a_new_site_without_articles_or_plans_builds_and_says_so(fixture_site):
    """A commune starting with its procedures only: the news and plan registers link no page that is not made."""
    built = fixture_site({
        "tin-tuc/index.md": "---\ntitle: Tin tức\n---\n\n# Tin tức\n\n<!-- cchc:news -->\n",
        "tin-tuc/index.en.md": "---\ntitle: News\n---\n\n# News\n\n<!-- cchc:news -->\n",
        "ke-hoach/index.md": "---\ntitle: Kế hoạch\n---\n\n# Kế hoạch\n\n<!-- cchc:plans -->\n",
    })
    assert built.returncode == 0, built.log
    assert "Chưa có tin bài nào." in built.html("tin-tuc/") and "No news yet." in built.html("en/tin-tuc/")
    assert "Chưa có kế hoạch nào." in built.html("ke-hoach/")
