"""The compose page (issue 19): forms made from the schemas, the check's rules and words in the browser, files that
pass `make check` unchanged, GitHub's new-file page, downloads, editing what exists, and the edit links of every
page. The real site, built and served; Chromium fills the forms; the files it makes are checked in process."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from conftest import REPO, kept_page
from scripts.pages import compose
from scripts.model import content, messages, safety
from scripts.build import site as site_check
from scripts.build.site import categories
from scripts.cli import site_config
from scripts.pages.procedures import procedure_slug
from scripts.tools.review import built_paths
from scripts.model.translations import translations
from scripts.model.vietnamese import slugify
from scripts.tools.weight import watch_outside, same_site

GITHUB_NEW = "https://github.com/example/cchc/new/main/docs/"
GITHUB_EDIT = "https://github.com/example/cchc/edit/main/docs/"


# --- made at build time from the schemas -----------------------------------------------------------------

@pytest.mark.parametrize("kind", compose.KINDS)
def test_each_form_has_every_field_of_its_schema_in_order_with_its_labels_and_rules(kind):
    definition = content.schema(kind)
    form = compose.kind_form(kind)
    assert [f["name"] for f in form["fields"]] == list(definition["properties"])
    assert form["label"] == {"vi": definition["title"], "en": definition["x-title-en"]}
    assert form["translatable"] == [name for name in definition["properties"] if name in content.TRANSLATABLE[kind]]

    def walk(field, node, required, label=None):
        assert field["label"] == ({"vi": node["title"], "en": node["x-title-en"]} if "title" in node else label)
        assert field["help"] == node.get("description", "")
        assert field["required"] == required
        assert field["type"] == node["type"]
        assert field.get("date", False) == (node.get("format") == "date")
        for rule in ("pattern", "enum", "minLength", "maxLength", "minimum", "maximum", "uniqueItems", "maxItems", "minItems"):
            assert field["rules"].get(rule) == node.get(rule)
        if "enum" in node:
            assert [o["value"] for o in field["options"]] == node["enum"]
        if node["type"] == "object":
            assert [f["name"] for f in field["fields"]] == list(node["properties"])
            for sub, (name, child) in zip(field["fields"], node["properties"].items()):
                walk(sub, child, name in node.get("required", []))
        if node["type"] == "array":
            walk(field["item"], node["items"], True, field["label"])

    for field, (name, node) in zip(form["fields"], definition["properties"].items()):
        walk(field, node, name in definition["required"])


def test_enumerations_are_shown_with_the_words_of_the_pages():
    plan = {f["name"]: f for f in compose.kind_form("plan")["fields"]}
    assert [(o["value"], o["label"]["vi"], o["label"]["en"]) for o in plan["status"]["options"]] == [
        ("planned", "Sắp triển khai", "Planned"), ("active", "Đang thực hiện", "In progress"),
        ("completed", "Đã hoàn thành", "Completed"), ("superseded", "Đã được thay thế", "Superseded")]
    procedure = {f["name"]: f for f in compose.kind_form("procedure")["fields"]}
    channel = {f["name"]: f for f in procedure["channels"]["item"]["fields"]}
    assert [o["label"]["vi"] for o in channel["type"]["options"]] == ["Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"]
    assert procedure["conditions"]["empty_is_none"] is True


@pytest.mark.parametrize("repo_url, edit_uri, expected", [
    ("https://github.com/example/cchc", "edit/main/docs/",
     {"new": "https://github.com/example/cchc/new/main/docs", "edit": "https://github.com/example/cchc/edit/main/docs"}),
    ("https://github.com/fork-owner/cchc-quan-1/", "edit/main/docs/",  # a fork changes repo_url only
     {"new": "https://github.com/fork-owner/cchc-quan-1/new/main/docs", "edit": "https://github.com/fork-owner/cchc-quan-1/edit/main/docs"}),
    ("https://github.com/o/r", "blob/release/2026/content/",  # a branch with a slash, pages in another folder
     {"new": "https://github.com/o/r/new/release/2026/content", "edit": "https://github.com/o/r/edit/release/2026/content"}),
    ("https://gitlab.com/o/r", "-/edit/main/docs/", None),  # GitLab's addresses differ: the download alone
    ("https://github.com/o/r", "docs/", None),
    (None, None, None),
])
def test_github_addresses_come_from_repo_url_and_edit_uri(repo_url, edit_uri, expected):
    assert compose.repository(repo_url, edit_uri) == expected


def test_the_pages_words_exist_in_both_languages():
    vi, en = translations("vi"), translations("en")
    keys = {key for key in vi if key.startswith(("compose.", "edit."))}
    assert keys == {key for key in en if key.startswith(("compose.", "edit."))}
    used = (REPO / "overrides/assets/javascripts/compose.js").read_text(encoding="utf-8") + (REPO / "overrides/partials/actions.html").read_text(encoding="utf-8") \
        + (REPO / "scripts/pages/compose.py").read_text(encoding="utf-8")
    unused = sorted(key for key in keys if f'"{key}"' not in used and f"'{key}'" not in used)
    assert unused == []


# --- the built site: the page, its data, the edit links ----------------------------------------------------

def test_the_compose_page_is_built_in_both_languages_and_left_out_of_nav_search_and_sitemap(real_site):
    for lang, path in (("vi", "soan-bai/"), ("en", "en/soan-bai/")):
        html = real_site.html(path)
        assert '<meta name="robots" content="noindex">' in html
        assert 'id="cchc-compose"' in html and "compose.js" in html and "assets/compose/form.js" in html
        assert f'<html lang="{lang}"' in html
        assert 'class="cchc-edit"' not in html  # a generated page: nothing to edit
    sitemap = (real_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap and "soan-bai" not in sitemap
    home = real_site.html("")
    assert "soan-bai" not in home.split('class="md-tabs')[1].split("</nav>")[0]
    index = "".join(p.read_text(encoding="utf-8") for p in (real_site.site / "search").glob("*.js"))
    assert "Soạn bài" not in index and "soan-bai" not in index


def data_file(real_site, name: str):
    text = (real_site.site / "assets/compose" / f"{name}.js").read_text(encoding="utf-8")
    match = re.fullmatch(r'cchcComposeData\("(\w+)", (.*)\);\n', text, re.S)
    assert match and match[1] == name
    return json.loads(match[2])


def test_the_data_holds_every_article_plan_and_procedure_with_its_translations_as_checked(real_site):
    site = site_check.check(REPO / "docs", list(categories(site_config())))
    pages = data_file(real_site, "pages")
    originals = sorted(d.src for d in site.originals if d.kind in compose.KINDS)
    assert [p["src"] for p in pages["pages"]] == originals
    named = {src for p in pages["pages"] for src in (p["src"], *p["translations"].values())}
    assert named | set(pages["others"]) == {d.src for d in site.documents} and "tin-tuc/index.md" in pages["others"]
    opened = {}
    for number in {p["chunk"] for p in pages["pages"]}:
        opened.update(data_file(real_site, f"p{number}"))
    for doc in site.documents:
        if doc.kind in compose.KINDS:
            assert opened[doc.src] == {"meta": json.loads(json.dumps(doc.meta, default=str)), "body": doc.body}
    for entry in pages["pages"]:  # a page is opened from its chunk alone, its translations with it
        assert {entry["src"], *entry["translations"].values()} <= set(data_file(real_site, f"p{entry['chunk']}"))
    form = data_file(real_site, "form")
    assert form["messages"] == messages.messages()
    assert form["repository"]["new"] == GITHUB_NEW.rstrip("/")
    assert [c["value"] for c in form["categories"]] == list(categories(site_config()))
    agency = site_config().extra["agency"]
    assert form["starts"] == {"article": {"author": agency["unit"]}, "plan": {"issuer": agency["name"]}}  # as `make new` fills them


def test_a_page_and_its_translations_share_a_chunk_however_small_the_chunks(monkeypatch):
    site = site_check.check(REPO / "docs", list(categories(site_config())))
    monkeypatch.setattr(compose, "CHUNK_BYTES", 1)
    listing, chunks = compose.page_data(site)
    assert len(chunks) == len(listing)
    for entry in listing:
        assert set(chunks[entry["chunk"]]) == {entry["src"], *entry["translations"].values()}


EDIT_LINKS = {  # page -> (its file on GitHub, the compose page's query) ; None: no edit link
    "tin-tuc/ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020/": ("tin-tuc/ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020.md",
                                                             "mo=tin-tuc/ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020.md"),
    "en/tin-tuc/ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020/": ("tin-tuc/ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020.en.md",
                                                                "mo=tin-tuc/ha-noi-tuyen-truyen-cai-cach-hanh-chinh-2020.en.md"),
    # not translated: the English side shows the Vietnamese file, and offers to translate it
    "en/tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018/": ("tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.md",
                                                                    "dich=tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.md"),
    "ke-hoach/111-kh-ubnd-2021/": ("ke-hoach/111-kh-ubnd-2021.md", "mo=ke-hoach/111-kh-ubnd-2021.md"),
    "thu-tuc/dang-ky-khai-sinh/": ("thu-tuc/dang-ky-khai-sinh.md", "mo=thu-tuc/dang-ky-khai-sinh.md"),
    "en/thu-tuc/dang-ky-khai-sinh/": ("thu-tuc/dang-ky-khai-sinh.en.md", "mo=thu-tuc/dang-ky-khai-sinh.en.md"),
    "en/thu-tuc/tach-ho/": ("thu-tuc/tach-ho.md", "dich=thu-tuc/tach-ho.md"),  # a procedure not yet translated
    "": ("index.md", None),  # a plain page: its file, not the form
    "en/lien-he/": ("lien-he.en.md", None),
    "tin-tuc/": ("tin-tuc/index.md", None),
    # made by the build: no file to edit
    "thu-tuc/linh-vuc/ho-tich/": None, "en/thu-tuc/linh-vuc/ho-tich/": None, "ket-qua/": None, "tin-tuc/luu-tru/": None,
    "kiosk/": None, "soan-bai/": None,
}


@pytest.mark.parametrize("path", list(EDIT_LINKS))
def test_every_content_page_links_to_its_own_file_and_generated_pages_to_none(real_site, path):
    html = real_site.html(path)
    expected = EDIT_LINKS[path]
    links = re.findall(r'<p class="cchc-edit">(.*?)</p>', html, re.S)
    if expected is None:
        assert links == [] and 'rel="edit"' not in html
        return
    assert len(links) == 1
    hrefs = re.findall(r'href="([^"]*)"', links[0])
    assert hrefs[0] == GITHUB_EDIT + expected[0]
    words = translations("en" if path.startswith("en/") else "vi")
    assert words["edit.this_page"] in links[0]
    if expected[1] is None:
        assert len(hrefs) == 1
    else:
        language = "en/" if path.startswith("en/") else ""
        assert urljoin(f"http://site/{path}", hrefs[1]) == f"http://site/{language}soan-bai/?{expected[1]}"
        assert words["edit.translate" if expected[1].startswith("dich=") else "edit.in_form"] in links[0]


def test_the_summary_paths_of_every_page_exist_in_the_built_site(real_site):
    site = site_check.check(REPO / "docs", list(categories(site_config())))
    for doc in site.documents:
        served, _ = built_paths(doc.src)
        assert (real_site.site / served).is_file(), (doc.src, served)


# --- in Chromium ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def compose_page(browser, real_site_url):
    yield from kept_page(browser, same_site(real_site_url), viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)


@pytest.fixture
def page(compose_page, real_site_url):
    """The compose page, fresh (no draft of an earlier test; its Content-Security-Policy applies); nothing may leave
    the site, and GitHub's pages are caught, never fetched."""
    page, watch = compose_page()
    page.goto(real_site_url + "soan-bai/")
    page.wait_for_function("() => window.cchcCompose && document.querySelector('.cchc-compose__kinds')")
    yield page
    assert [url for url in watch.outside if not url.startswith("https://github.com/")] == []
    assert [e for e in watch.errors if "github.com" not in e] == []


