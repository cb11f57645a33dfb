"""Wayfinding (issue 17): the section's tab marked on every page of it, breadcrumbs on pages the navigation does
not list, no empty navigation column, and the readable site map ("Sơ đồ cổng") linked from every page."""

from __future__ import annotations

import re

import pytest

from conftest import serve

# page -> its section's tab, Vietnamese paths (English: "en/" + both)
SECTIONS = {
    "tin-tuc/thanh-xuan-tuyen-truyen-kiem-soat-thu-tuc-hanh-chinh-2021/": "tin-tuc/",
    "tin-tuc/luu-tru/2021/": "tin-tuc/",
    "ke-hoach/111-kh-ubnd-2021/": "ke-hoach/",
    "thu-tuc/dang-ky-khai-sinh/": "thu-tuc/",
    "thu-tuc/linh-vuc/ho-tich/": "thu-tuc/",
}


def active_tabs(html: str) -> list[str]:
    return re.findall(r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="([^"]+)"', html)


def breadcrumbs(html: str) -> list[tuple[str, str]]:
    found = re.search(r'<nav class="cchc-breadcrumbs"[^>]*>(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', found.group(1)) if found else []


def resolve(url: str, href: str) -> str:
    parts = url.strip("/").split("/") if url.strip("/") else []
    for step in href.split("/"):
        if step == "..":
            parts.pop()
        elif step and step != ".":
            parts.append(step)
    return "/".join(parts) + "/" if parts else ""


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("url", SECTIONS)
def test_a_page_the_navigation_does_not_list_marks_its_section_and_leads_back(real_site, url, lang):
    html = real_site.html(lang + url)
    assert [resolve(lang + url, href) for href in active_tabs(html)] == [lang + SECTIONS[url]]
    trail = breadcrumbs(html)
    assert [resolve(lang + url, href) for href, _ in trail] == [lang, lang + SECTIONS[url]]
    assert trail[0][1] == ("Trang chủ" if not lang else "Home")


@pytest.mark.parametrize("url", ["", "tin-tuc/", "thu-tuc/", "lien-he/", "en/", "en/thu-tuc/"])
def test_pages_in_the_navigation_keep_their_own_tab_and_need_no_breadcrumb(real_site, url):
    html = real_site.html(url)
    assert [resolve(url, href) for href in active_tabs(html)] == [url]
    assert breadcrumbs(html) == []


def test_only_the_page_rendered_marks_its_tab(real_site):
    """The mark of a page's section is cleared for the next page: a contact page after a procedure marks only itself."""
    for url in ("lien-he/", "en/lien-he/", "", "en/"):
        assert len(active_tabs(real_site.html(url))) == 1, url


def test_the_site_map_lists_every_section_and_its_lists_in_both_languages(real_site):
    for lang, title in (("", "Sơ đồ cổng"), ("en/", "Site map")):
        html = real_site.html(lang + "so-do-cong/")
        assert f">{title}</h1>" in html
        links = {resolve(lang + "so-do-cong/", href) for href in re.findall(r'<li><a href="([^"]+)"', html.split('class="md-content"')[1])}
        for target in ("", "tin-tuc/", "ke-hoach/", "thu-tuc/", "lien-he/", "ket-qua/", "thu-tuc/linh-vuc/ho-tich/", "tin-tuc/luu-tru/2021/"):
            assert lang + target in links, (lang, target)
        assert lang + "kiosk/" not in links and not any(re.search(r"/the/.+", link) for link in links)  # no page per tag
        assert all((real_site.site / link / "index.html").exists() for link in links)
    # every page leads to it from its footer
    for url in ("", "thu-tuc/dang-ky-khai-sinh/", "en/tin-tuc/"):
        footer = real_site.html(url).split('class="cchc-agency', 1)[1]
        href = re.search(r'<a href="([^"]+)">(Sơ đồ cổng|Site map)</a>', footer).group(1)
        assert resolve(url, href) == ("en/" if url.startswith("en/") else "") + "so-do-cong/"


def test_on_a_desktop_the_content_has_no_empty_column_beside_it(browser, real_site):
    with serve(real_site.site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url + "thu-tuc/dang-ky-khai-sinh/")
        assert not page.locator(".md-sidebar--primary").is_visible()
        content = page.locator(".md-content").bounding_box()
        assert content["x"] < 100, content  # starts at the left edge of the grid, not after a 250 px column
        page.set_viewport_size({"width": 390, "height": 844})  # on a phone the navigation is the menu drawer
        page.click('label.md-header__button[for="__drawer"]')
        page.wait_for_timeout(300)
        assert page.locator(".md-sidebar--primary").is_visible()
        context.close()
