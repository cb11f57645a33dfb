"""Search (issue 5): the index the build writes (scripts/model/search.py) and Material's box driven by
assets/javascripts/search.js, in Chromium, served over HTTP and opened from file:// with no network."""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
import yaml

from conftest import REPO, build, serve, site_config, write_docs
from scripts.model import contract, querywords, schemas, search
from scripts.build import site as site_check


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n{body}\n"


FIXTURE = {
    "trang/dang-ky-khai-sinh.md": page("Đăng ký khai sinh", "Thủ tục đăng ký khai sinh cho trẻ em sinh ra trên địa bàn phường. Mã thủ tục 1.001193."),
    "trang/dang-ky-khai-sinh.en.md": page("Birth registration", "Register the birth of a child born in the ward. Procedure code 1.001193."),
    "trang/trien-khai.md": page("Triển khai kế hoạch năm", "Phường triển khai kế hoạch cho sinh viên tình nguyện."),
    "trang/khai-bao.md": page("Khai báo tạm vắng", "Người dân khai báo tạm vắng tại công an phường."),
    "trang/hoa-giai.md": page("Hoà giải tranh chấp đất đai", "Tổ hoà giải ở cơ sở giúp các bên giải quyết tranh chấp đất đai."),
    "trang/thuy-loi.md": page("Thủy lợi nội đồng", "Công trình thủy lợi do phường quản lý."),
    "trang/phong-tuc.md": page("Phong tục cưới hỏi", "Giữ gìn phong tục tập quán tốt đẹp."),
    "trang/ban-tin.md": page("Bản tin thời sự", "Cập nhật tin tức nhanh, tức thời."),
    "trang/ke-hoach-111.md": page("Kế hoạch 111/KH-UBND", "Kế hoạch tuyên truyền về cơ chế một cửa liên thông năm 2021."),
    "trang/ke-hoach-11.md": page("Kế hoạch 11/KH-UBND", "Kế hoạch cải cách hành chính năm 2020."),
    "trang/hoat-dong.md": page("Tin hoạt động của phường",
                               "Thực hiện Kế hoạch 111/KH-UBND và Kế hoạch 11/KH-UBND, phường hướng dẫn người dân "
                               "đăng ký khai sinh (mã 1.001193) và đo đạc địa chính."),
    "trang/thuong-tru.md": nfd(page("Đăng ký thường trú", "Thủ tục đăng ký thường trú cho công dân chuyển đến phường.")),
    "trang/do-dac.md": page("Đo đạc địa chính", "Đo đạc, lập bản đồ địa chính các thửa đất."),
    "trang/ket-hon.md": page("Đăng ký kết hôn", "Hai bên nam, nữ đến Ủy ban nhân dân phường đăng ký kết hôn."),
    "trang/hom-nay.md": page("Tin hôm nay", "Hôm nay phường tổng kết công tác quý."),
    "trang/chung-thuc.md": page("Chứng thực bản sao từ bản chính", "Phường chứng thực bản sao giấy tờ từ bản chính."),
    # a page listing many things: it holds every name above, and a listing marker
    "trang/danh-muc.md": page("Danh mục thủ tục", "<!-- cchc:articles -->\n\n- Đăng ký khai sinh\n- Đăng ký kết hôn\n"
                              "- Đăng ký thường trú\n- Chứng thực bản sao từ bản chính"),
}
# data/ beside the fixture's docs/: the repository's question words and short forms, and synonyms of its own
SYNONYMS = """vi:
  - say: [công chứng]
    means: [chứng thực]
  - say: [hộ khẩu, sổ hộ khẩu]
    means: [thường trú, tách hộ]
en:
  - say: [birth certificate]
    means: [birth registration]
"""


def first_url(results: list[dict]) -> str:
    return results[0]["url"] if results else ""


# --- the Python index builder -----------------------------------------------------------------------------

def test_tokens_keep_codes_together_and_leave_gaps_at_punctuation():
    found = search.tokens("Kế hoạch 111/KH-UBND, năm 2021.\nMã 1.001193")
    assert [(token, position) for token, _, position in found] == [
        ("Kế", 0), ("hoạch", 1), ("111", 2), ("KH", 3), ("UBND", 4), ("năm", 6), ("2021", 7), ("Mã", 9),
        ("1", 10), ("001193", 11)]
    assert [start for _, start, _ in found][:3] == [0, 3, 9]


