"""Reform results as open data and pictures (issue 18): the data files checked like content, with file, line and
column; the results page built for real in both languages, its charts (SVG files with one mark per figure), their
tables and CSV files; the links from the home page and the plans; served and from file://; axe in Chromium."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, build, serve, site_config, write_docs
from scripts.pages import results
from scripts.build import site as site_check
from scripts.tools.links import broken_links
from scripts.tools.weight import until_quiet, watch_outside
from test_accessibility import contrast

WHITE = "#ffffff"  # the ground of every chart
NEXT_YEAR = dt.date.today().year + 1
HEADER = "index,year,era,province,commune,score,scale,rank,ranked,source_name,source_url,published\n"
PLAN = """---
number: 5/KH-UBND
title: Cải cách hành chính năm 2021 của phường
issuer: UBND phường Thử Nghiệm
date: "2021-01-10"
year: 2021
purpose: Nâng cao chất lượng phục vụ người dân, tổ chức của phường.
status: completed
targets:
  - text: Thủ tục được công khai đầy đủ
    value: 100
    unit: "%"
  - text: Hồ sơ giải quyết đúng hạn
    value: 95
    unit: "%"
  - text: Nâng cao mức độ hài lòng của người dân
---

Tóm tắt kế hoạch.
"""
PLAN_EN = """---
title: The ward's administrative reform in 2021
purpose: To serve residents and organisations better.
targets:
  - text: Procedures published in full
  - text: Applications settled on time
  - text: Raise residents' satisfaction
---

