"""Every internal link and #anchor of the built site resolves: both languages, served and offline."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO, run_cli
from scripts.tools.links import broken_links

SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def report(broken) -> str:
    return f"{len(broken)} broken links, first: " + "; ".join(str(b) for b in broken[:5])


def test_real_site_has_no_broken_link_in_either_language(real_site):
    assert (real_site.site / "en/index.html").is_file() and len(list((real_site.site / "en").rglob("*.html"))) > 5
    broken = broken_links(real_site.site, SITE_URL)
    assert not broken, report(broken)


def test_offline_bundle_has_no_broken_link_from_disk(real_bundle):
    """The offline bundle as readers unzip it (built as `make offline` builds it)."""
    unzipped = real_bundle.folder
    assert (unzipped / "en/index.html").is_file() and (unzipped / "thu-tuc/index.html").is_file()
    broken = broken_links(unzipped, SITE_URL, offline=True)
    assert not broken, report(broken)


PAGES = {
    "index.html": '<a href="tin-tuc/">news</a> <a href="tin-tuc/#top">top</a> <a href="https://x.org/">out</a> '
                  '<a href="tel:0868216873">tel</a> <a href="#">up</a> <img src="logo.svg"> '
                  '<a href="thieu/">missing</a> <a href="tin-tuc/#khong-co">no anchor</a> <a href="../ngoai.html">out of site</a> '
                  '<link rel="canonical" href="https://example.github.io/cchc/tin-tuc/"> <a href="/cchc/en/">en</a> '
                  '<a href="/khac/">other path</a> <a href="https://example.github.io/cchc/mat.html">gone</a>',
    "tin-tuc/index.html": '<h1 id="top">x</h1><a href="../">home</a> <a href="bai.html#doan-2">para</a> <a href="../en/index.html">en</a>',
    "tin-tuc/bai.html": '<p><a name="doan-2"></a></p><a href="index.html#top">back</a>',
    "en/index.html": '<a href="../index.html">vi</a>',
    "logo.svg": "<svg/>",
}


@pytest.fixture
def small_site(tmp_path):
    for name, html in PAGES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(html, encoding="utf-8")
    return tmp_path


def test_checker_names_page_and_target_of_each_broken_link(small_site):
    found = {(b.page, b.target): b.reason for b in broken_links(small_site, "https://example.github.io/cchc/")}
    assert set(found) == {("index.html", "thieu/"), ("index.html", "tin-tuc/#khong-co"), ("index.html", "../ngoai.html"),
                          ("index.html", "/khac/"), ("index.html", "https://example.github.io/cchc/mat.html")}
    assert "không có neo #khong-co" in found[("index.html", "tin-tuc/#khong-co")]
    assert "no such file" in found[("index.html", "thieu/")]


def test_offline_checker_refuses_directory_urls_and_absolute_paths(small_site):
    found = {(b.page, b.target) for b in broken_links(small_site, "https://example.github.io/cchc/", offline=True)}
    assert {("index.html", "tin-tuc/"), ("index.html", "/cchc/en/"), ("tin-tuc/index.html", "../")} <= found
    assert ("tin-tuc/index.html", "bai.html#doan-2") not in found and ("tin-tuc/bai.html", "index.html#top") not in found
    # an address on the public site (canonical) leaves the bundle on purpose
    assert ("index.html", "https://example.github.io/cchc/tin-tuc/") not in found


def test_cli_exits_1_and_lists_broken_links(small_site):
    done = run_cli("links", str(small_site))
    assert done.returncode == 1
    assert "index.html: thieu/" in done.stdout and "5" in done.stderr
