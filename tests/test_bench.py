"""The benchmark machinery at a tiny size: `python -m scripts.cli bench` writes every figure it promises.

No timing thresholds here (speed goals live in `make bench` only, which is not part of `make test`): the checks
are that each key is there with a plausible value, and that both builds are fed the same pages. The content is
a tiny site of its own (the sections the navigation names), so the run measures the mechanism, not the content.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import write_docs
from scripts.tools import bench

REPO = Path(__file__).resolve().parent.parent
PAGES = 20
QUERIES = 4
SECTIONS = {  # what mkdocs.yml's nav names, each section with its listing
    "lien-he.md": "---\ntitle: Liên hệ\n---\n\n# Liên hệ\n\nVăn phòng phường.\n",
    "tin-tuc/index.md": "---\ntitle: Tin tức\n---\n\n# Tin tức\n\n<!-- cchc:news -->\n",
    "ke-hoach/index.md": "---\ntitle: Kế hoạch\n---\n\n# Kế hoạch\n\n<!-- cchc:plans -->\n",
    "thu-tuc/index.md": "---\ntitle: Thủ tục hành chính\n---\n\n# Thủ tục hành chính\n\n<!-- cchc:procedures -->\n",
    "tin-tuc/tap-huan.md": ('---\ntitle: Phường tập huấn dịch vụ công trực tuyến\ndate: "2024-05-10"\nauthor: Văn phòng phường\n'
                           "category: Thông tin, tuyên truyền\nsummary: Cán bộ phường học cách hướng dẫn người dân nộp hồ sơ trực tuyến.\n"
                           "tags: [dịch vụ công]\n---\n\nCán bộ một cửa được tập huấn.\n"),  # the news archive, category and tag pages
    "ke-hoach/5-kh-ubnd-2024.md": ('---\nnumber: 5/KH-UBND\ntitle: Tuyên truyền cải cách hành chính năm 2024\nissuer: UBND phường Thanh Xuân\n'
                                  'date: "2024-01-05"\nyear: 2024\npurpose: Người dân biết các thủ tục làm được trực tuyến.\nstatus: active\n'
                                  "---\n\nTóm tắt kế hoạch.\n"),  # the register by issuer
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    out, docs = tmp / "bench.json", write_docs(tmp, SECTIONS)
    # make serve timed on one save; Lighthouse left to `make bench` (half a minute a page)
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "bench", "--sizes", str(PAGES), "--docs", str(docs), "--queries", str(QUERIES),
                           "--out", str(out), "--serve-edits", "1", "--no-lighthouse", "--once"],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


def pinned(package: str) -> str:
    lines = (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return next(line.split("==")[1] for line in lines if line.lower().startswith(package.lower() + "=="))


def test_report_names_the_date_and_the_machine(report):
    data, _ = report
    assert dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(data["date"]) < dt.timedelta(hours=1)
    machine = data["machine"]
    assert machine["cores"] == os.cpu_count() and machine["memory_mb"] > 256 and machine["python"] == platform.python_version()
    for package in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n"):
        assert machine["packages"][package] == pinned(package)
    assert len(machine["load_average_at_start"]) == 3


def test_both_builds_have_every_figure_and_the_same_pages(report):
    data, _ = report
    (size,) = data["sizes"]
    assert size["pages"] == PAGES and size["procedures"] == PAGES // 2
    for name in ("ours", "plain"):
        build = size[name]
        assert set(build) == {"seconds", "cpu_seconds", "peak_rss_mb", "output_bytes", "pages", "per_page_ms",
                              "per_added_page_ms", "per_added_page_cpu_ms", "warnings"}
        assert 0 < build["cpu_seconds"] and build["seconds"] > 0 and 20 < build["peak_rss_mb"] < 8000 and build["output_bytes"] > 100_000
        assert build["pages"] >= PAGES
        assert build["per_page_ms"] == pytest.approx(1000 * build["seconds"] / build["pages"], rel=0.01)
        base = data["base"][name]
        assert base["pages"] < build["pages"] and build["per_added_page_ms"] == pytest.approx(
            1000 * (build["seconds"] - base["seconds"]) / (build["pages"] - base["pages"]), rel=0.01, abs=0.01)
    assert size["ours"]["pages"] == size["plain"]["pages"]
    assert size["ratio"] == pytest.approx(size["ours"]["seconds"] / size["plain"]["seconds"], rel=0.01)
    assert size["ratio_cpu"] == pytest.approx(size["ours"]["cpu_seconds"] / size["plain"]["cpu_seconds"], rel=0.01)
    assert set(data["verdict"]) == {"per_page_spread", "per_added_page_spread", "per_added_page_cpu_spread", "per_page_flat",
                                    "per_page_flat_cpu", "max_ratio", "ratio_met", "max_ratio_cpu", "ratio_met_cpu",
                                    "plain_per_added_page_spread", "per_added_page_over_plain_spread"}
    assert data["bench_seconds"] >= max(size["ours"]["seconds"], size["plain"]["seconds"]) and data["complete"] is True


def measured_or_said_why(figure: dict) -> bool:
    """A figure is either there or marked "not measured" with a reason; never silently missing."""
    return figure.get("status") != "not measured" or bool(figure.get("reason"))


def test_page_weight_search_and_offline_figures_are_there_or_said_why_not(report):
    data, _ = report
    (size,) = data["sizes"]
    for key in ("page_weight", "search"):
        assert measured_or_said_why(size[key]), key
    assert measured_or_said_why(data["offline"])
    if size["page_weight"].get("status") != "not measured":
        pages = size["page_weight"]["pages"]
        assert set(pages) == {"home", "procedure", "procedure index"}  # --once weighs the page types the goals name
        assert all(p["total"] == sum(p["bytes"].values()) > 1000 for p in pages.values())
    if size["search"].get("status") != "not measured":
        search = size["search"]
        assert search["queries"] == len(search["latencies_ms"]) == QUERIES
        assert search["index_ready_ms"] >= 0 and search["data_before_first_result_gzip"] > 0
    assert "search_from_file" not in size  # --once times search served, not from file:// as well
    if data["offline"].get("status") != "not measured":
        assert data["offline"]["zip_bytes"] > 100_000 and data["offline"]["files"] > PAGES


def test_table_shows_the_size_and_the_goals(report):
    data, printed = report
    assert f"| {PAGES} (" in printed and "ours/plain" in printed and "goal ≤ 15%" in printed
    assert printed.startswith(bench.table(data).splitlines()[0])


def test_plain_site_holds_the_markdown_our_build_renders_without_our_machinery(tmp_path):
    ours = bench.prepare_ours(tmp_path / "ours", 3, seed=1)
    plain = yaml.safe_load(bench.prepare_plain(tmp_path / "plain", ours).read_text(encoding="utf-8"))
    assert "cchc" not in plain["plugins"] and "custom_dir" not in plain["theme"] and "extra_javascript" not in plain
    assert [p if isinstance(p, str) else next(iter(p)) for p in plain["plugins"]] == ["search", "i18n"]
    assert plain["nav"] == yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    procedures = sorted(Path(plain["docs_dir"], "thu-tuc").glob("*-[0-9]-[0-9]*.md"))
    assert len(procedures) == 6
    vietnamese = next(p for p in procedures if not p.name.endswith(".en.md")).read_text(encoding="utf-8")
    english = next(p for p in procedures if p.name.endswith(".en.md")).read_text(encoding="utf-8")
    assert "## Trình tự thực hiện" in vietnamese and "## Steps" in english
    assert vietnamese.startswith("---\ntitle: ") and "code:" not in vietnamese


def test_make_serve_is_timed_from_a_save_to_the_served_page_and_judged_against_its_goal(report):
    data, printed = report
    serve = data["serve"]
    assert serve["command"] == ["serve", "--dirty"] and serve["first_build_seconds"] > 0 and (serve["title_edit_to_visible_seconds"] or 0) > 0
    assert len(serve["edit_to_visible_seconds"]) == 1 and serve["median_seconds"] == serve["edit_to_visible_seconds"][0] > 0
    assert serve["builds_after_settling"] == 0  # the generated files, written only when they change, start no build
    (goal,) = data["speed_goals"]
    assert goal == {"goal": "make serve shows an edited article within 2 s (the site's own content)", "figure": serve["median_seconds"],
                    "unit": "s", "met": serve["median_seconds"] <= 2, "reason": None}
    assert "| make serve shows an edited article within 2 s (the site's own content) |" in printed and "lighthouse" not in data
    assert data["sizes"][0]["filter_rows_gzip"] > 100 and "procedure filter's rows" in printed


def test_the_speed_goals_are_judged_on_the_sizes_they_name():
    report = {"sizes": [{"pages": 3000, "serve": {"median_seconds": 4.2}},
                        {"pages": 6000, "ratio": 1.04, "page_weight": {"pages": {"procedure index": {"total": 101 * 1024}}}}],
              "serve": bench.not_measured("mkdocs serve did not answer"),
              "lighthouse": {"pages": {"home": {"score": 96}, "procedure": {"score": 94}}}}
    goals = {g["goal"]: (g["figure"], g["met"]) for g in bench.speed_goals(report)}
    assert goals == {"make serve shows an edited article within 2 s (the site's own content)": (None, False),
                     "make serve shows an edited article within 5 s (3,000 pages)": (4.2, True),
                     "full build at 6,000 pages ≤ 0.6 × plain Material's wall time": (1.04, False),
                     "procedure index, first visit ≤ 100 KB gzip at 6,000 pages": (101 * 1024, False),
                     "Lighthouse mobile performance ≥ 95 (home)": (96, True), "Lighthouse mobile performance ≥ 95 (procedure)": (94, False)}