@pytest.fixture(scope="module")
def helpers(browser, real_site_url):
    """One compose page for the tests that call its functions alone (no form filled): opened once."""
    context = browser.new_context()
    outside = watch_outside(context, real_site_url)
    page = context.new_page()
    page.goto(real_site_url + "soan-bai/")
    page.wait_for_function("() => window.cchcCompose && window.cchcCompose.validate")
    yield page
    context.close()
    assert outside == []


def js(page, expression: str, *args):
    """A cchcCompose function called in the page: `expression` names it, e.g. "slugify"."""
    return page.evaluate(f"args => window.cchcCompose.{expression}(...args)", list(args))


SLUG_SAMPLES = ["Đăng ký khai sinh", "Ðăng ký ðất", "  Phường: tập huấn — «một cửa» 2026!  ", "ĐƯỜNG Ưu tiên", unicodedata.normalize("NFD", "Hoà giải thuỷ lợi"),
                "İstanbul ß straße", "Кириллица và 中文", "---a--b---", "Bài mới.md", "x" * 90 + " y", "e\u0301\u0323"]


def test_javascript_twins_make_the_same_names_as_python(helpers):
    assert [js(helpers, "slugify", s) for s in SLUG_SAMPLES] == [slugify(s) for s in SLUG_SAMPLES]
    long_name = "Liên thông các thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"
    for name in [long_name, "Đăng ký khai sinh", "a" * 100]:
        assert helpers.evaluate("name => cchcCompose.cut(cchcCompose.slugify(name), 80)", name) == procedure_slug(name)
    values = ["một cửa", ["một cửa", "tuyên truyền"], {"a": [1, 2.5, None, True]}, 'quote " \\ \n\t', 2021]
    assert [js(helpers, "asJson", v) for v in values] == [json.dumps(v, ensure_ascii=False) for v in values]