Summary.
"""


def procedure(code: str, name: str, online: str | None) -> str:
    extra = f"online:\n  level: {online}\n" if online else ""
    return f'---\ncode: "{code}"\nname: {name}\nlevel: commune\nfield: Hộ tịch\nagency: Ủy ban nhân dân cấp xã\n{extra}---\n'


DOCS = {
    "ke-hoach/5-kh-ubnd-2021.md": PLAN,
    "ke-hoach/5-kh-ubnd-2021.en.md": PLAN_EN,
    "thu-tuc/dang-ky-khai-sinh.md": procedure("1.001193", "Đăng ký khai sinh", "full"),
    "thu-tuc/dang-ky-khai-tu.md": procedure("1.000656", "Đăng ký khai tử", "full"),
    "thu-tuc/dang-ky-ket-hon.md": procedure("1.000894", "Đăng ký kết hôn", "partial"),
    "thu-tuc/dang-ky-giam-ho.md": procedure("1.001022", "Đăng ký giám hộ", None),
}
# Figures of a test fixture, not of any real place: the site's own figures are in data/, each with its source.
INDEX = HEADER + (
    "PAR INDEX,2022,63,Tỉnh Thử,,84.5,100,20,63,Nguồn thử nghiệm,https://example.gov.vn/par-2022,2023-04-19\n"
    "PAR INDEX,2023,63,Tỉnh Thử,,88.25,100,12,63,Nguồn thử nghiệm,https://example.gov.vn/par-2023,2024-04-17\n"
    "PAR INDEX,2025,34,Tỉnh Thử,,,,7,34,Nguồn thử nghiệm,https://example.gov.vn/par-2025,2026-04-01\n"
    "PAPI,2023,63,Tỉnh Thử,,43.5,80,,,Nguồn thử nghiệm,https://example.gov.vn/papi-2023,2024-04-02\n")
PLAN_RESULTS = ("plan,target,value,unit,as_of,source_name,source_url,published\n"
                "5-kh-ubnd-2021,1,100,%,2021-12-20,Báo cáo thử nghiệm,https://example.gov.vn/bao-cao,2021-12-25\n")


def write_site(root: Path, docs: dict[str, str], data: dict[str, str]) -> Path:
    """docs/ and data/ side by side, as in the repository; returns docs/."""
    folder = write_docs(root, docs)
    (root / "data").mkdir(exist_ok=True)
    for name, text in data.items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    return folder


def data_problems(tmp_path: Path, data: dict[str, str], docs: dict[str, str] = DOCS) -> list[str]:
    """What `make check` says about the data files (it runs the same check as the build)."""
    site = site_check.check(write_site(tmp_path, docs, data), [], "docs")
    return [str(p) for p in site.problems if p.path.startswith("data/")]


# --- checking the data ---------------------------------------------------------------------------------

def test_every_wrong_figure_is_one_error_naming_file_line_and_column(tmp_path):
    rows = [
        "PAR INDEX,2023,63,Hà Nội,,91.43,100,3,63,Nguồn,https://example.gov.vn/a,2024-04-17",  # 2: right
        "PAR INDEX,2021,63,Hà Nội,,101,100,3,63,Nguồn,https://example.gov.vn/a,2022-04-17",  # 3: above 100
        "PAPI,2023,63,Hà Nội,,85,80,,,Nguồn,https://example.gov.vn/a,2024-04-02",  # 4: above its scale
        "SIPAS,2023,63,Hà Nội,,80,100,70,63,Nguồn,https://example.gov.vn/a,2024-04-17",  # 5: rank above the number ranked
        f"SIPAS,{NEXT_YEAR},34,Hà Nội,,80,100,,,Nguồn,https://example.gov.vn/a,{NEXT_YEAR}-04-17",  # 6: year and date in the future
        "SIPAS,2022,63,Hà Nội,,80,100,,,Nguồn,,2023-04-17",  # 7: no source URL
        "SIPAS,2021,63,Hà Nội,,80,100,,,,https://example.gov.vn/a,2022-04-17",  # 8: no source name
        "PAPI,2022,63,Hà Nội,,4x.5,80,,,Nguồn,https://example.gov.vn/a,2023-04-02",  # 9: not a number
        "PAR INDEX,2023,63,Hà Nội,,91.43,100,3,63,Nguồn,https://example.gov.vn/b,2024-04-17",  # 10: repeats line 2
        "PAR INDEX,2020,34,Hà Nội,,,,3,63,Nguồn,https://example.gov.vn/a,2021-04-17",  # 11: wrong era
        "PAR INDEX,2019,63,Hà Nội,,,,3,,Nguồn,https://example.gov.vn/a,2020-04-17",  # 12: rank without the number ranked
        "PAR INDEX,2018,63,Hà Nội,,,,3,63,Nguồn,https://example.gov.vn/a,2017-04-17",  # 13: published before the year
        "PAR INDEX,2017,63,Hà Nội,,191,100,73,63,Nguồn,https://example.gov.vn/a,2018-04-17",  # 14: two wrong cells, both said
    ]
    found = data_problems(tmp_path, {"index-results.csv": HEADER + "\n".join(rows) + "\n"})
    where = [re.match(r"data/index-results\.csv:(\d+): LỖI \[(\w+)\]", p).groups() for p in found]
    assert sorted(where, key=lambda w: (int(w[0]), w[1])) == [
        ("3", "score"), ("4", "score"), ("5", "rank"), ("6", "published"), ("6", "year"), ("7", "source_url"), ("8", "source_name"),
        ("9", "score"), ("10", "index"), ("11", "era"), ("12", "ranked"), ("13", "published"), ("14", "rank"), ("14", "score")], "\n".join(found)
    said = "\n".join(found)
    assert "data/index-results.csv:3: LỖI [score]: 101 lớn hơn mức cao nhất cho phép (100)." in said
    assert "data/index-results.csv:4: LỖI [score]: điểm 85 lớn hơn thang điểm 80. (score above the scale)" in said
    assert "data/index-results.csv:5: LỖI [rank]: hạng 70 lớn hơn số đơn vị được xếp hạng (63). (rank above the number ranked)" in said
    assert re.search(rf":6: LỖI \[year\]: năm đánh giá {NEXT_YEAR} chưa tới .*\(year in the future\)", said)
    assert "data/index-results.csv:7: LỖI [source_url]: ô «source_url» (Địa chỉ nguồn) để trống; cột này bắt buộc." in said
    assert "«4x.5» không phải một số" in said
    assert "data/index-results.csv:10: LỖI [index]: trùng dòng 2" in said
    assert "năm đánh giá 2020 thuộc thời kỳ 63 tỉnh, không phải 34" in said
    # the editors' guide quotes the check's own words
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## 10.")[1].split("```text\n")[1].split("```")[0].splitlines()
    assert guide and all(line in found for line in guide), guide


@pytest.mark.parametrize("table", results.TABLES)
def test_the_repository_data_is_right_by_its_json_schema(table):
    schema = results.table_schema(table)
    jsonschema.Draft202012Validator.check_schema(schema)
    rows, problems = results.read_table(REPO / "data" / f"{table}.csv", f"data/{table}.csv", table)
    assert rows and problems == []
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for row in rows:  # the check's own reading agrees with a standard validator of the same schema
        assert not list(validator.iter_errors(row.values)), row


def test_a_wrong_header_names_the_column_and_the_likely_one(tmp_path):
    text = HEADER.replace("index,", "indx,") + "PAR INDEX,2023,63,Hà Nội,,91.43,100,3,63,Nguồn,https://example.gov.vn/a,2024-04-17\n"
    found = data_problems(tmp_path, {"index-results.csv": text})
    assert found[0].startswith("data/index-results.csv:1: LỖI [indx]: cột «indx» không có trong mẫu") and "Có phải bạn định viết «index»?" in found[0]
    assert any(p.startswith("data/index-results.csv:1: LỖI [index]: thiếu cột «index»") for p in found)


def test_a_plan_result_must_name_a_plan_a_target_and_its_unit(tmp_path):
    rows = ["5-kh-ubnd-2012,1,100,%,2021-12-20,Báo cáo,,2021-12-25",  # 2: no such plan
            "5-kh-ubnd-2021,7,100,%,2021-12-20,Báo cáo,,2021-12-25",  # 3: no such target
            "5-kh-ubnd-2021,2,90,ngày,2021-12-20,Báo cáo,,2021-12-25",  # 4: another unit
            "5-kh-ubnd-2021,1,120,%,2021-12-20,Báo cáo,,2021-12-25",  # 5: more than 100 %
            "5-kh-ubnd-2021,1,98,%,2021-12-20,,,2021-12-25",  # 6: no source
            "5-kh-ubnd-2021,2,97,%,2021-12-20,Báo cáo,,2021-12-25"]  # 7: right
    found = data_problems(tmp_path, {"plan-results.csv": "plan,target,value,unit,as_of,source_name,source_url,published\n" + "\n".join(rows) + "\n"})
    assert [re.match(r"data/plan-results\.csv:(\d+): LỖI \[(\w+)\]", p).groups() for p in found] == [
        ("2", "plan"), ("3", "target"), ("4", "unit"), ("5", "value"), ("6", "source_name")], "\n".join(found)
    assert "không có kế hoạch docs/ke-hoach/5-kh-ubnd-2012.md. Có phải «5-kh-ubnd-2021»?" in found[0]
    assert "kế hoạch «5-kh-ubnd-2021» có 3 chỉ tiêu, không có chỉ tiêu thứ 7." in found[1]


def test_the_build_stops_on_a_wrong_figure_and_says_where(tmp_path):
    docs = write_site(tmp_path, DOCS, {"index-results.csv": INDEX.replace(",12,63,", ",72,63,")})
    done = build(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}]))
    assert done.returncode != 0
    assert "data/index-results.csv:3: LỖI [rank]: hạng 72 lớn hơn số đơn vị được xếp hạng (63)." in done.log


# --- the page and its charts, on a small site ---------------------------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("results")
    docs = write_site(tmp, DOCS, {"index-results.csv": INDEX, "plan-results.csv": PLAN_RESULTS})
    done = build(site_config(tmp, docs, nav=[{"Trang chủ": "index.md"}]))
    assert done.returncode == 0, done.log
    return done


def marks(svg: Path) -> dict[str, int]:
    """How many marks of each kind a chart's file draws (bars, rank dots, targets, results)."""
    return marks_of(ET.parse(svg).getroot())


