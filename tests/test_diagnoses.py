"""Diagnoses that point at the real mistake (issue 13): each mistake made on a copy of the site's own content is
reported once, on the file that made it, in words an editor can act on, and nothing else is reported."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, site_config
from scripts import cli
from scripts.model import content

PLAN = "ke-hoach/111-kh-ubnd-2021.md"
ARTICLE = "tin-tuc/thanh-xuan-tuyen-truyen-kiem-soat-thu-tuc-hanh-chinh-2021.md"
PROCEDURE = "thu-tuc/dang-ky-khai-sinh.md"


class Copy:
    """The repository's docs/ copied into a temporary folder, with mkdocs.yml pointing at it."""

    def __init__(self, root: Path):
        self.root = root
        self.docs = root / "docs"
        shutil.copytree(REPO / "docs", self.docs, ignore=shutil.ignore_patterns(content.GENERATED_DIR))
        self.config = site_config(root, self.docs)

    def text(self, src: str) -> str:
        return (self.docs / src).read_text(encoding="utf-8")

    def write(self, src: str, text: str | bytes) -> None:
        (self.docs / src).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    def edit(self, src: str, old: str, new: str) -> None:
        text = self.text(src)
        assert text.count(old) == 1, f"{old!r} not once in {src}"
        self.write(src, text.replace(old, new))

    def problems(self) -> list[str]:
        """Every line `make check` prints for the copy, information included."""
        return [str(p) for p in cli.checked_site(self.config)[1].problems]

    def git(self, *args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Biên tập", "-c", "user.email=bien-tap@example.org", *args],
                       cwd=self.root, check=True, capture_output=True)

    def commit_all(self) -> None:
        """The copy as a git repository whose one commit holds every page: a file added after it is the newest."""
        self.git("init", "-q")
        self.git("add", "docs")
        self.git("commit", "-q", "-m", "Trang hiện có")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> None:
    """The site's own content is clean, so every line a test below sees comes from its mistake (checked once: each
    test's copy is the same files)."""
    assert Copy(tmp_path_factory.mktemp("clean")).problems() == []


@pytest.fixture
def site(clean, tmp_path) -> Copy:
    return Copy(tmp_path)


@pytest.mark.parametrize("old, new", [
    ("implements:\n  - 27/KH-UBND", "implements:\n\t- 27/KH-UBND\n\t- 11/KH-UBND"),  # YAML's own message names neither tab
    ("  - Hội nghị, hội thảo", "  -\tHội nghị, hội thảo"),  # a tab after a list dash is indentation too
], ids=["two lines", "after a dash"])
def test_a_tab_in_the_indentation_is_named_with_its_lines(site, old, new):
    site.edit(PLAN, old, new)
    tabs = [number for number, line in enumerate(site.text(PLAN).split("\n"), 1) if "\t" in line]
    assert site.problems() == [
        f"docs/{PLAN}:{tabs[0]}: LỖI: dòng {' và '.join(map(str, tabs))} có ký tự tab (Tab) để thụt lề; YAML chỉ nhận dấu cách. "
        "Thay mỗi tab ở đầu dòng bằng dấu cách, thẳng hàng với các dòng cùng cấp. (tab used for indentation in YAML)"]


def test_a_tab_inside_a_block_of_text_is_not_blamed_for_another_mistake(site):
    site.edit(PLAN, "  cải cách thủ tục hành chính, kiểm soát", "  \tcải cách thủ tục hành chính, kiểm soát")  # inside `purpose`'s text: allowed
    site.edit(PLAN, "status: completed", "status: completed: yes")
    line = site.text(PLAN).split("\n").index("status: completed: yes") + 1
    assert site.problems() == [
        f"docs/{PLAN}:{line}: LỖI: phần đầu viết sai cú pháp YAML (mapping values are not allowed in this context). Kiểm tra dấu hai chấm, "
        "thụt lề và dấu nháy; chuỗi có dấu «:» cần đặt trong dấu nháy kép, ví dụ «title: \"Kế hoạch 111/KH-UBND: tuyên truyền\"». (YAML syntax error)"]