# Strings YAML reads as something else unless written with care.
TRICKY = ["Kế hoạch 111/KH-UBND: tuyên truyền", 'Có "nháy kép" và \'nháy đơn\'', "- bắt đầu bằng gạch", "# bắt đầu bằng dấu thăng",
          "có # ở giữa", "yes", "No", "on", "null", "~", "1.001193", "2021-03-09", "0x1F", "1e3", "@ký tự", "`lệnh`", "{a: 1}", "[1, 2]",
          "*bí danh", "&neo", "!tag", "%", "| khối", "> gấp", "? hỏi", "dòng một\ndòng hai\n\ndòng bốn", "tab\tở giữa", " cách đầu",
          "cách cuối ", "\\ gạch chéo ngược", "Tiếng Việt: Ủy ban nhân dân phường Thanh Xuân — “ngoặc”", "emoji 🏛️ và 𝔘", "ngắt\u2028dòng",
          "đoạn\u2029mới", "nel\u0085", "bom\ufeff", "điều khiển\u0007\u001b", "del\u007f", "\u00a0nbsp", "---", "...", ": hai chấm đầu",
          "a: b: c", "'", '"', "\r\nCRLF"]


def test_front_matter_from_the_form_reads_back_as_written(helpers):
    meta = {"title": TRICKY[0], "tricky": TRICKY, "nested": [{"text": s, "value": 12.5, "unit": "%"} for s in TRICKY[:5]],
            "group": {"a": "x: y", "b": ["1", "2"], "empty": []}, "year": 2021, "value": 99.5, "none": []}
    text = js(helpers, "file", meta, "Nội dung.\r\n\r\n## Mục\n")
    front, body, _ = content.split_front_matter(text)
    assert content._parse(front)[1] == meta
    assert body == "\nNội dung.\n\n## Mục\n"
    assert text.startswith("---\n") and "\r" not in text