def marks_of(root: ET.Element) -> dict[str, int]:
    counts: dict[str, int] = {}
    for element in root.iter():
        if "data-mark" in element.attrib:
            counts[element.attrib["data-mark"]] = counts.get(element.attrib["data-mark"], 0) + 1
    return counts


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_each_chart_draws_one_mark_per_figure(small):
    folder = small.site / "ket-qua"
    assert marks(folder / "par-index-tinh-thu-diem.svg") == {"bar": 2}  # the 2025 result has a rank, no score
    assert marks(folder / "par-index-tinh-thu-hang.svg") == {"rank": 3}
    assert marks(folder / "papi-tinh-thu-diem.svg") == {"bar": 1}
    assert not (folder / "papi-tinh-thu-hang.svg").exists()  # no rank given: no rank chart
    assert marks(folder / "truc-tuyen.svg") == {"bar": 3}  # full, partial, not recorded
    assert marks(folder / "chi-tieu.svg") == {"target": 2, "result": 1}  # two targets with a figure, one reported
    for lang in ("", "en/"):
        assert marks(small.site / lang / "ket-qua/par-index-tinh-thu-hang.svg") == {"rank": 3}


def test_the_rank_chart_keeps_the_two_eras_apart(small):
    svg = (small.site / "ket-qua/par-index-tinh-thu-hang.svg").read_text(encoding="utf-8")
    assert "hạng 12/63" in svg and "hạng 7/34" in svg
    dots = [float(x) for x in re.findall(r'data-mark="rank" cx="([\d.]+)"', svg)]
    # each track is scaled to its own number of units: rank 7 of 34 is not drawn where rank 7 of 63 would be
    assert dots == [round(results.LEFT + (rank - 1) / (ranked - 1) * results.PLOT, 1) for rank, ranked in ((20, 63), (12, 63), (7, 34))]