def test_a_missing_closing_line_is_said_so_and_where(site):
    lines = site.text(ARTICLE).split("\n")
    closing = lines.index("---", 1)
    site.write(ARTICLE, "\n".join(lines[:closing] + lines[closing + 1:]))
    assert lines[closing + 1] == ""  # the blank line before the body, where the closing line belongs
    assert site.problems() == [
        f"docs/{ARTICLE}:{closing + 1}: LỖI: phần đầu (front matter) mở bằng dòng «---» ở dòng 1 nhưng thiếu dòng «---» đóng lại. "
        f"Thêm một dòng chỉ có «---» ngay sau trường cuối cùng (ở đây: ngay trước dòng {closing + 1}, dòng trống trước nội dung). "
        "(front matter has no closing '---' line)"]


@pytest.mark.parametrize("mistake, expected", [
    (lambda text: text.replace("title: ", "title: Kế hoạch: ", 1).encode("utf-8"),
     "3: LỖI: phần đầu viết sai cú pháp YAML (mapping values are not allowed in this context). Kiểm tra dấu hai chấm, thụt lề và dấu nháy; "
     "chuỗi có dấu «:» cần đặt trong dấu nháy kép, ví dụ «title: \"Kế hoạch 111/KH-UBND: tuyên truyền\"». (YAML syntax error)"),
    (lambda text: text.encode("cp1258", errors="replace"), "3: LỖI: tệp không phải UTF-8. Lưu lại tệp với bảng mã UTF-8. (not UTF-8)"),
], ids=["bad YAML", "not UTF-8"])
def test_an_unreadable_page_is_its_only_problem(site, mistake, expected):
    """No "translation without an original" for its .en.md, no "unknown plan" for the articles that name it."""
    site.write(PLAN, mistake(site.text(PLAN)))
    assert site.problems() == [f"docs/{PLAN}:{expected}"]


def test_a_page_with_an_invalid_field_causes_no_unknown_reference_elsewhere(site):
    site.edit(PLAN, "  - 27/KH-UBND", "  - 27/KH-UBND\n  - 5")
    line = site.text(PLAN).split("\n").index("  - 5") + 1
    assert site.problems() == [f"docs/{PLAN}:{line}: LỖI [mục thứ 2 của implements]: phải là một đoạn chữ, nhưng đang là 5. "
                               "Ví dụ: 111/KH-UBND (expected string)"]


def test_a_malformed_date_is_reported_once(site):
    site.edit(ARTICLE, 'date: "2021-03-21"\nauthor', 'date: "2021-3-21"\nauthor')
    assert site.problems() == [
        f'docs/{ARTICLE}:3: LỖI [date]: "2021-3-21" không phải một ngày có thật hoặc sai dạng. Viết ngày theo dạng năm-tháng-ngày trong dấu nháy, '
        'ví dụ "2021-03-09" cho ngày 09/03/2021. (invalid date, expected YYYY-MM-DD)']


def test_a_copied_procedure_is_reported_once_on_the_copy_that_git_has_not_seen(site):
    site.commit_all()
    site.write("thu-tuc/dang-ky.md", site.text(PROCEDURE))  # a shorter name: by name alone it would seem the older
    assert site.problems() == [
        "docs/thu-tuc/dang-ky.md:2: LỖI [code]: mã thủ tục 1.001193 và 1.001640 đã là mã của «thu-tuc/dang-ky-khai-sinh.md». "
        "Mỗi thủ tục có một mã riêng: nếu đây là cùng một thủ tục, xóa tệp này; nếu không, kiểm tra lại mã trên Cổng Dịch vụ công quốc gia. "
        "(duplicate procedure code)"]


def test_without_git_the_later_updated_date_marks_the_newer_file(site):
    text = site.text(PROCEDURE)
    updated = next(line for line in text.split("\n") if line.startswith("updated:"))
    site.write("thu-tuc/dang-ky.md", text.replace(updated, 'updated: "2099-01-01"'))
    found = site.problems()
    assert len(found) == 1 and found[0].startswith("docs/thu-tuc/dang-ky.md:2: LỖI [code]: mã thủ tục 1.001193 và 1.001640 đã là mã của "
                                                   "«thu-tuc/dang-ky-khai-sinh.md»."), found


