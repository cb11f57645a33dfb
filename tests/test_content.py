"""Bad input: every problem of every file in one run, naming file, line and field, and no site built."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import REPO, build, run_cli, site_config, write_docs

ARTICLE = """---
title: Phường triển khai kế hoạch tuyên truyền năm 2021
date: "2021-03-21"
author: Văn phòng UBND phường
category: Thông tin, tuyên truyền
summary: Phường ban hành kế hoạch tuyên truyền về kiểm soát thủ tục hành chính năm 2021.
---

Nội dung bài viết.
"""

PLAN = """---
number: 111/KH-UBND
title: Thông tin, tuyên truyền về kiểm soát thủ tục hành chính năm 2021
issuer: UBND quận Thanh Xuân
date: "2021-03-09"
year: 2021
implements: ["27/KH-UBND"]
purpose: Nâng cao nhận thức của cán bộ và Nhân dân về kiểm soát thủ tục hành chính.
status: completed
---

Tóm tắt kế hoạch.
"""

PROCEDURE = """---
code: "1.001193"
name: Đăng ký khai sinh
level: commune
field: Hộ tịch
agency: Ủy ban nhân dân cấp xã
---
"""

BAD = {
    "tin-tuc/yaml-sai.md": "---\ntitle: Tiêu đề: có dấu hai chấm\ndate: \"2021-03-21\"\n---\n",
    "tin-tuc/thieu-truong.md": ARTICLE.replace('date: "2021-03-21"\n', ""),
    "tin-tuc/sai-kieu.md": ARTICLE.replace("author: Văn phòng UBND phường", "author: [Văn phòng, UBND]").replace("năm 2021\n", "năm 2022\n", 1),
    "tin-tuc/ngay-sai.md": ARTICLE.replace("2021-03-21", "2021-13-45").replace("năm 2021\n", "năm 2023\n", 1),
    "tin-tuc/go-nham.md": ARTICLE.replace("title:", "titel:"),
    "tin-tuc/rong.md": "",
    "thu-tuc/khai-sinh.md": PROCEDURE,
    "thu-tuc/khai-sinh-ban-sao.md": PROCEDURE.replace("Đăng ký khai sinh", "Đăng ký khai sinh (bản sao)"),
    "lien-he.md": "---\ntitle: Liên hệ\n---\n",
    "lien-he/index.md": "---\ntitle: Liên hệ (bản cũ)\n---\n",
}


def run_check(tmp_path, files):
    docs = write_docs(tmp_path, files)
    config = site_config(tmp_path, docs)
    return run_cli("--config", str(config), "check"), docs


@pytest.fixture(scope="module")
def bad_check(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    done, docs = run_check(tmp, BAD)
    return done, "docs"


def lines_for(output: str, docs: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"{docs}/{name}")]


# The originals that a newer file repeats (same procedure code, same page address): nothing is wrong with them.
REPEATED = ("thu-tuc/khai-sinh.md", "lien-he.md")


def test_check_fails_and_reports_every_file_in_one_run(bad_check):
    done, docs = bad_check
    assert done.returncode == 1
    for name in BAD:
        assert bool(lines_for(done.stdout, docs, name)) != (name in REPEATED), f"{name}:\n{done.stdout}"


@pytest.mark.parametrize("name, line, field, words", [
    ("tin-tuc/yaml-sai.md", 2, None, "cú pháp YAML"),
    ("tin-tuc/thieu-truong.md", None, "date", "thiếu trường bắt buộc «date»"),
    ("tin-tuc/sai-kieu.md", 4, "author", "phải là một đoạn chữ"),
    ("tin-tuc/ngay-sai.md", 3, "date", "không phải một ngày có thật"),
    ("tin-tuc/go-nham.md", 2, "titel", "Có phải bạn định viết «title»?"),
    ("tin-tuc/rong.md", 1, None, "tệp rỗng"),
    ("thu-tuc/khai-sinh-ban-sao.md", 2, "code", "mã thủ tục 1.001193 đã là mã của «thu-tuc/khai-sinh.md»"),
    ("lien-he/index.md", None, None, "«lien-he.md» đã tạo ra trang /lien-he/; tệp này tạo ra cùng trang đó."),
])
def test_each_problem_names_file_line_and_field_in_vietnamese(bad_check, name, line, field, words):
    done, docs = bad_check
    found = lines_for(done.stdout, docs, name)
    where = f"{docs}/{name}:{line}: " if line else f"{docs}/{name}"
    matching = [entry for entry in found if entry.startswith(where) and words in entry and "LỖI" in entry
                and (field is None or f"[{field}]" in entry)]
    assert matching, f"expected {where} [{field}] «{words}» among:\n" + "\n".join(found)


def test_unknown_parent_plan_is_a_warning_that_does_not_fail(tmp_path):
    done, docs = run_check(tmp_path, {"ke-hoach/111-kh-ubnd-2021.md": PLAN})
    assert done.returncode == 0, done.stdout
    assert f"docs/ke-hoach/111-kh-ubnd-2021.md:7: CẢNH BÁO [implements]: trang chưa có kế hoạch 27/KH-UBND" in done.stdout
    assert "Đã kiểm tra 2 tệp (0 tin bài, 1 kế hoạch, 0 thủ tục, 1 trang): 0 lỗi, 1 cảnh báo." in done.stderr


def test_long_procedure_code_names_the_national_procedure_without_a_warning(tmp_path):
    article = ARTICLE.replace("summary:", 'procedures: ["1.001193.000.00.00.H12", "1.009999"]\nsummary:')
    done, docs = run_check(tmp_path, {"thu-tuc/dang-ky-khai-sinh.md": PROCEDURE, "tin-tuc/bai.md": article})
    assert done.returncode == 0, done.stdout
    warnings = [line for line in done.stdout.splitlines() if "CẢNH BÁO [procedures]" in line]
    assert len(warnings) == 1 and "thủ tục 1.009999" in warnings[0], done.stdout


def test_unknown_parent_plan_builds_strictly_with_the_number_unlinked(fixture_site):
    result = fixture_site({"ke-hoach/111-kh-ubnd-2021.md": PLAN})
    assert result.returncode == 0, result.log
    assert "CẢNH BÁO [implements]: trang chưa có kế hoạch 27/KH-UBND" in result.log
    html = result.html("ke-hoach/111-kh-ubnd-2021")
    assert "27/KH-UBND" in html and not re.search(r"<a [^>]*>[^<]*27/KH-UBND", html)


def test_decomposed_text_is_reported_and_normalised_in_the_page(tmp_path, fixture_site):
    nfd = unicodedata.normalize("NFD", ARTICLE)
    done, docs = run_check(tmp_path / "check", {"tin-tuc/nfd.md": nfd})
    assert done.returncode == 0
    assert "THÔNG TIN" in done.stdout and "NFD" in done.stdout
    result = fixture_site({"tin-tuc/nfd.md": nfd})
    assert result.returncode == 0, result.log
    html = result.html("tin-tuc/nfd")
    assert "Phường triển khai kế hoạch tuyên truyền năm 2021" in html
    assert unicodedata.normalize("NFD", "Phường") not in html


def test_build_refuses_invalid_content_and_writes_nothing(tmp_path):
    docs = write_docs(tmp_path, BAD)
    result = build(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}]))
    assert result.returncode != 0
    assert "chưa xây dựng trang web" in result.log
    assert "tin-tuc/go-nham.md:2: LỖI [titel]" in result.log and "tin-tuc/ngay-sai.md:3: LỖI [date]" in result.log
    assert not (tmp_path / "site").exists()


def test_refused_build_leaves_the_published_site_as_it_was(tmp_path):
    published = tmp_path / "site"
    published.mkdir()
    (published / "index.html").write_text("trang đã xuất bản", encoding="utf-8")
    docs = write_docs(tmp_path, {"tin-tuc/ngay-sai.md": ARTICLE.replace("2021-03-21", "2021-13-45")})
    result = build(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}]))
    assert result.returncode != 0 and "tin-tuc/ngay-sai.md:3: LỖI [date]" in result.log
    assert [p.name for p in published.iterdir()] == ["index.html"]
    assert (published / "index.html").read_text(encoding="utf-8") == "trang đã xuất bản"


def test_file_names_must_be_ascii_slugs(tmp_path):
    done, docs = run_check(tmp_path, {"tin-tuc/Đăng Ký.md": ARTICLE})
    assert done.returncode == 1
    assert "Đổi tên thành «dang-ky.md»" in done.stdout


def test_translation_may_only_carry_text_fields(tmp_path):
    files = {"tin-tuc/bai.md": ARTICLE, "tin-tuc/bai.en.md": "---\ntitle: The ward rolls out its 2021 plan\ndate: \"2021-03-22\"\n---\n\nText.\n"}
    done, docs = run_check(tmp_path, files)
    assert done.returncode == 1
    assert "docs/tin-tuc/bai.en.md:3: LỖI [date]: trường «date» không có trong mẫu bản dịch" in done.stdout


def test_unknown_listing_marker_names_file_and_line(tmp_path):
    done, docs = run_check(tmp_path, {"tin-tuc/index.md": "---\ntitle: Tin tức\n---\n\n# Tin\n\n<!-- cchc:artcles -->\n"})
    assert done.returncode == 1
    assert "docs/tin-tuc/index.md:7: LỖI: dấu hiệu «cchc:artcles» không có" in done.stdout


def test_listing_limit_must_be_a_positive_number(tmp_path):
    done, docs = run_check(tmp_path, {"index.md": "---\ntitle: Trang chủ\n---\n\n<!-- cchc:articles limit=nam -->\n"})
    assert done.returncode == 1
    assert "docs/index.md:5: LỖI: «cchc:articles»: limit=nam phải là một số nguyên dương" in done.stdout, done.stdout + done.stderr


def test_github_format_gives_annotations(tmp_path):
    docs = write_docs(tmp_path, {"tin-tuc/go-nham.md": ARTICLE.replace("title:", "titel:")})
    config = site_config(tmp_path, docs)
    done = run_cli("--config", str(config), "check", "--format", "github")
    assert "::error file=docs/tin-tuc/go-nham.md,line=2::" in done.stdout


def test_the_check_counts_procedures_still_being_updated_as_information(tmp_path):
    example = (REPO / "schemas/examples/procedure.md").read_text(encoding="utf-8")
    # the example has every part (conditions: [] is a published "none"); a copy without channels and conditions
    bare = re.sub(r"^channels:\n(?:  .*\n|- .*\n)*", "", example.replace('"1.001193"', '"1.000894"').replace('"1.001640"', '"1.000895"'), flags=re.M)
    bare = bare.replace("conditions: []\n", "")
    form = "tai-lieu/to-khai-dang-ky-khai-sinh.docx"  # the file the example's dossier row offers to download
    done, _ = run_check(tmp_path, {"thu-tuc/day-du.md": example, "thu-tuc/thieu.md": bare, form: (REPO / "docs" / form).read_bytes()})
    assert done.returncode == 0, done.stdout
    assert "Thông tin: số thủ tục còn «Đang cập nhật» theo mục: thời hạn và phí 1, điều kiện 1." in done.stderr
