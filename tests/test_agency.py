"""The identity block of mkdocs.yml (issue 17): offices checked with lines and shown on procedure pages, the
contact page and the kiosk; the home page's lookup block; in both languages, served and from disk."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import REPO, serve, write_docs
from scripts.pages import agency
from scripts.build import site as site_check
from scripts.tools.weight import until_quiet

SAMPLE = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["agency"]


def load(tmp_path: Path, text: str) -> tuple[agency.Agency, list[str]]:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    found, problems = agency.load(yaml.safe_load(text)["extra"]["agency"], config)
    return found, [f"{p.line}|{p.field}|{p.message}" for p in problems]


def sample_agency(tmp_path: Path, **changes) -> agency.Agency:
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"extra": {"agency": {**SAMPLE, **changes}}}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return agency.load({**SAMPLE, **changes}, config)[0]


AGENCY = """\
site_name: x
extra:
  agency:
    name: Ủy ban nhân dân xã Thử
    address: 1 Đường Một, xã Thử
    hotlines:
      - label: Một cửa
        phone: "0210.3851234"
    offices:
"""


def test_the_sample_identity_block_is_valid_and_names_its_offices(tmp_path):
    found, problems = load(tmp_path, yaml.safe_dump({"extra": {"agency": SAMPLE}}, allow_unicode=True))
    assert problems == [] and [o.id for o in found.offices] == ["mot-cua", "cong-an"]


def test_each_office_mistake_is_told_once_on_its_line(tmp_path):
    text = AGENCY + """\
      - id: mot-cua
        name: Bộ phận Một cửa
        adress: 1 Đường Một
        phone: "gọi trực tiếp"
        hours:
          - days: Thứ Hai đến thứ Sáu
      - id: mot-cua
        name: Công an xã
        hours:
          - days: Thứ Hai đến thứ Sáu
            time: 7:30–11:30
      - id: Cong An
        name: Công an xã Thử