def test_terms_fold_marks_and_keep_the_spelling_with_canonical_tones():
    assert search.term("Hoà") == search.term("hòa") == ("hoa", "hòa")
    assert search.term("THUỶ") == ("thuy", "thủy")
    assert search.term("Đất") == ("dat", "đất")
    assert search.term(nfd("Khỏe")) == ("khoe", "khỏe")
    assert search.term("tục") != search.term("tức") and search.term("tục")[0] == search.term("tức")[0]


def test_page_text_has_one_line_per_block_without_permalinks_or_scripts():
    text = search.page_text('<h2 id="a">Hồ sơ<a class="headerlink" href="#a">¶</a></h2><p>Một   cửa <b>liên</b> thông</p>'
                            "<script>var x = 1;</script><table><thead><tr><th>Tên giấy tờ</th></tr></thead>"
                            "<tr><td>Phí</td><td>0 đồng</td></tr></table>")
    assert text == "Hồ sơ\nMột cửa liên thông\nPhí\n0 đồng"


def test_entry_drops_the_heading_that_repeats_the_title_and_keeps_codes():
    entry = search.entry("thu-tuc/x/", "Đăng  ký khai sinh", "<h1>Đăng ký khai sinh</h1><p>Nội dung</p>", ["1.001193", None])
    assert (entry.title, entry.text, entry.keys) == ("Đăng ký khai sinh", "Nội dung", ["1.001193"])