def test_a_copied_plan_is_reported_on_the_copy_without_ambiguity_notes(site):
    site.commit_all()
    site.write("ke-hoach/111.md", site.text(PLAN))
    assert site.problems() == [
        "docs/ke-hoach/111.md:2: LỖI [number]: kế hoạch 111/KH-UBND của UBND quận Thanh Xuân đã có ở «ke-hoach/111-kh-ubnd-2021.md». "
        "Mỗi kế hoạch một trang: xóa tệp này, hoặc sửa «number»/«issuer» nếu đây là kế hoạch khác. (duplicate plan)"]


def test_two_articles_with_one_title_are_reported_on_the_newer(site):
    text = site.text(ARTICLE)
    site.write("tin-tuc/bai-moi.md", text.replace('date: "2021-03-21"\nauthor', 'date: "2021-04-02"\nauthor'))
    title = next(line for line in text.split("\n") if line.startswith("title: "))[len("title: "):]
    assert site.problems() == [
        f"docs/tin-tuc/bai-moi.md:2: LỖI [title]: tin bài «{ARTICLE}» đã có tiêu đề «{title}». Hai tin cùng tiêu đề không phân biệt được "
        "trong danh sách tin và kết quả tìm kiếm: đặt tiêu đề khác cho tin này (ví dụ thêm nơi hoặc thời gian), hoặc xóa tệp nếu là tin đăng lại. "
        "(two articles with the same title)"]


@pytest.mark.parametrize("name", ["binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.EN.md", "binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018-en.md",
                                  "binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018_en.md"])
def test_a_misnamed_translation_is_told_its_name_and_nothing_else(site, name):
    site.write(f"tin-tuc/{name}", site.text(ARTICLE.replace(".md", ".en.md")))
    assert site.problems() == [
        f"docs/tin-tuc/{name}: LỖI: tên tệp «{name}» không đúng dạng tên bản dịch, nên tệp bị đọc như một trang tiếng Việt. "
        "Bản dịch tiếng Anh của «binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.md» tên là «binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.en.md» "
        "(chữ «.en» viết thường, ngay trước «.md»). Đổi tên tệp thành «binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.en.md». "
        "(misnamed translation, should be binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.en.md)"]


def test_a_misnamed_translation_is_still_checked_as_a_translation(site):
    name = "tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.EN.md"
    site.write(name, site.text(ARTICLE.replace(".md", ".en.md")).replace("title:", 'date: "2021-03-22"\ntitle:', 1))
    found = site.problems()
    assert len(found) == 2 and "không đúng dạng tên bản dịch" in found[0], found
    assert found[1].startswith(f"docs/{name}:2: LỖI [date]: trường «date» không có trong mẫu bản dịch."), found


def test_a_page_whose_slug_ends_in_en_is_not_taken_for_a_translation(site):
    site.write("tin-tuc/chim-en.md", site.text(ARTICLE).replace("title: ", "title: Chim én về ", 1))
    assert site.problems() == []


def test_the_suggested_name_is_never_one_already_taken(site):
    """dang-ky-khai-sinh.md exists: the page is told -2, and its translation the same -2."""
    site.write("thu-tuc/Đăng ký khai sinh.md", site.text(PROCEDURE).replace("'1.001193'", "'1.999999'").replace("'1.001640'", "'1.999998'"))
    site.write("thu-tuc/Đăng ký khai sinh.en.md", "---\nname: Birth registration\n---\n")
    assert site.problems() == [
        "docs/thu-tuc/Đăng ký khai sinh.en.md: LỖI: tên tệp «Đăng ký khai sinh.en.md» phải viết thường, không dấu, nối bằng gạch ngang. "
        "Đổi tên thành «dang-ky-khai-sinh-2.en.md». (file name is not an ASCII slug)",
        "docs/thu-tuc/Đăng ký khai sinh.md: LỖI: tên tệp «Đăng ký khai sinh.md» phải viết thường, không dấu, nối bằng gạch ngang. "
        "Đổi tên thành «dang-ky-khai-sinh-2.md». (file name is not an ASCII slug)"]


def test_the_command_line_prints_the_date_error_once_and_fails(site):
    site.edit(ARTICLE, 'date: "2021-03-21"\nauthor', 'date: "2021-3-21"\nauthor')
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "--config", str(site.config), "check"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1 and done.stdout.count('"2021-3-21" không phải một ngày có thật') == 1, done.stdout
