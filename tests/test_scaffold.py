"""`make new`: a new file with what the tool knows filled in, refused by the check until the editor fills the rest."""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys

import pytest

from conftest import REPO, site_config, write_docs
from scripts.pages import scaffold
from scripts.build import site as site_check

AGENCY = {"name": "Ủy ban nhân dân phường Thanh Xuân", "unit": "Văn phòng HĐND và UBND phường"}
CATEGORIES = ["Kiểm soát thủ tục hành chính", "Thông tin, tuyên truyền"]
TODAY = dt.date(2026, 1, 2)
# What an editor writes in place of each placeholder.
FILLED = {
    "article": {"category": "Thông tin, tuyên truyền", "summary": "Cán bộ một cửa được hướng dẫn hỗ trợ người dân nộp hồ sơ trực tuyến."},
    "plan": {"date": "2026-01-02", "purpose": "Nâng cao nhận thức của cán bộ và Nhân dân về dịch vụ công trực tuyến."},
    "procedure": {"code": "1.001193", "field": "Hộ tịch", "agency": "Ủy ban nhân dân cấp xã"},
}
PATHS = {"article": "tin-tuc/phuong-tap-huan-dich-vu-cong-truc-tuyen.md", "plan": "ke-hoach/phuong-tap-huan-dich-vu-cong-truc-tuyen.md",
         "procedure": "thu-tuc/phuong-tap-huan-dich-vu-cong-truc-tuyen.md"}
TITLE = "Phường tập huấn dịch vụ công trực tuyến"


def fill(text: str, values: dict[str, str]) -> str:
    lines = []
    for line in text.split("\n"):
        name = line.split(":", 1)[0]
        if name in values and scaffold.PLACEHOLDER in line:
            line = f'{name}: "{values[name]}"'
        elif line.startswith(scaffold.PLACEHOLDER):
            line = "Nội dung do biên tập viên viết."
        lines.append(line)
    return "\n".join(lines)


def check(docs) -> list[str]:
    return [str(p) for p in site_check.check(docs, CATEGORIES, "docs").problems if p.severity == "error"]


@pytest.mark.parametrize("kind", ["article", "plan", "procedure"])
def test_new_file_is_filled_and_refused_until_the_placeholders_are_replaced(tmp_path, kind):
    docs = write_docs(tmp_path, {})
    path = scaffold.create(kind, f"  {TITLE} ", docs, AGENCY, CATEGORIES, TODAY)
    assert path == docs / PATHS[kind]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    title_field = scaffold.TITLE_FIELD[kind]
    assert f'{title_field}: "{TITLE}"' in text
    if kind == "article":
        assert 'date: "2026-01-02"' in text and 'author: "Văn phòng HĐND và UBND phường"' in text
        assert "# category: một trong Kiểm soát thủ tục hành chính; Thông tin, tuyên truyền" in text
    if kind == "plan":
        assert "year: 2026" in text and 'issuer: "Ủy ban nhân dân phường Thanh Xuân"' in text
    # Each placeholder is one error on its own line naming its field, saying what to write; nothing else about that field.
    errors = check(docs)
    lines = text.split("\n")
    for field in FILLED[kind]:
        line = next(i for i, l in enumerate(lines, 1) if l.startswith(f"{field}:"))
        mine = [e for e in errors if f"[{field}]" in e]
        assert len(mine) == 1, errors
        assert mine[0].startswith(f"docs/{PATHS[kind]}:{line}: LỖI [{field}]: còn chỗ «CẦN VIẾT» chưa viết. Cần: ")
    assert all("CẦN VIẾT" in e for e in errors), errors
    path.write_text(fill(text, FILLED[kind]), encoding="utf-8")
    assert check(docs) == []


def test_new_never_overwrites(tmp_path):
    docs = write_docs(tmp_path, {PATHS["article"]: "giữ nguyên"})
    with pytest.raises(scaffold.ScaffoldError, match="không ghi đè"):
        scaffold.create("article", TITLE, docs, AGENCY, CATEGORIES, TODAY)
    assert (docs / PATHS["article"]).read_text(encoding="utf-8") == "giữ nguyên"


def test_a_decomposed_title_is_written_composed(tmp_path):
    import unicodedata
    path = scaffold.create("article", unicodedata.normalize("NFD", TITLE), write_docs(tmp_path, {}), AGENCY, CATEGORIES, TODAY)
    assert path.name == "phuong-tap-huan-dich-vu-cong-truc-tuyen.md"
    assert f'title: "{TITLE}"' in path.read_text(encoding="utf-8")


def test_a_title_too_short_is_refused_with_an_example(tmp_path):
    with pytest.raises(scaffold.ScaffoldError, match='Ví dụ: make new TYPE=plan TITLE="'):
        scaffold.create("plan", "KH", write_docs(tmp_path, {}), AGENCY, CATEGORIES, TODAY)