def decode(spellings: list[str], flat: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The reading search.js does of a term's postings, written again to check the encoding."""
    out, i, page_number = {}, 0, 0
    while i < len(flat):
        page_number += flat[i]
        count, i, position = flat[i + 1], i + 2, 0
        places = []
        for value in flat[i:i + count]:
            position += value // len(spellings)
            places.append((position, spellings[value % len(spellings)]))
        out[page_number], i = places, i + count
    return out


def test_postings_hold_positions_and_spellings_with_the_body_after_the_title():
    entries = [search.Entry("a/", "Hoà giải", "Tổ hòa giải ở cơ sở. Hoa"),
               search.Entry("b/", "Thủ tục", "Thủ tục hành chính", ["1.001193"])]
    title_lengths, terms = search.postings(entries)
    assert title_lengths == [2, 5]  # "Thủ tục", a gap, the code "1 001193"
    assert decode(*terms["hoa"]) == {0: [(0, "hòa"), (4, "hòa"), (10, "hoa")]}
    assert decode(*terms["001193"]) == {1: [(4, "001193")]}
    assert decode(*terms["thu"]) == {1: [(0, "thủ"), (6, "thủ")]}


def test_shards_are_contiguous_ranges_in_javascript_order():
    terms = {f"t{n:04d}": (["x"], list(range(n % 50))) for n in range(600)}
    terms.update({"đ": (["đ"], [0, 1, 0]), "𝒜": (["𝒜"], [0, 1, 0]), "ｚ": (["ｚ"], [0, 1, 0])})
    shards = search.shards(terms, limit=2_000)
    assert len(shards) > 10
    flat = [term for shard in shards for term in shard]
    assert flat == sorted(terms, key=search.js_order) and len(flat) == len(terms)
    assert flat.index("𝒜") < flat.index("ｚ")  # a surrogate pair sorts before U+FF5A in JavaScript
    for shard in shards:
        assert len(shard) == 1 or len(search._json(shard)) <= 2_000


def test_chunks_keep_page_order_and_size():
    entries = [search.Entry(f"{n}/", "T", "x" * 900) for n in range(10)]
    assert [len(chunk) for chunk in search.chunks(entries, limit=2_000)] == [2, 2, 2, 2, 2]
    assert search.chunks([]) == []


def test_index_files_are_scripts_with_a_consistent_table():
    entries = [search.Entry(f"p{n}/", f"Trang {n}", f"Nội dung số {n} " * 50) for n in range(30)]
    files = search.index_files(entries)
    meta = yaml.safe_load(files["meta.js"][len('cchcSearchData("meta",'):-3])
    assert all(text.startswith(f'cchcSearchData("{name[:-3]}",') for name, text in files.items())
    assert len(meta["pages"]) == 30 and meta["pages"][3] == ["p3/", "Trang 3", 2]
    assert len([name for name in files if name.startswith("t")]) == len(meta["shards"])
    assert len([name for name in files if name.startswith("d")]) == len(meta["chunks"]) and meta["chunks"][0] == 0


def test_the_index_is_written_in_the_format_its_schema_describes():
    """Every file of the index is its contract's callback with its name and data, and the data is what
    schemas/output/search-index.schema.json says (the one description of the format), at the contract's version."""
    names = contract.names()["searchIndex"]
    entries = [search.Entry(f"p{n}/", f"Trang {n} Đăng ký", f"Nội dung số {n}, hộ tịch khai sinh 1.001193 " * 40, keys=["1.001193"], listing=n == 2)
               for n in range(40)]
    words = {"question_words": ["không", "bao lâu"], "short_forms": {"dk": "đăng ký"}, "synonyms": [(("hộ khẩu",), ("thường trú",))],
             "word_families": True, "syllables": True}
    files = search.index_files(entries, words)
    definition = schemas.load("output/search-index")["$defs"]
    kinds = {names["meta"]: "meta", names["vocabulary"]: "vocabulary"}
    seen = set()
    for file_name, text in files.items():
        name = file_name.removesuffix(".js")
        prefix = f"{names['callback']}({json.dumps(name)},"
        assert text.startswith(prefix) and text.endswith(");\n")
        kind = kinds.get(name) or {names["terms"]: "terms", names["texts"]: "texts"}[name.rstrip("0123456789")]
        seen.add(kind)
        data = json.loads(text[len(prefix):-3])
        errors = [error.message for error in jsonschema.Draft202012Validator(definition[kind]).iter_errors(data)]
        assert errors == [], (file_name, errors)
        if kind == "meta":
            assert data["format"] == names["format"] and isinstance(data["format"], int)
    assert seen == set(definition)
    assert not jsonschema.Draft202012Validator(definition["meta"]).is_valid({**json.loads(files["meta.js"][len(f'{names["callback"]}("meta",'):-3]), "extra": 1})


def test_question_words_typed_without_marks_follow_the_sites_own_spelling():
    entries = [search.Entry("a/", "Đăng ký kết hôn", "Đăng ký kết hôn không mất phí. Đang cập nhật. Không cần hẹn."),
               search.Entry("b/", "Đăng ký khai sinh", "Đăng ký khai sinh cho trẻ. Không có lệ phí.")]
    words = {"question_words": ["không", "đang", "bao lâu", "Có"], "short_forms": {"dk": "đăng ký"},
             "synonyms": [(("sổ hộ khẩu", "hộ khẩu"), ("thường trú",))]}
    meta = yaml.safe_load(search.index_files(entries, words)["meta.js"][len('cchcSearchData("meta",'):-3])
    assert meta["words"] == {
        "question": ["có", "không", "đang"],
        "questionFolded": ["co", "khong"],  # "dang" stands mostly for đăng (ký): typed so, it is a word to find
        "questionPhrases": ["bao lau"], "short": {"dk": "đăng ký"}, "families": False, "syllables": False,
        "synonyms": [[["so ho khau", "ho khau"], ["thường trú"], ["sổ hộ khẩu", "hộ khẩu"]]]}  # say folded, then as spelled


def test_the_index_lists_its_words_and_marks_pages_that_list_many_things():
    entries = [search.Entry("a/", "Danh mục", "Khai sinh, kết hôn, 2024, hộ", listing=True), search.Entry("b/", "Kết hôn", "Hai bên")]
    files = search.index_files(entries)
    meta = yaml.safe_load(files["meta.js"][len('cchcSearchData("meta",'):-3])
    assert meta["pages"] == [["a/", "Danh mục", 2, 1], ["b/", "Kết hôn", 2]]
    assert files["v.js"] == 'cchcSearchData("v","ben danh hai hon ket khai muc sinh");\n'  # 3 letters or more, no numbers


def test_query_word_files_are_checked_like_content(tmp_path):
    docs = write_docs(tmp_path, {})
    (tmp_path / "data").mkdir()
    (tmp_path / "data/synonyms.yml").write_text(
        "vi:\n  - say: [hộ khẩu]\n    means: [thường trú]\n  - say: [công chứng, Hộ khẩu]\n    means: [chứng thực]\n"
        "  - say: [sổ đỏ]\n  - say: [a b c d e f g]\n    means: [x y]\nfr: []\n", encoding="utf-8")
    (tmp_path / "data/search-words.yml").write_text("vi:\n  question_words: có\n  short_forms:\n    ĐK: đăng ký\n", encoding="utf-8")
    problems = [str(p) for p in site_check.check(docs, [], "docs").problems if p.path.startswith("data/")]
    assert problems == [
        "data/search-words.yml:2: LỖI [vi.question_words]: phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »), nhưng đang là "
        "\"có\". Ví dụ: [\"bao lâu\", \"ở đâu\"] (expected array)",
        "data/search-words.yml:3: LỖI [vi.short_forms]: \"ĐK\" không đúng dạng. Từ viết tắt viết thường, không dấu, không dấu cách "
        "(a–z, 0–9), ví dụ dk. (does not match the expected form)",
        "data/synonyms.yml:4: LỖI [say ở mục thứ 2 của vi]: cụm «Hộ khẩu» đã có ở mục thứ 1 của vi; mỗi cụm chỉ ghi ở một mục "
        "(gộp các «means» của hai mục vào một). (phrase already listed)",
        "data/synonyms.yml:6: LỖI [means ở mục thứ 3 của vi]: thiếu trường bắt buộc «means» (Trang viết là). Thêm một dòng «means: …» "
        "vào tệp. Ví dụ: [\"thường trú\", \"tạm trú\", \"tách hộ\"] (missing required field 'means')",
        "data/synonyms.yml:7: LỖI [mục thứ 1 của say ở mục thứ 4 của vi]: \"a b c d e f g\" không đúng dạng. Một đến sáu từ, viết có dấu, "
        "ví dụ «hộ khẩu». (does not match the expected form)",
        "data/synonyms.yml:9: LỖI [fr]: trường «fr» không có trong mẫu từ đồng nghĩa. Các trường dùng được: en, vi. (unknown field 'fr')",
    ]


def test_index_folder_and_exclusion():
    assert search.index_folder("vi", "vi") == "search/" and search.index_folder("en", "vi") == "en/search/"
    assert search.excluded({"search": {"exclude": True}}) and not search.excluded({"title": "x"})


# --- fixture site, built twice: served with directory URLs, and as the offline bundle builds it ---------------

@pytest.fixture(scope="module")
def fixture_sites(tmp_path_factory):
    built = {}
    for mode, directory_urls in (("online", True), ("offline", False)):
        tmp = tmp_path_factory.mktemp(f"search-{mode}")
        docs = write_docs(tmp, FIXTURE)
        (tmp / "data").mkdir()
        (tmp / "data/synonyms.yml").write_text(SYNONYMS, encoding="utf-8")
        (tmp / "data/search-words.yml").write_bytes((REPO / "data/search-words.yml").read_bytes())
        result = build(site_config(tmp, docs, nav=[{"Trang chủ": "index.md"}], use_directory_urls=directory_urls))
        assert result.returncode == 0, result.log
        built[mode] = result.site
    return built


@pytest.fixture(scope="module")
def fixture_url(fixture_sites):
    with serve(fixture_sites["online"]) as url:
        yield url


BOX = contract.names()["searchBox"]  # the attributes search.js sets on the box (contract.js)
# A result as the reader sees it (a JavaScript function of one .md-search-result__item)
RESULT = """item => ({url: item.querySelector('a.md-search-result__link').href, title: item.querySelector('h1').textContent,
                     snippet: item.querySelector('p').textContent, marks: Array.from(item.querySelectorAll('mark')).map(m => m.textContent)})"""


class Box:
    """A page of the site with its search box; records console errors and the requests made."""

    def __init__(self, context, start_url: str):
        self.page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[tuple[str, str]] = []
        # Material's language switcher asks for sitemap.xml (another area's concern); anything else counts.
        self.page.on("console", lambda m: m.type == "error" and "sitemap.xml" not in m.location.get("url", "")
                     and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append((r.resource_type, r.url)))
        self.page.goto(start_url)

    def wait(self) -> None:
        self.page.wait_for_function(
            "names => { const box = document.querySelector('.md-search'), value = document.querySelector('.md-search__input').value;"
            " return box.getAttribute(names.query) === value && box.getAttribute(names.done) === value; }",
            arg=BOX, timeout=10_000)

    def search(self, query: str) -> list[dict]:
        self.page.fill(".md-search__input", query)
        self.wait()
        return self.results()

    def results(self) -> list[dict]:
        return self.page.eval_on_selector_all(".md-search-result__item", f"items => items.map({RESULT})")

    def search_all(self, queries: list[str]) -> list[list[dict]]:
        """search() for each query in turn, typed and waited for inside the page: one call for the lot (most of a
        query's time was the calls between the test and the browser)."""
        return self.page.evaluate(f"""([queries, names]) => (async () => {{
            const input = document.querySelector('.md-search__input'), box = document.querySelector('.md-search'), found = [];
            for (const query of queries) {{
                input.value = query;
                input.dispatchEvent(new Event('input', {{bubbles: true}}));
                const started = Date.now();
                while (!(box.getAttribute(names.query) === input.value && box.getAttribute(names.done) === input.value)) {{
                    if (Date.now() - started > 10000) throw new Error('no results for ' + query);
                    await new Promise(done => setTimeout(done, 5));
                }}
                found.push([...document.querySelectorAll('.md-search-result__item')].map({RESULT}));
            }}
            return found; }})()""", [queries, BOX])

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def contexts(browser):
    """`contexts(offline)`: the module's one browser context online, or offline (without a network), for its pages
    (a new context cost Chromium nearly twice what a new page in an open one does)."""
    made: dict = {}

    def context(offline: bool = False):
        if offline not in made:
            made[offline] = browser.new_context(offline=offline)
        return made[offline]

    yield context
    for opened in made.values():
        opened.close()


@pytest.fixture(scope="module")
def open_boxes():
    """Pages kept open across the module's tests (reloading Chromium pages for every query is slow)."""
    boxes: dict = {}
    yield boxes
    for box in boxes.values():
        box.close()


@pytest.fixture(params=["online", "offline"])
def box_at(request, contexts, fixture_sites, fixture_url, open_boxes):
    """Open a page of the fixture site by its path with directory URLs ("trang/x/"); offline maps it to x.html.

    A page is reused by later tests unless `fresh` (for tests that navigate away)."""
    used, fresh_boxes = [], []

    def open_page(path: str = "", fresh: bool = False) -> Box:
        key = (request.param, path)
        if fresh or key not in open_boxes:
            if request.param == "online":
                box = Box(contexts(), fixture_url + path)
            else:
                root, name = fixture_sites["offline"], path.rstrip("/")
                file = root / name / "index.html" if name in ("", "en") else root / f"{name}.html"
                box = Box(contexts(offline=True), file.as_uri())
            if fresh:
                fresh_boxes.append(box)
            else:
                open_boxes[key] = box
        box = fresh_boxes[-1] if fresh else open_boxes[key]
        used.append(box)
        return box

    yield open_page
    errors = [error for box in used for error in box.errors]
    for box in used:
        box.errors.clear()
    for box in fresh_boxes:
        box.close()
    assert errors == []


def slug(url: str) -> str:
    """trang/x from any form of a result URL (…/trang/x/, …/trang/x.html)."""
    path = unquote(urlparse(url).path)
    path = re.sub(r"(/index)?\.html$", "", path).rstrip("/")
    return "/".join(path.split("/")[-2:])


@pytest.mark.parametrize("query, expected", [
    ("khai sinh", "trang/dang-ky-khai-sinh"),
    ("KHAI SINH", "trang/dang-ky-khai-sinh"),
    ("dang ky thuong tru", "trang/thuong-tru"),          # the page's source is NFD
    (nfd("đăng ký thường trú"), "trang/thuong-tru"),    # so is the query
    ("hòa giải", "trang/hoa-giai"),                      # the page writes "Hoà"
    ("hoà giải", "trang/hoa-giai"),
    ("hoa giai", "trang/hoa-giai"),
    ("thuỷ lợi", "trang/thuy-loi"),                      # the page writes "Thủy"
    ("do dac dia chinh", "trang/do-dac"),                # đ = d
    ("Đo Đạc", "trang/do-dac"),
    ("111/KH-UBND", "trang/ke-hoach-111"),
    ("11/KH-UBND", "trang/ke-hoach-11"),
    ("ke hoach 111", "trang/ke-hoach-111"),
    ("1.001193", "trang/dang-ky-khai-sinh"),
    ("tục", "trang/phong-tuc"),                          # exact marks first …
    ("tức", "trang/ban-tin"),
    ("dk khai sinh", "trang/dang-ky-khai-sinh"),         # dk = đăng ký (data/search-words.yml)
    # issue 16: synonyms, question words, typos, pages about one thing before pages listing many
    ("cong chung ban sao", "trang/chung-thuc"),          # công chứng -> chứng thực (data/synonyms.yml)
    ("sổ hộ khẩu", "trang/thuong-tru"),                  # a retired term -> thường trú
    ("khai sinh có mất bao lâu không", "trang/dang-ky-khai-sinh"),  # question words never block a result
    ("dang ky ket hon o dau", "trang/ket-hon"),
    ("thuowng tru", "trang/thuong-tru"),                 # one letter too many (Telex "ow" for ơ)
    ("khia sinh", "trang/dang-ky-khai-sinh"),            # two letters swapped
    ("ket hom", "trang/ket-hon"),                        # a real word, the key beside the one meant
    ("hom nay", "trang/hom-nay"),                        # … which stays itself where it makes a phrase
    ("dang ky ket hon", "trang/ket-hon"),                # the listing holds it too, and ranks below
    ("danh muc thu tuc", "trang/danh-muc"),              # … unless its title is the whole query
])
def test_fixture_queries_find_their_page_first(box_at, query, expected):
    results = box_at().search(query)
    assert slug(first_url(results)) == expected, results


def test_missing_words_are_marked_and_question_words_never(box_at):
    box = box_at()
    box.search("đăng ký khai sinh cho bé ở đâu")
    missing = box.page.eval_on_selector_all(".md-search-result__terms", "items => items.map(i => i.textContent)")
    assert missing and all(m.startswith("Thiếu: ") for m in missing)
    assert "bé" in missing[0] and not any(word in m for m in missing for word in ("ở", "đâu", "cho"))


def test_short_words_are_not_corrected(box_at):
    found = {slug(r["url"]) for r in box_at().search("hom")}
    assert "trang/hom-nay" in found and "trang/ket-hon" not in found
    assert box_at().search("qxzvw") == []  # nothing one edit away either


def test_a_synonym_reaches_the_english_side(box_at):
    assert slug(first_url(box_at("en/").search("birth certificate"))) == "trang/dang-ky-khai-sinh"


def test_unmarked_query_finds_every_spelling(box_at):
    found = {slug(r["url"]) for r in box_at().search("tuc")}
    assert {"trang/phong-tuc", "trang/ban-tin"} <= found


def test_adjacent_syllables_rank_above_apart_and_every_syllable_above_some(box_at):
    order = [slug(r["url"]) for r in box_at().search("khai sinh")]
    assert order[0] == "trang/dang-ky-khai-sinh"
    assert order.index("trang/hoat-dong") < order.index("trang/trien-khai") < order.index("trang/khai-bao")


def test_snippets_show_the_original_words_highlighted(box_at):
    result = box_at().search("dang ky thuong tru")[0]
    assert {"Đăng", "ký", "thường", "trú"} <= set(result["marks"])
    assert "đăng ký thường trú cho công dân" in result["snippet"]
    assert "111/KH-UBND" in box_at().search("111/kh-ubnd")[0]["marks"]  # one mark for the whole number
    assert box_at().search("trẻ em 1")[0]["marks"] == ["trẻ", "em"]  # a lone "1" (of 1.001193) is not marked


def test_the_word_being_typed_also_finds_the_words_it_begins(box_at):
    typing = box_at().search("dang ky thuong tr")  # results follow each keystroke: "tr" may become "trú"
    assert slug(first_url(typing)) == "trang/thuong-tru" and "trú" in typing[0]["marks"]
    assert "sinh" in box_at().search("khai si")[0]["marks"]
    finished = box_at().search("dang ky thuong tr ")  # a space after it: the word is finished as typed
    assert all("trú" not in result["marks"] for result in finished)


def test_each_language_searches_its_own_pages(box_at):
    english = box_at("en/")
    results = english.search("birth registration")
    assert slug(first_url(results)) == "trang/dang-ky-khai-sinh" and "/en/" in first_url(results)
    assert results and all("/en/" in r["url"] for r in english.search("khai"))
    assert "trang/dang-ky-khai-sinh" not in {slug(r["url"]) for r in english.search("khai sinh")}
    vietnamese = box_at("trang/khai-bao/")
    assert all("/en/" not in r["url"] for r in vietnamese.search("khai"))
    assert vietnamese.search("birth") == []


@pytest.mark.parametrize("query", ["", " ", "!!!", "*", "~", ":", '"', "-", "/", "\\", "(", "x" * 500, "khai " * 100,
                                   "qxzvwk", "constructor", "__proto__ toString", "<b>khai</b>"])
def test_bad_or_empty_queries_give_no_error(box_at, query):
    box = box_at()
    results = box.search(query)
    if not re.search(r"\w", query) or query == "qxzvwk":
        assert results == []
    assert box.page.inner_text(".md-search-result__meta").strip()


def test_share_link_and_q_parameter_open_the_results(box_at):
    box = box_at("trang/khai-bao/", fresh=True)
    box.search("khai sinh")
    shared = box.page.get_attribute(f"[{BOX['share']}]", "data-clipboard-text")
    assert "q=khai+sinh" in shared
    box.page.goto(shared)
    box.wait()
    assert box.page.is_checked("#__search") and box.page.input_value(".md-search__input") == "khai sinh"
    assert slug(first_url(box.results())) == "trang/dang-ky-khai-sinh"


def test_keyboard_opens_moves_follows_and_closes(box_at):
    box = box_at("trang/khai-bao/", fresh=True)
    box.page.keyboard.press("/")
    assert box.page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert box.page.is_checked("#__search")
    box.page.keyboard.type("hoa giai")
    box.wait()
    box.page.keyboard.press("ArrowDown")
    assert box.page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    box.page.keyboard.press("ArrowUp")
    box.page.keyboard.press("Enter")
    box.page.wait_for_url(re.compile(r"hoa-giai"))
    # the words marked where the reader sees them (the print-only heading is marked too, unseen)
    assert box.page.eval_on_selector_all("article mark[data-md-highlight]",
                                         "marks => marks.filter(m => m.offsetParent).map(m => m.textContent)")[:2] == ["Hoà", "giải"]
    box.page.keyboard.press("s")
    assert box.page.is_checked("#__search")
    box.page.keyboard.press("Escape")
    assert not box.page.is_checked("#__search")
    assert box.page.evaluate("!document.activeElement.classList.contains('md-search__input')")


def test_index_is_loaded_by_script_tags_only(box_at):
    box = box_at(fresh=True)
    box.search("khai sinh")
    index_requests = [(kind, url) for kind, url in box.requests if "/search/" in url]
    assert index_requests and all(kind == "script" for kind, _ in index_requests)
    assert not [url for kind, url in box.requests if kind in ("fetch", "xhr") and not url.endswith("sitemap.xml")]


def test_header_button_opens_the_box_ready_to_type(box_at):
    box = box_at("trang/ban-tin/", fresh=True)
    box.page.set_viewport_size({"width": 400, "height": 800})  # a phone: only the magnifier shows
    box.page.click("label.md-header__button[for=__search]")
    assert box.page.evaluate("document.activeElement.classList.contains('md-search__input')")
    box.page.keyboard.type("phong tuc")
    box.wait()
    assert box.page.is_visible(".md-search-result__item")


def test_more_results_load_as_the_list_scrolls(contexts, real_site_url):
    box = Box(contexts(), real_site_url)
    results = box.search("thu tuc")
    assert len(results) == 10 and int(re.sub(r"\D", "", box.page.inner_text(".md-search-result__meta"))) > 10
    box.page.eval_on_selector(".md-search__scrollwrap", "wrap => { wrap.scrollTop = wrap.scrollHeight; }")
    box.page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 10")
    assert box.errors == []
    box.close()


def test_an_index_of_another_format_is_refused(contexts, real_site_url):
    """A page and an index of two builds (a cached page, a half-copied folder): search.js reads no index whose
    format is not the contract's, and says so as no results (and in the console), never ranks with a misread index."""
    box = Box(contexts(), real_site_url + "?no-cache")
    names = contract.names()["searchIndex"]

    def another_format(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(f'"format":{names["format"]},', f'"format":{names["format"] + 1},', 1))

    box.page.route(f"**/search/{names['meta']}.js*", another_format)
    results = box.search("khai sinh")
    assert results == [] and box.page.get_attribute(".md-search", BOX["state"]) == "error"
    assert any("format" in error for error in box.errors)
    box.close()


# --- the query files on the real site, online and from file:// ---------------------------------------------

def load_queries() -> list[dict]:
    return yaml.safe_load(search.QUERIES_FILE.read_text(encoding="utf-8"))["queries"]


@functools.cache  # a page is judged for many queries; the built files do not change during the run
def page_parts(path: Path) -> tuple[str, str]:
    """The <h1> text and the content text of a built page, NFC, lower case (as the query files compare)."""
    source = path.read_text(encoding="utf-8")
    start = source.index('<article class="md-content__inner')
    article = source[start:source.rindex("</article>")]
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S)
    title = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))) if heading else ""
    return unicodedata.normalize("NFC", title).lower(), search.page_text(article).lower()