# Each bad front matter: the form's check and `make check` on the file the form writes must say the same.
BAD = [
    ("article", {}, False),
    ("article", {"title": "Tin", "date": "2021-02-30", "author": "A", "category": "Thông tin, tuyên truyền", "summary": "Ngắn quá.",
                 "tags": ["một cửa", "một cửa"], "plans": ["111/KH", "27/KH-UBND"], "procedures": ["1.00119"],
                 "image": {"src": "https://anh.example.com/a.jpg"}, "source": {"name": "X", "date": "2021-13-01", "url": "ftp://x"}}, False),
    ("article", {"title": "T" * 201, "date": "9/3/2021", "author": "Văn phòng", "category": "Thông tin, tuyên truyền",
                 "summary": "Một câu tóm tắt đủ dài cho danh sách tin."}, False),
    ("plan", {"number": "111/KH", "title": "Kế hoạch", "issuer": "UB", "date": "2021-3-9", "year": "20x1", "purpose": "Mục đích",
              "status": "doing", "targets": [{"value": "100", "unit": "%"}], "implements": ["27/kh-ubnd"], "tasks": ["Một"]}, False),
    ("plan", {"title": "Kế hoạch năm", "issuer": "UBND", "date": "2021-03-09", "year": 1989, "purpose": "Mục đích đủ dài của kế hoạch.",
              "status": "active", "targets": [{"text": "Chỉ tiêu", "value": 1.5}, {"text": "Chỉ tiêu", "value": 1.5}]}, False),
    ("procedure", {"code": "1.00119", "name": "Khai", "level": "district", "field": "H", "agency": "UB",
                   "channels": [{"type": "fax", "time": "1"}], "dossier": [{"paper": "Tờ khai", "originals": -1, "copies": "2"}],
                   "online": {"level": "full", "url": "javascript:alert(1)"}, "legal_basis": [{"number": "60", "date": "2014-11-31"}],
                   "also_known_as": [f"tên {n}" for n in range(21)], "sources": [], "former_level": "huyện"}, False),
    ("article", {"title": "Hi", "summary": "Short.", "tags": ["a"], "image": {"alt": "Ảnh"}}, True),
    ("plan", {"title": "Plan", "targets": [{"unit": "%"}]}, True),
    ("procedure", {"name": "Reg", "channels": [{"time": "1 day"}], "steps": ["One"]}, True),
]
FOLDER = {"article": "tin-tuc", "plan": "ke-hoach", "procedure": "thu-tuc"}


def said_in_the_form(problem: content.Problem) -> str:
    """What `make check` says, with its one sentence about a YAML file said as the form says it (schemas/messages.yml)."""
    words = messages.messages()
    text = problem.message
    if problem.gloss.startswith("missing required field"):
        text = text.replace(messages.fill(words["required"]["in_file"], field=problem.field.split(".")[-1], add_to="phần đầu tệp"),
                            words["required"]["in_form"])
    return text.replace(words["date"]["in_file"], words["date"]["in_form"])


@pytest.mark.parametrize("kind, meta, partial", BAD, ids=[f"{kind}-{n}{'-translation' if partial else ''}" for n, (kind, meta, partial) in enumerate(BAD)])
def test_the_form_and_make_check_say_the_same_about_the_same_input(helpers, tmp_path, kind, meta, partial):
    in_browser = helpers.evaluate("([kind, meta, partial]) => cchcCompose.validate(kind, meta, partial, {})", [kind, meta, partial])
    text = js(helpers, "file", meta, "Nội dung.")
    src = f"{FOLDER[kind]}/vi-du{'.en' if partial else ''}.md"
    (tmp_path / src).parent.mkdir(parents=True)
    (tmp_path / src).write_text(text, encoding="utf-8")
    doc, problems = content.read_document(tmp_path, src)
    assert problems, "every case is wrong somewhere"
    assert sorted((p["path"], p["message"], p["gloss"]) for p in in_browser) == sorted((p.field, said_in_the_form(p), p.gloss) for p in problems)


def test_a_file_name_that_is_no_slug_gets_the_same_message(helpers, tmp_path):
    (tmp_path / "tin-tuc").mkdir()
    (tmp_path / "tin-tuc/Bài mới.md").write_text("---\ntitle: Bài mới\n---\n", encoding="utf-8")
    problem = next(p for p in content.read_document(tmp_path, "tin-tuc/Bài mới.md")[1] if p.gloss == "file name is not an ASCII slug")
    assert helpers.evaluate("() => cchcCompose.slugProblem('Bài mới.md', 'bai-moi.md')") == {"message": problem.message, "gloss": problem.gloss}


# --- filling the form as an editor does ------------------------------------------------------------------

def editor(page):
    return page.locator(".cchc-compose__editor")


def control(scope, label: str):
    """The control whose label reads `label` (and perhaps "(bắt buộc…)" after it), within scope."""
    name = scope.locator("label").filter(has_text=re.compile("^" + re.escape(label) + r"( \(.*\))?$")).first
    return scope.locator("#" + name.get_attribute("for"))


def row(scope, field: str, n: int):
    """The n-th item (from 1) of a list of records: its fieldset."""
    return scope.locator("fieldset").filter(has=scope.page.locator("legend", has_text=re.compile(f"^{re.escape(field)}, ")))\
        .filter(has=scope.page.locator("legend", has_text=re.compile(rf"{n}$"))).last


def add(scope, field: str, *values: str):
    """Add a row to a list per value (a list of texts: typed into the new row, which has the focus)."""
    for value in values:
        scope.get_by_role("button", name=re.compile(f"«{re.escape(field)}»")).filter(has_text=re.compile("^(Thêm|Add)")).click()
        if value is not None:
            scope.page.keyboard.type(value)


def produced(page) -> tuple[str, str]:
    """(the file's path under docs/, its text) once the form has caught up with the last keystroke."""
    page.get_by_role("button", name=re.compile("^(Kiểm tra|Check)$")).click()
    page.wait_for_function("() => /sẵn sàng|is ready/.test(document.querySelector('.cchc-compose__status').textContent)")
    path = re.search(r"docs/(\S+\.md)", page.inner_text(".cchc-compose__status"))[1]
    return path, page.input_value(".cchc-compose__output")