"""
    problems = load(tmp_path, text)[1]
    expected = [
        (12, "extra.agency.offices.0.adress", "Có phải bạn định viết «address»?"),
        (13, "extra.agency.offices.0.phone", "không đúng dạng"),
        (15, "extra.agency.offices.0.hours.0.time", "thiếu trường bắt buộc «time»"),
        (16, "extra.agency.offices.1.id", "đã dùng cho một nơi khác"),
        (21, "extra.agency.offices.2.hours", "thiếu trường bắt buộc «hours»"),
        (21, "extra.agency.offices.2.id", "không đúng dạng"),
    ]
    assert len(problems) == len(expected), problems
    for (line, field, words), problem in zip(expected, problems):
        assert problem.startswith(f"{line}|{field}|") and words in problem, (line, field, words, problem)


def procedure(office: str | None = None) -> str:
    chosen = f"office: {office}\n" if office else ""
    return (f"---\ncode: '1.004194'\nname: Đăng ký tạm trú\nlevel: commune\nfield: Cư trú\nagency: Công an cấp xã\n{chosen}"
            "applicants:\n- Công dân\n---\n\nThủ tục thử.\n")


def test_an_office_or_a_popular_code_that_is_not_there_is_told_on_its_line(tmp_path):
    docs = write_docs(tmp_path / "site", {"thu-tuc/dang-ky-tam-tru.md": procedure("cong-an-xa")})
    identity = sample_agency(tmp_path, popular=["1.004194", "1.001193"])
    problems = site_check.check(docs, [], "docs", identity=identity).problems
    errors = [str(p) for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("docs/thu-tuc/dang-ky-tam-tru.md:7:"), errors
    assert "«cong-an-xa» không có trong mkdocs.yml" in errors[0] and "mot-cua, cong-an" in errors[0]
    # a popular code the site lacks is left out of the home page, said as information (a fork keeps building)
    popular_line = next(i for i, line in enumerate((tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1) if "1.001193" in line)
    infos = [str(p) for p in problems if p.severity == "info"]
    assert len(infos) == 1 and infos[0].startswith(f"mkdocs.yml:{popular_line}:") and "thủ tục mã 1.001193 không có trong docs/thu-tuc/" in infos[0]


def test_a_procedure_goes_to_the_office_it_names_else_the_one_serving_its_agency(tmp_path):
    sample = sample_agency(tmp_path)
    assert agency.office_for(sample, {"agency": "Công an cấp xã"}).id == "cong-an"
    assert agency.office_for(sample, {"agency": "Ủy ban nhân dân cấp xã"}).id == "mot-cua"
    assert agency.office_for(sample, {"agency": "Công an cấp xã", "office": "mot-cua"}).id == "mot-cua"
    assert agency.office_for(sample, {"agency": "Sở Nội vụ"}) is None


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_procedure_page_says_where_and_when_in_both_languages(real_site):
    vi, en = real_site.html("thu-tuc/dang-ky-khai-sinh/"), real_site.html("en/thu-tuc/dang-ky-khai-sinh/")
    summary = text_of(vi.split('class="cchc-summary"')[1].split("</div>")[0])
    assert "Nơi nộp hồ sơ Bộ phận Một cửa phường Thanh Xuân, 9 Khuất Duy Tiến" in summary
    assert "Giờ làm việc Thứ Hai đến thứ Sáu: 8:00–12:00, 13:00–17:00; Sáng thứ Bảy: 8:00–12:00" in summary
    card = vi.split('class="cchc-office"')[1].split("</div>")[0]
    assert 'href="tel:02438585652"' in card and 'href="https://www.openstreetmap.org/' in card
    english = text_of(en.split('class="cchc-summary"')[1].split("</div>")[0])
    assert "One-stop desk of Thanh Xuân Ward" in english and "Saturday morning: 8:00–12:00" in english
    police = text_of(real_site.html("thu-tuc/dang-ky-tam-tru/").split('class="cchc-summary"')[1].split("</div>")[0])
    assert "Nơi nộp hồ sơ Công an phường Thanh Xuân Giờ làm việc" in police


RATING = "https://dichvucong.gov.vn/p/home/dvc-index-tinhthanhpho-tonghop.html"


def test_the_service_marked_rating_goes_with_every_office_and_only_that_one(tmp_path):
    sample = sample_agency(tmp_path)
    for office in sample.offices:
        assert agency.office_view(office, "vi")["rating"]["url"] == RATING
        assert agency.office_view(office, "en")["rating"]["label"].startswith("How the province is rated")
    unrated = sample_agency(tmp_path, services=[service for service in SAMPLE["services"] if not service.get("rating")])
    assert all("rating" not in agency.office_view(office, "vi") for office in unrated.offices)
    wrong = sample_agency(tmp_path, services=[{**SAMPLE["services"][0], "rating": "có"}])
    problems = agency.load(wrong.fields, tmp_path / "mkdocs.yml")[1]
    line = next(i for i, text in enumerate((tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1) if "rating: có" in text)
    assert [(p.line, p.field) for p in problems] == [(line, "extra.agency.services.0.rating")], [str(p) for p in problems]
    assert "phải là true hoặc false" in problems[0].message


def test_every_procedure_summary_links_the_portal_rating_in_both_languages(real_site):
    for url, label in (("thu-tuc/dang-ky-khai-sinh/", "Đánh giá"), ("thu-tuc/dang-ky-tam-tru/", "Đánh giá"),
                       ("en/thu-tuc/dang-ky-khai-sinh/", "Rating"), ("en/thu-tuc/dang-ky-tam-tru/", "Rating")):
        summary = real_site.html(url).split('class="cchc-summary"')[1].split("</div>")[0]
        assert re.search(rf'<dt>{label}</dt>\s*<dd><a href="{re.escape(RATING)}">[^<]+</a></dd>', summary), url
    assert RATING in real_site.html("") and RATING in real_site.html("en/")  # among the portal's services on the home page


def test_the_contact_page_and_the_kiosk_list_every_office(real_site):
    for url in ("lien-he/", "en/lien-he/", "kiosk/", "en/kiosk/"):
        html = real_site.html(url)
        assert html.count('class="cchc-office"') == 2, url
        # the lookup screen leads nowhere outside the site: no map links there
        assert ("openstreetmap" in html) == (not url.endswith("kiosk/")), url
    assert "Thanh Xuân Ward Police" in real_site.html("en/lien-he/")


def test_the_home_page_opens_on_lookup_in_both_languages(real_site):
    for lang, prefix in (("vi", ""), ("en", "en/")):
        html = real_site.html(prefix)
        content = html.split('class="md-content"')[1].split("<h1", 1)[1]
        # the search box comes first under the title, before any other link of the content
        assert content.index('<form aria-label=') < content.index("<a "), lang
        form = re.search(r'<form [^>]*role="search"[^>]*>.*?</form>', content, re.S).group(0)
        assert 'name="q"' in form and "action=" not in form and 'type="submit"' in form
        popular = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', content.split('class="cchc-lookup__popular"')[1].split("</div>")[0])
        names = {"vi": "Đăng ký khai sinh", "en": "Register a birth"}
        assert popular[0] == ("thu-tuc/dang-ky-khai-sinh/", names[lang]) and len(popular) == len(SAMPLE["popular"]), popular
        assert all((real_site.site / prefix / href / "index.html").exists() for href, _ in popular)
        calls = content.split('class="cchc-lookup__calls"')[1].split("</div>")[0]
        assert calls.count('class="md-button" href="tel:') == len(SAMPLE["hotlines"])
        assert "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html" in content
    assert "Saturday morning: 8:00–12:00" in text_of(real_site.html("en/"))


def register_a_birth_from_the_home_page(browser, start: str) -> None:
    """On a 390 px phone: the home page's own box, a question typed without marks, the first result opened."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    quiet = until_quiet(page)
    page.goto(start)
    quiet()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    box = page.locator("#cchc-lookup-q")
    assert box.is_visible() and box.bounding_box()["y"] + box.bounding_box()["height"] < 844  # on the first screen
    box.fill("lam giay khai sinh cho con")
    box.press("Enter")
    page.wait_for_selector(".md-search-result__item")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Đăng ký khai sinh", start
    context.close()


def test_a_reader_on_a_phone_registers_a_birth_from_the_home_page(browser, real_site):
    """Served; from disk in tests/test_offline.py (the offline bundle)."""
    with serve(real_site.site) as url:
        register_a_birth_from_the_home_page(browser, url)


def test_the_identity_block_is_printed_as_text_everywhere(tmp_path):
    """mkdocs.yml's values are text in the header, footer, print heading, lookup block and 404 page, never markup."""
    from conftest import build, site_config

    extra = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    hostile = "<img src=x onerror=alert(1)>"
    extra["agency"] = {**extra["agency"], "name": f"UBND {hostile}", "address": f"9 Khuất Duy Tiến <script>alert(2)</script>",
                       "offices": [{**extra["agency"]["offices"][0], "name": f"Một cửa {hostile}"}], "popular": []}
    docs = write_docs(tmp_path, {"index.md": "---\ntitle: Trang chủ\n---\n\n# Trang chủ\n\n<!-- cchc:lookup -->\n"})
    built = build(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}], extra=extra))
    assert built.returncode == 0, built.log
    for page in ("index.html", "404.html", "en/index.html"):
        html = (built.site / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>alert" not in html, page
        if not page.startswith("en/"):  # the English side names the agency by its name_en
            assert "UBND &lt;img src=x onerror=alert(1)&gt;" in html, page