def judge(expect: dict, results: list[dict], site: Path) -> int | None:
    """Rank (1-based) of the first result meeting the expectation, 0 for a `none` query with no result."""
    if expect.get("none"):
        return 0 if not results else None
    for rank, result in enumerate(results[:5], start=1):
        url = urlparse(result["url"])
        path = Path(unquote(url.path)) if url.scheme == "file" else site / unquote(url.path).lstrip("/")
        if path.is_dir() or not path.suffix:
            path = path / "index.html"
        title, text = page_parts(path)
        if "title" in expect and any(unicodedata.normalize("NFC", t).lower() in title for t in expect["title"]):
            return rank
        if "text" in expect and all(unicodedata.normalize("NFC", t).lower() in text for t in expect["text"]):
            return rank
    return None


def test_every_synonym_leads_to_words_the_pages_have(real_site):
    """data/synonyms.yml's `means` are what the pages say: each phrase stands, word by word, in some page's title
    or text of its language (a phrase no page has would find nothing)."""
    words, problems = querywords.load(REPO / "docs")
    assert problems == [] and words["vi"].synonyms and words["en"].synonyms
    for lang, folder in (("vi", real_site.site / "search"), ("en", real_site.site / "en/search")):
        data = [json.loads(text[text.index(",") + 1:-3]) for text in (p.read_text(encoding="utf-8") for p in folder.glob("[dm]*.js"))]
        texts = [text for chunk in data if isinstance(chunk, list) for text in chunk]
        texts += [row[1] for chunk in data if isinstance(chunk, dict) for row in chunk["pages"]]
        held = " " + " ".join(map(search.folded_phrase, texts)) + " "
        absent = [m for synonym in words[lang].synonyms for m in synonym.means if f" {search.folded_phrase(m)} " not in held]
        assert absent == [], (lang, absent)