@pytest.fixture
def docs_copy(tmp_path):
    """A copy of the repository's pages, to run `make check` on with one more file."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("_generated"))
    return docs


def check_with(docs: Path, path: str, text: str) -> tuple[content.Site, list[str]]:
    """`make check` (in process, as the command runs it) on the pages with this file added; every problem it names."""
    (docs / path).write_text(text, encoding="utf-8")
    config = site_config()
    site = site_check.check(docs, list(categories(config)), "docs", safety.policy(config))
    return site, [str(p) for p in site.problems if p.path == f"docs/{path}" or p.severity == "error"]


ARTICLE_BODY = "Sáng 15/10, Ủy ban nhân dân phường tổ chức tập huấn: «một cửa» #1.\n\n## Kết quả\n\n- 40 cán bộ tham dự\n- Hỏi: 'có cần mang gì?'"


def fill_article(page):
    page.get_by_role("radio", name="Tin bài").check()
    scope = editor(page)
    control(scope, "Tiêu đề").fill('Phường tập huấn "một cửa": dịch vụ công # trực tuyến')
    control(scope, "Ngày đăng").fill("15/10/2026")
    assert control(scope, "Tác giả hoặc đơn vị").input_value() == site_config().extra["agency"]["unit"]  # filled as `make new` fills it
    control(scope, "Tác giả hoặc đơn vị").fill("- Văn phòng HĐND và UBND phường")
    control(scope, "Chuyên mục").select_option("Thông tin, tuyên truyền")
    add(scope, "Thẻ", "một cửa", "yes")
    control(scope, "Tóm tắt").fill("Cán bộ Bộ phận Một cửa được hướng dẫn: hỗ trợ người dân nộp hồ sơ trực tuyến toàn trình.")
    add(scope, "Kế hoạch liên quan", "111/KH-UBND")
    add(scope, "Thủ tục liên quan", "1.001193")
    group = scope.locator("fieldset").filter(has=page.locator("legend", has_text="Nguồn")).first
    control(group, "Tên nguồn").fill("Cổng thông tin điện tử: phường Thanh Xuân")
    control(group, "Địa chỉ trang gốc").fill("https://thanhxuan.hanoi.gov.vn/tin-tuc?id=1&x=2")
    control(group, "Ngày đăng ở nguồn").fill("2026-10-15")
    control(scope, "Nội dung").fill(ARTICLE_BODY)
    return {"title": 'Phường tập huấn "một cửa": dịch vụ công # trực tuyến', "date": "2026-10-15", "author": "- Văn phòng HĐND và UBND phường",
            "category": "Thông tin, tuyên truyền", "tags": ["một cửa", "yes"],
            "summary": "Cán bộ Bộ phận Một cửa được hướng dẫn: hỗ trợ người dân nộp hồ sơ trực tuyến toàn trình.",
            "plans": ["111/KH-UBND"], "procedures": ["1.001193"],
            "source": {"name": "Cổng thông tin điện tử: phường Thanh Xuân", "url": "https://thanhxuan.hanoi.gov.vn/tin-tuc?id=1&x=2", "date": "2026-10-15"}}


def fill_plan(page):
    page.get_by_role("radio", name="Kế hoạch").check()
    scope = editor(page)
    control(scope, "Số hiệu").fill("205/KH-UBND")
    control(scope, "Tên kế hoạch").fill("Tuyên truyền cải cách hành chính năm 2026: «chuyển đổi số»")
    control(scope, "Cơ quan ban hành").fill("UBND phường Thanh Xuân")
    control(scope, "Ngày ban hành").fill("9/3/2026")
    control(scope, "Năm kế hoạch").fill("2026")
    add(scope, "Thực hiện kế hoạch", "27/KH-UBND")
    control(scope, "Mục đích").fill("Nâng cao nhận thức của cán bộ và Nhân dân:\nvề cải cách hành chính, chuyển đổi số.")
    add(scope, "Chỉ tiêu", None, None)
    first, second = row(scope, "Chỉ tiêu", 1), row(scope, "Chỉ tiêu", 2)
    control(first, "Nội dung chỉ tiêu").fill("Hồ sơ trực tuyến toàn trình")
    control(first, "Giá trị").fill("80")
    control(first, "Đơn vị").fill("%")
    control(second, "Nội dung chỉ tiêu").fill("Số buổi tập huấn: ít nhất")
    control(second, "Giá trị").fill("2.5")
    add(scope, "Nhiệm vụ", "Tuyên truyền trên hệ thống loa", "# Nhiệm vụ bắt đầu bằng dấu thăng")
    control(scope, "Tình trạng").select_option("active")
    control(scope, "Nội dung").fill("Kế hoạch giao các đoàn thể phối hợp.")
    return {"number": "205/KH-UBND", "title": "Tuyên truyền cải cách hành chính năm 2026: «chuyển đổi số»", "issuer": "UBND phường Thanh Xuân",
            "date": "2026-03-09", "year": 2026, "implements": ["27/KH-UBND"],
            "purpose": "Nâng cao nhận thức của cán bộ và Nhân dân:\nvề cải cách hành chính, chuyển đổi số.",
            "targets": [{"text": "Hồ sơ trực tuyến toàn trình", "value": 80, "unit": "%"}, {"text": "Số buổi tập huấn: ít nhất", "value": 2.5}],
            "tasks": ["Tuyên truyền trên hệ thống loa", "# Nhiệm vụ bắt đầu bằng dấu thăng"], "status": "active"}


def fill_procedure(page):
    page.get_by_role("radio", name="Thủ tục hành chính").check()
    scope = editor(page)
    control(scope, "Mã thủ tục").fill("2.000001")
    control(scope, "Tên thủ tục").fill("Đăng ký việc giám hộ: trường hợp có yếu tố nước ngoài")
    control(scope, "Cấp thực hiện").select_option("commune")
    control(scope, "Lĩnh vực").fill("Hộ tịch")
    control(scope, "Cơ quan thực hiện").fill("Ủy ban nhân dân cấp xã")
    add(scope, "Trình tự thực hiện", "Bước 1: nộp hồ sơ.", "Bước 2: nhận kết quả.")
    add(scope, "Cách thức thực hiện", None)
    channel = row(scope, "Cách thức thực hiện", 1)
    control(channel, "Hình thức nộp").select_option("in_person")
    control(channel, "Thời hạn giải quyết").fill("03 ngày làm việc")
    control(channel, "Phí, lệ phí").fill("Miễn phí")
    add(scope, "Thành phần hồ sơ", None)
    paper = row(scope, "Thành phần hồ sơ", 1)
    control(paper, "Tên giấy tờ").fill("Tờ khai đăng ký giám hộ")
    control(paper, "Bản chính").fill("1")
    control(paper, "Bản sao").fill("0")
    add(scope, "Căn cứ pháp lý", None)
    law = row(scope, "Căn cứ pháp lý", 1)
    control(law, "Số ký hiệu").fill("60/2014/QH13")
    control(law, "Trích yếu").fill("Luật Hộ tịch")
    control(law, "Ngày ban hành").fill("20/11/2014")
    scope.get_by_label("Đã kiểm tra: không có mục nào").check()
    online = scope.locator("fieldset").filter(has=page.locator("legend", has_text="Dịch vụ công trực tuyến")).first
    control(online, "Mức độ").select_option("full")
    control(online, "Đường dẫn nộp trực tuyến").fill("https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=2.000001")
    control(scope, "Ngày cập nhật").fill("01/12/2026")
    return {"code": "2.000001", "name": "Đăng ký việc giám hộ: trường hợp có yếu tố nước ngoài", "level": "commune", "field": "Hộ tịch",
            "agency": "Ủy ban nhân dân cấp xã", "steps": ["Bước 1: nộp hồ sơ.", "Bước 2: nhận kết quả."],
            "channels": [{"type": "in_person", "time": "03 ngày làm việc", "fee": "Miễn phí"}],
            "dossier": [{"paper": "Tờ khai đăng ký giám hộ", "originals": 1, "copies": 0}],
            "legal_basis": [{"number": "60/2014/QH13", "title": "Luật Hộ tịch", "date": "2014-11-20"}], "conditions": [],
            "online": {"level": "full", "url": "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=2.000001"},
            "updated": "2026-12-01"}


UNTRANSLATED = "tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.md"


def fill_translation(page):
    page.get_by_role("radio", name="Bản dịch tiếng Anh của một trang").check()
    finder = page.get_by_label("Trang cần dịch")
    finder.fill(page.evaluate("src => [...document.querySelectorAll('datalist option')].map(o => o.value).find(v => v.endsWith(src))", UNTRANSLATED))
    page.get_by_role("button", name="Dịch trang này").click()
    scope = editor(page)
    scope.locator(".cchc-field__original").first.wait_for()
    control(scope, "Tiêu đề").fill("Bình Thạnh: communication on administrative reform, 2018")
    control(scope, "Tóm tắt").fill("The district's plan for 2018: what it did, and how #1 \"one-stop\" desks helped.")
    add(scope, "Thẻ", "one-stop")
    control(scope, "Nội dung").fill("In 2018, the district ran its plan.")
    return {"title": "Bình Thạnh: communication on administrative reform, 2018",
            "summary": "The district's plan for 2018: what it did, and how #1 \"one-stop\" desks helped.", "tags": ["one-stop"]}


FILLS = {"article": fill_article, "plan": fill_plan, "procedure": fill_procedure, "translation": fill_translation}


@pytest.mark.parametrize("kind", list(FILLS))
def test_a_page_written_in_the_form_passes_make_check_unchanged(page, docs_copy, kind):
    expected = FILLS[kind](page)
    path, text = produced(page)
    site, named = check_with(docs_copy, path, text)
    assert named == [], text
    doc = site.by_file[path]
    assert doc.meta == expected and doc.valid
    if kind == "translation":
        assert path == UNTRANSLATED.replace(".md", ".en.md") and site.by_src[UNTRANSLATED].translations["en"] is doc
    else:
        assert path == f"{FOLDER[kind]}/{slugify(expected['title' if kind != 'procedure' else 'name'])}.md"
    preview = page.inner_text(".cchc-compose__preview")
    assert expected.get("title", expected.get("name")) in preview


def test_the_download_is_the_file_shown(page):
    fill_article(page)
    path, text = produced(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải tệp .md").click()
    assert download.value.suggested_filename == path.split("/")[-1]
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    assert "Add file" in page.inner_text(".cchc-compose__status")


def catch_github(page) -> None:
    """GitHub's pages answered here with a stub: the address is what is tested, nothing is fetched."""
    page.context.route("https://github.com/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>GitHub</title>"))