def test_the_csv_downloads_hold_exactly_the_figures_drawn(small):
    data = list(csv.DictReader(io.StringIO(INDEX)))
    scores = read_csv(small.site / "ket-qua/par-index-tinh-thu-diem.csv")
    assert scores[0] == ["Chỉ số", "Năm đánh giá", "Thời kỳ", "Địa phương", "Điểm", "Thang điểm", "Nguồn", "Địa chỉ nguồn", "Ngày công bố"]
    assert [(r[1], r[4], r[5], r[7]) for r in scores[1:]] == [(d["year"], d["score"], d["scale"], d["source_url"])
                                                             for d in data if d["index"] == "PAR INDEX" and d["score"]]
    ranks = read_csv(small.site / "en/ket-qua/par-index-tinh-thu-hang.csv")
    assert ranks[0][:6] == ["Index", "Year assessed", "Era", "Unit", "Rank", "Units ranked"]
    assert [(r[1], r[2], r[4], r[5]) for r in ranks[1:]] == [(d["year"], d["era"], d["rank"], d["ranked"]) for d in data if d["rank"]]
    online = read_csv(small.site / "ket-qua/truc-tuyen.csv")
    assert online[1:] == [["Toàn trình", "2", "50"], ["Một phần", "1", "25"], ["Chưa cập nhật", "1", "25"]]
    targets = read_csv(small.site / "ket-qua/chi-tieu.csv")
    assert [(r[0], r[1], r[3], r[5]) for r in targets[1:]] == [("5/KH-UBND", "1", "100", "100"), ("5/KH-UBND", "2", "95", "")]


def test_marks_stand_out_from_the_ground_and_say_their_value_in_words(small):
    for svg in sorted((small.site / "ket-qua").glob("*.svg")):
        root = ET.parse(svg).getroot()
        edges = [e.attrib["stroke"] if "stroke" in e.attrib else e.attrib["fill"] for e in root.iter() if "data-mark" in e.attrib]
        assert edges and all(contrast(colour, WHITE) >= 3 for colour in edges), (svg.name, edges)
        texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
        marked = sum(1 for e in root.iter() if e.attrib.get("data-mark") in ("bar", "rank", "target"))
        assert len([t for t in texts if re.search(r"\d", t or "")]) >= marked, f"{svg.name}: a mark without its value in words"
        assert root.find("{http://www.w3.org/2000/svg}title").text and root.find("{http://www.w3.org/2000/svg}desc").text
    hatch = (small.site / "ket-qua/truc-tuyen.svg").read_text(encoding="utf-8")
    assert 'fill="url(#truc-tuyen-hatch)"' in hatch and 'stroke-dasharray="4 3"' in hatch  # told apart by pattern, not colour alone


@pytest.mark.parametrize("lang, words", [("", ("Kết quả cải cách hành chính", "Mức độ trực tuyến của các thủ tục")),
                                         ("en/", ("Administrative reform results", "Online service of the procedures"))])