@pytest.mark.parametrize("mode", ["online", "offline"])
def test_query_files_find_every_page_first(mode, browser, real_site, real_bundle, capsys):
    """Every question of the query files finds its page first: on the site served, and in the offline bundle from disk.
    Each language in a context of its own, as a reader arriving at it (nothing of the module's other pages shared)."""
    queries = load_queries()
    site = real_site.site if mode == "online" else real_bundle.folder
    with serve(site) as url:
        found = {}
        for lang in sorted({query.get("lang", "vi") for query in queries}):
            start = url + ("en/" if lang == "en" else "") if mode == "online" else \
                (site / ("en/index.html" if lang == "en" else "index.html")).as_uri()
            context = browser.new_context(offline=mode == "offline")
            box = Box(context, start)
            asked = [query for query in queries if query.get("lang", "vi") == lang]
            found |= {id(query): results for query, results in zip(asked, box.search_all([query["q"] for query in asked]))}
            assert box.errors == []
            context.close()
        ranks = [judge(query["expect"], found[id(query)], site) for query in queries]
    at1 = sum(rank in (0, 1) for rank in ranks)
    at5 = sum(rank is not None for rank in ranks)
    with capsys.disabled():  # shown in every run, not only with -s
        print(f"\nsearch {mode}: success@1 {at1}/{len(ranks)}, success@5 {at5}/{len(ranks)}")
    missed = [(q["q"], rank) for q, rank in zip(queries, ranks) if rank not in (0, 1)]
    assert missed == []