def test_send_to_github_opens_the_new_file_page_with_the_path_and_the_file(page):
    catch_github(page)
    fill_article(page)
    path, text = produced(page)
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Gửi lên GitHub").click()
    address = urlsplit(popup.value.url)
    folder, name = path.rsplit("/", 1)
    assert f"{address.scheme}://{address.netloc}{address.path}" == GITHUB_NEW + folder
    assert parse_qs(address.query) == {"filename": [name], "value": [text]}
    assert len(popup.value.url) <= compose.URL_LIMIT
    assert "Commit changes" in page.inner_text(".cchc-compose__status")


def test_a_file_too_long_for_an_address_goes_by_the_clipboard(page, real_site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=real_site_url.rstrip("/"))
    catch_github(page)
    fill_article(page)
    control(editor(page), "Nội dung").fill("Ủy ban nhân dân phường tổ chức tập huấn dịch vụ công trực tuyến. " * 40)
    path, text = produced(page)
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Gửi lên GitHub").click()
    address = urlsplit(popup.value.url)
    assert parse_qs(address.query) == {"filename": [path.rsplit("/", 1)[1]]}
    page.wait_for_function("() => /bộ nhớ tạm/.test(document.querySelector('.cchc-compose__status').textContent)")
    assert page.evaluate("() => navigator.clipboard.readText()") == text
    assert f"({compose.URL_LIMIT} ký tự)" in page.inner_text(".cchc-compose__status")