def run_new(tmp_path, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    config = site_config(tmp_path, write_docs(tmp_path, {}))
    return subprocess.run([sys.executable, "-m", "scripts.cli", "--config", str(config), "new", *args],
                          stdin=stdin, capture_output=True, text=True, cwd=REPO)


def test_command_prints_where_the_file_is(tmp_path):
    done = run_new(tmp_path, "article", "--title", TITLE)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "docs" / PATHS["article"]
    assert done.stdout.startswith(f"Đã tạo {written}.")
    assert f'date: "{dt.date.today().isoformat()}"' in written.read_text(encoding="utf-8")
    again = run_new(tmp_path, "article", "--title", TITLE)
    assert again.returncode == 1 and "không ghi đè" in again.stderr


def test_command_without_a_title_and_without_a_terminal_says_how(tmp_path):
    done = run_new(tmp_path, "procedure")
    assert done.returncode == 2
    assert 'make new TYPE=procedure TITLE="' in done.stderr


def test_command_asks_for_the_title_in_a_terminal(tmp_path):
    main, terminal = pty.openpty()
    try:
        os.write(main, f"{TITLE}\n".encode())
        done = run_new(tmp_path, "plan", stdin=terminal)
    finally:
        os.close(main)
        os.close(terminal)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "docs" / PATHS["plan"]).exists()


def test_make_new_runs_the_command(tmp_path):
    done = subprocess.run(["make", "-n", "new", "TYPE=plan", f"TITLE={TITLE}"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0
    assert f'-m scripts.cli new plan --title "{TITLE}"' in done.stdout


# --- every error message says how to fix it, with the right form ---------------------------------------

@pytest.mark.parametrize("change, expected", [
    (("summary: Phường ban hành kế hoạch tuyên truyền về kiểm soát thủ tục hành chính năm 2021.", "summary: Ngắn."),
     "[summary]: quá ngắn: cần ít nhất 20 ký tự. Một hoặc hai câu tóm tắt"),
    (("summary: Phường ban hành kế hoạch tuyên truyền về kiểm soát thủ tục hành chính năm 2021.\n", ""),
     "[summary]: thiếu trường bắt buộc «summary» (Tóm tắt). Thêm một dòng «summary: …» vào phần đầu tệp. Một hoặc hai câu tóm tắt"),
    (("category:", "plans: [KH 111]\ncategory:"), "[mục thứ 1 của plans]: \"KH 111\" không đúng dạng. Ví dụ: 111/KH-UBND"),
    (("title: Phường", "title: Kế hoạch 111: Phường"), "ví dụ «title: \"Kế hoạch 111/KH-UBND: tuyên truyền\"»"),
])
def test_error_messages_show_the_right_form(tmp_path, change, expected):
    from test_content import ARTICLE
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": ARTICLE.replace(*change)})
    assert any(expected in str(p) for p in site_check.check(docs, CATEGORIES, "docs").problems), \
        [str(p) for p in site_check.check(docs, CATEGORIES, "docs").problems]


# --- CONTRIBUTING.md: the field tables follow the schemas, the example messages are the checker's own ----

def test_contributing_field_tables_match_the_schemas():
    from scripts.tools import fieldtable
    text = fieldtable.CONTRIBUTING.read_text(encoding="utf-8")
    assert fieldtable.kinds_in(text) == list(fieldtable.KINDS)
    assert fieldtable.render(text) == text, "CONTRIBUTING.md differs from schemas/: run `make fields`"
    assert "| `summary` | Tóm tắt | **bắt buộc** | có | Một hoặc hai câu tóm tắt" in text
    assert "| `channels[].type` | Hình thức nộp | **bắt buộc** |  | in_person (trực tiếp)" in text


def test_a_drifted_field_table_is_found_and_rewritten(tmp_path):
    from scripts.tools import fieldtable
    text = fieldtable.CONTRIBUTING.read_text(encoding="utf-8")
    drifted = text.replace("| `summary` | Tóm tắt | **bắt buộc** |", "| `summary` | Tóm tắt |  |", 1)
    assert drifted != text and fieldtable.render(drifted) == text
    copy = tmp_path / "CONTRIBUTING.md"
    copy.write_text(drifted, encoding="utf-8")
    assert fieldtable.write(copy) is True and copy.read_text(encoding="utf-8") == text
    assert fieldtable.write(copy) is False


BAD_ARTICLE = """---
titel: Phường tập huấn dịch vụ công trực tuyến
date: "2026-13-45"
author: Văn phòng HĐND và UBND phường
category: Thông tin tuyên truyền
summary: Cán bộ Bộ phận Một cửa được hướng dẫn hỗ trợ người dân nộp hồ sơ trực tuyến.
---

Buổi tập huấn diễn ra sáng 15/10.

![](https://anh.example.com/tap-huan.jpg)

<iframe src="https://www.youtube.com/embed/abc"></iframe>
"""


def test_contributing_quotes_real_messages_of_the_check(tmp_path):
    from mkdocs.config import load_config

    from scripts.tools import fieldtable
    from scripts.model import safety
    text = fieldtable.CONTRIBUTING.read_text(encoding="utf-8")
    quoted = text.split("<!-- example-messages -->\n```text\n")[1].split("```\n<!-- /example-messages -->")[0].splitlines()
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": BAD_ARTICLE, "assets/images/tap-huan.jpg": bytes(900_000)})
    policy = safety.policy(load_config(str(REPO / "mkdocs.yml")))
    assert [str(p) for p in site_check.check(docs, CATEGORIES, "docs", policy).problems] == quoted