def test_every_chart_has_a_summary_a_table_and_its_csv(small, lang, words):
    page = small.html(lang + "ket-qua")
    assert all(w in page for w in words)
    figures = re.findall(r'<figure class="cchc-chart" id="([a-z0-9-]+)">\s*(<svg .*?</svg>)\s*'
                         r'<figcaption>([^<]+)</figcaption>\s*</figure>\s*<table>(.*?)</table>\s*<p><a href="([^"]+)">[^<]+</a> · <a href="([^"]+)">', page, re.S)
    assert [f[0] for f in figures] == ["par-index-tinh-thu-diem", "par-index-tinh-thu-hang", "papi-tinh-thu-diem", "truc-tuyen", "chi-tieu"]
    for slug, svg, summary, table, href, src in figures:
        assert src == f"{slug}.svg" and href == f"{slug}.csv"
        inline = ET.fromstring(svg)  # drawn in the page, the same picture as its file
        assert marks_of(inline) == marks(small.site / lang / "ket-qua" / src)
        assert inline.find("{http://www.w3.org/2000/svg}title").text and inline.attrib["aria-labelledby"] == f"{slug}-title {slug}-desc"
        rows = table.count("<tr>") - 1
        assert rows == len(read_csv(small.site / lang / "ket-qua" / href)) - 1 == sum(marks_of(inline).values()) - \
            (1 if slug == "chi-tieu" else 0)  # the target chart: one row per target, a result bar on one of them
        assert len(summary) > 20
    assert 'id="plan-targets"' in page


def test_plans_and_home_link_to_the_results(small):
    for lang in ("", "en/"):
        plan = small.html(lang + "ke-hoach/5-kh-ubnd-2021")
        assert 'href="../../ket-qua/#plan-targets"' in plan
    assert "không ghi lại những gì đã thay đổi" in small.html("ket-qua")  # no import record: said, not guessed


# --- the repository's own figures, served and from file:// -------------------------------------------

@pytest.fixture(scope="module")
def real(real_site, real_bundle):
    """The repository's own site (data/ beside docs/) served, and its offline bundle unzipped."""
    return real_site, real_bundle.folder


def test_every_sample_figure_is_shown_with_its_source(real):
    served, _ = real
    page = served.html("ket-qua")
    for row in csv.DictReader(io.StringIO((REPO / "data/index-results.csv").read_text(encoding="utf-8"))):
        assert row["source_url"].startswith("https://") and f'href="{row["source_url"]}"' in page, row
        shown = [v.replace(".", ",") for v in (row["score"], row["rank"]) if v]
        assert all(v in page for v in shown), row
    assert "Trang chưa có số liệu của: SIPAS." in page  # not found in a published source yet: left out, and said so
    assert 'href="ket-qua/"' in served.html("") and 'href="ket-qua/"' in served.html("en")


def test_the_results_pages_have_no_broken_link_served_or_offline(real):
    served, offline_dir = real
    for site, is_offline in ((served.site, False), (offline_dir, True)):
        broken = [b for b in broken_links(site, offline=is_offline)
                  if b.page.split("/")[0] in ("ket-qua", "ket-qua.html", "ke-hoach", "index.html") or b.page.startswith(("en/ket-qua", "en/index"))]
        assert not broken, broken
    for name in ("ket-qua.html", "en/ket-qua.html"):
        assert (offline_dir / name).exists()
        for href in re.findall(r'(?:href|src)="(ket-qua/[^"]+\.(?:csv|svg))"', (offline_dir / name).read_text(encoding="utf-8")):
            assert (offline_dir / name).parent.joinpath(href).is_file(), href


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_results_page_draws_its_charts_and_asks_no_other_host(real, browser, lang):
    """axe runs on this page in both languages with every other page type (test_accessibility, "reform results")."""
    served, _ = real
    with serve(served.site) as base:
        context = browser.new_context()
        outside = watch_outside(context, base)
        page = context.new_page()
        quiet = until_quiet(page)
        page.goto(base + lang + "ket-qua/")
        quiet()
        loaded = page.evaluate("() => [...document.querySelectorAll('.cchc-chart svg')].map(s => s.getBoundingClientRect().width > 200)")
        context.close()
    assert loaded and all(loaded), loaded
    assert not outside, outside


def test_the_charts_show_from_file_and_in_print(real, browser):
    _, offline_dir = real
    context = browser.new_context()
    requested = watch_outside(context, lambda url: url.startswith(("file://", "data:")))
    page = context.new_page()
    page.goto((offline_dir / "ket-qua.html").as_uri(), wait_until="load")
    page.emulate_media(media="print")
    shown = page.evaluate("() => [...document.querySelectorAll('.cchc-chart svg')].map(s => s.getBoundingClientRect().width > 200 && s.querySelectorAll('[data-mark]').length > 0)")
    context.close()
    assert shown and all(shown) and len(shown) == 5, shown
    assert not requested, requested