# --- what exists ------------------------------------------------------------------------------------------

def test_every_existing_page_opens_in_the_form_and_comes_back_as_it_was(page, real_site_url):
    """Each article, plan, procedure and translation of the site, opened in the form (as "Sửa bằng biểu mẫu"
    opens it) and written out without a change: the same fields and values, the same body."""
    site = site_check.check(REPO / "docs", list(categories(site_config())))
    files = sorted(d.src for d in site.documents if d.kind in compose.KINDS)
    assert len(files) > 50
    # the finder and its button, used in the page for each file in turn (one call: seventy round trips took half a minute)
    texts = page.evaluate("""async files => {
        const input = document.querySelector('.cchc-compose__finder:not([hidden]) input');
        const button = input.parentElement.querySelector('button');
        const texts = {};
        for (const src of files) {
            input.value = src;
            button.click();
            while (document.querySelector('.cchc-compose__mode')?.textContent !== 'Đang sửa docs/' + src) await new Promise(r => setTimeout(r, 10));
            texts[src] = document.querySelector('.cchc-compose__output').value;
        }
        return texts; }""", files)
    for src in files:
        front, body, _ = content.split_front_matter(texts[src])
        doc = site.by_file[src]
        assert content._parse(front)[1] == doc.meta, src
        assert body.strip("\n") == doc.body.strip("\n"), src


def test_an_opened_page_goes_to_github_s_edit_page_by_the_clipboard(page, real_site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=real_site_url.rstrip("/"))
    catch_github(page)
    page.goto(f"{real_site_url}soan-bai/?mo=ke-hoach/111-kh-ubnd-2021.md")
    scope = editor(page)
    assert control(scope, "Tên tệp").input_value() == "111-kh-ubnd-2021" and control(scope, "Tên tệp").get_attribute("readonly") is not None
    assert scope.locator(".cchc-field__original").count() == 0  # an original has no original to show
    control(scope, "Tình trạng").select_option("superseded")
    path, text = produced(page)
    assert path == "ke-hoach/111-kh-ubnd-2021.md" and "status: \"superseded\"" in text
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Gửi lên GitHub").click()
    assert popup.value.url == GITHUB_EDIT + path
    page.wait_for_function("() => /Ctrl\\+A/.test(document.querySelector('.cchc-compose__status').textContent)")
    assert page.evaluate("() => navigator.clipboard.readText()") == text


def test_a_page_not_yet_translated_opens_to_be_translated_and_a_translated_one_opens_its_translation(page, real_site_url):
    page.goto(f"{real_site_url}en/tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018/")
    page.get_by_role("link", name="Translate this page").click()
    page.wait_for_selector(".cchc-compose__editor")
    assert page.url.endswith(f"en/soan-bai/?dich={UNTRANSLATED}")
    assert "New translation: docs/tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.en.md" in page.inner_text(".cchc-compose__mode")
    original = page.locator(".cchc-field__original").first
    title = content.read_document(REPO / "docs", UNTRANSLATED)[0].meta["title"]
    assert original.inner_text() == f"Original: {title}" and original.locator("[lang=vi]").inner_text() == title
    page.get_by_label("Page to translate").fill("Thanh Xuân triển khai kế hoạch tuyên truyền")  # a page already translated
    page.get_by_label("Page to translate").fill(page.evaluate(
        "() => [...document.querySelectorAll('datalist option')].map(o => o.value).find(v => v.includes('thanh-xuan-tuyen-truyen-kiem-soat'))"))
    page.get_by_role("button", name="Translate this page").click()
    page.wait_for_function("() => /Editing docs\\/tin-tuc\\/thanh-xuan-tuyen-truyen-kiem-soat-thu-tuc-hanh-chinh-2021\\.en\\.md/"
                           ".test(document.querySelector('.cchc-compose__editor:not([hidden]) .cchc-compose__mode').textContent)")


def test_a_name_taken_or_not_a_slug_is_said_beside_the_file_name(page):
    page.get_by_role("radio", name="Thủ tục hành chính").check()
    scope = editor(page)
    control(scope, "Tên thủ tục").fill("Đăng ký khai sinh")
    page.wait_for_function("() => document.querySelector('.cchc-compose__filename input').value === 'dang-ky-khai-sinh-2'")  # the name is taken
    name = control(scope, "Tên tệp")
    name.fill("dang-ky-khai-sinh")
    name.blur()
    page.get_by_role("button", name="Kiểm tra").click()
    error = page.locator(f"#{name.get_attribute('id')}-error")
    assert "đã có tệp «thu-tuc/dang-ky-khai-sinh.md»" in error.inner_text() and "dang-ky-khai-sinh-2.md" in error.inner_text()
    name.fill("Đăng ký Khai sinh")
    page.get_by_role("button", name="Kiểm tra").click()
    said = page.evaluate("() => cchcCompose.slugProblem('Đăng ký Khai sinh.md', 'dang-ky-khai-sinh-2.md').message")
    assert said in error.inner_text() and name.get_attribute("aria-invalid") == "true"


# --- wrong input, keyboard, English ----------------------------------------------------------------------

def test_wrong_input_shows_make_check_s_messages_beside_the_fields_and_a_summary(page, tmp_path):
    page.get_by_role("radio", name="Kế hoạch").check()
    scope = editor(page)
    control(scope, "Số hiệu").fill("111/KH")
    control(scope, "Tên kế hoạch").fill("Kế hoạch tuyên truyền")
    control(scope, "Cơ quan ban hành").fill("")  # the agency's name, filled in for a new plan, taken out
    control(scope, "Ngày ban hành").fill("30/02/2021")
    control(scope, "Năm kế hoạch").fill("20x1")
    page.get_by_role("button", name="Kiểm tra").click()
    summary = page.locator(".cchc-compose__summary")
    assert summary.evaluate("e => e === document.activeElement")
    text = page.input_value(".cchc-compose__output")
    (tmp_path / "ke-hoach").mkdir()
    (tmp_path / "ke-hoach/vi-du.md").write_text(text, encoding="utf-8")
    problems = {p.field: p for p in content.read_document(tmp_path, "ke-hoach/vi-du.md")[1]}
    assert set(problems) == {"number", "date", "year", "issuer", "purpose", "status"}
    for label, field in (("Số hiệu", "number"), ("Ngày ban hành", "date"), ("Năm kế hoạch", "year"), ("Cơ quan ban hành", "issuer"),
                         ("Mục đích", "purpose"), ("Tình trạng", "status")):
        box = control(scope, label)
        shown = page.locator(f"#{box.get_attribute('id')}-error").inner_text()
        expected = said_in_the_form(problems[field])
        if field == "date":  # the form quotes the date as it was typed
            expected = expected.replace('"2021-02-30"', '"30/02/2021"')
        assert shown == f"Lỗi: {expected}"
        assert box.get_attribute("aria-invalid") == "true"
        assert f"{box.get_attribute('id')}-error" in box.get_attribute("aria-describedby")
    assert summary.locator("li").count() == 6
    summary.locator("a").first.click()
    assert control(scope, "Số hiệu").evaluate("e => e === document.activeElement")


def focused(page) -> str:
    return page.evaluate("() => { const e = document.activeElement; const l = e.id && document.querySelector(`label[for='${e.id}']`);"
                         " return (l ? l.textContent : e.textContent).trim(); }")


def test_the_form_works_by_keyboard_alone(page):
    page.locator(".cchc-compose__kinds input").first.focus()
    page.keyboard.press("Space")  # Tin bài
    page.keyboard.press("ArrowRight")  # Kế hoạch: the radios move with the arrows
    assert page.get_by_role("radio", name="Kế hoạch").is_checked()
    scope = editor(page)
    adding = scope.get_by_role("button", name="Thêm mục vào «Nhiệm vụ»")
    adding.focus()
    page.keyboard.press("Enter")
    assert focused(page) == "Nhiệm vụ, Mục 1"
    page.keyboard.type("Nhiệm vụ thứ nhất")
    adding.focus()
    page.keyboard.press("Enter")
    assert focused(page) == "Nhiệm vụ, Mục 2"
    page.keyboard.type("Nhiệm vụ thứ hai")
    page.keyboard.press("Tab")
    assert focused(page) == "Xóa mục 2 của «Nhiệm vụ»"
    page.keyboard.press("Enter")  # removed: the focus goes to the row before
    assert focused(page) == "Nhiệm vụ, Mục 1"
    assert "Đã xóa mục 2" in page.inner_text(".cchc-compose__status")
    page.keyboard.press("Shift+Tab")
    while focused(page) not in ("Kiểm tra",):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.locator(".cchc-compose__summary").evaluate("e => e === document.activeElement")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first error's link: to its field
    assert focused(page).startswith("Tên kế hoạch")
    assert "Nhiệm vụ thứ nhất" in page.input_value(".cchc-compose__output")


def test_the_english_page_speaks_english_and_gives_the_check_s_words(browser, real_site_url):
    context = browser.new_context()
    watch_outside(context, real_site_url)
    page = context.new_page()
    page.goto(real_site_url + "en/soan-bai/")
    page.get_by_role("radio", name="Administrative procedure").check()
    scope = editor(page)
    control(scope, "Procedure code").fill("1.00119")
    page.get_by_role("button", name="Check").click()
    code = control(scope, "Procedure code")
    shown = page.locator(f"#{code.get_attribute('id')}-error")
    assert shown.inner_text().startswith('Error: "1.00119" không đúng dạng.') and shown.inner_text().endswith("(does not match the expected form)")
    assert shown.locator("[lang=vi]").count() == 1
    assert page.get_by_role("button", name="Send to GitHub").is_visible() and page.get_by_role("button", name="Download the .md file").is_visible()
    assert "Date published" not in page.inner_text(".cchc-compose__editor") and "Implementing agency" in page.inner_text(".cchc-compose__editor")
    context.close()
