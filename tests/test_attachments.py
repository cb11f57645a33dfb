"""Files to download (issue 17, part 2): shown with their type and size in both languages, in a procedure's
dossier row and summary and on a plan; a missing file, a type not on the list and a file over its limit refused
by the check with file, line and field, each once; office files that would run or fetch anything refused."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from conftest import serve, write_docs
from scripts.model import content, safety
from scripts.pages import forms
from scripts.build import site as site_check
from test_accessibility import axe_script, axe_violations, describe
from test_content import PLAN
from test_safety import policy

PDF = b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n"  # 3 KB: what the pages say is what the build measures
PROCEDURE = """---
code: "1.004194"
name: Đăng ký tạm trú
level: commune
field: Cư trú
agency: Công an cấp xã
dossier:
- paper: Tờ khai thay đổi thông tin cư trú (mẫu CT01)
  form: Mẫu CT01
  attachments:
  - file: ../tai-lieu/mau-ct01.pdf
    title: mẫu CT01
    title_en: form CT01
  originals: 1
- paper: Giấy tờ chứng minh chỗ ở hợp pháp
  attachments:
  - file: ../tai-lieu/huong-dan.pdf
    title: hướng dẫn chứng minh chỗ ở
  copies: 1
---
"""
PLAN_WITH_FILE = PLAN.replace("status: completed\n", "status: completed\nattachments:\n- file: ../tai-lieu/ke-hoach.pdf\n"
                              "  title: toàn văn Kế hoạch 111/KH-UBND\n")
FILES = {"thu-tuc/dang-ky-tam-tru.md": PROCEDURE, "ke-hoach/111-kh-ubnd-2021.md": PLAN_WITH_FILE,
         "tai-lieu/mau-ct01.pdf": PDF, "tai-lieu/huong-dan.pdf": PDF, "tai-lieu/ke-hoach.pdf": PDF}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build, site_config

    tmp = tmp_path_factory.mktemp("attachments")
    docs = write_docs(tmp, FILES)
    result = build(site_config(tmp, docs, nav=[{"Trang chủ": "index.md"}]))
    assert result.returncode == 0, result.log
    return result


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link to a file of tai-lieu/, tags inside the text kept."""
    return re.findall(r'<a href="([^"]*tai-lieu/[^"]*)"[^>]*>(.*?)</a>', html)


def test_a_dossier_row_shows_its_file_with_type_and_size_in_both_languages(built):
    vi, en = built.html("thu-tuc/dang-ky-tam-tru/"), built.html("en/thu-tuc/dang-ky-tam-tru/")
    ct01 = ("../../tai-lieu/mau-ct01.pdf", "Tải mẫu CT01 (PDF, 3 KB)")
    guide = ("../../tai-lieu/huong-dan.pdf", "Tải hướng dẫn chứng minh chỗ ở (PDF, 3 KB)")
    table = vi[vi.index('id="thanh-phan-ho-so"'):]
    assert links(table) == [ct01, guide]
    # the form's name stays beside its link, on a line of its own in the cell that the column names for phones
    assert re.search(r'<td data-label="Mẫu đơn, tờ khai">Mẫu CT01<br ?/?><a href="\.\./\.\./tai-lieu/mau-ct01\.pdf"', table)
    en_table = en[en.index('id="dossier"'):]
    # an English title where the row has one, else the Vietnamese one marked as Vietnamese
    assert links(en_table) == [("../../../tai-lieu/mau-ct01.pdf", "Download form CT01 (PDF, 3 KB)"),
                               ("../../../tai-lieu/huong-dan.pdf", 'Download <span lang="vi">hướng dẫn chứng minh chỗ ở</span> (PDF, 3 KB)')]
    assert (built.site / "tai-lieu/mau-ct01.pdf").read_bytes() == PDF


def test_the_summary_lists_the_forms(built):
    summary = lambda html: html[html.index('class="cchc-summary"'):html.index("</div>", html.index('class="cchc-summary"'))]  # noqa: E731
    vi = summary(built.html("thu-tuc/dang-ky-tam-tru/"))
    assert "<dt>Mẫu đơn, tờ khai</dt>" in vi
    assert [text for _, text in links(vi)] == ["Tải mẫu CT01 (PDF, 3 KB)", "Tải hướng dẫn chứng minh chỗ ở (PDF, 3 KB)"]
    en = summary(built.html("en/thu-tuc/dang-ky-tam-tru/"))
    assert "<dt>Forms</dt>" in en and "Download form CT01 (PDF, 3 KB)" in en


def test_a_plan_offers_its_documents_in_both_languages(built):
    vi = built.html("ke-hoach/111-kh-ubnd-2021/")
    section = vi[vi.index('id="tai-lieu-tai-ve"'):]
    assert links(section) == [("../../tai-lieu/ke-hoach.pdf", "Tải toàn văn Kế hoạch 111/KH-UBND (PDF, 3 KB)")]
    en = built.html("en/ke-hoach/111-kh-ubnd-2021/")
    assert '>Documents to download</h2>' in en
    assert links(en[en.index(">Documents to download<"):]) == [
        ("../../../tai-lieu/ke-hoach.pdf", 'Download <span lang="vi">toàn văn Kế hoạch 111/KH-UBND</span> (PDF, 3 KB)')]


@pytest.mark.parametrize("path", ["ke-hoach/111-kh-ubnd-2021/", "en/thu-tuc/dang-ky-tam-tru/"])
def test_pages_with_files_to_download_pass_axe(browser, built, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)  # axe goes in as a script
    context.add_init_script(path=str(axe_script()))
    page = context.new_page()
    with serve(built.site) as url:
        page.goto(url + path)
        violations = axe_violations(page)
        # a phone shows the dossier rows as cards: nothing runs off to the side
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()
    assert not violations, describe(violations, path)


# --- the check: missing, wrong type, too large -----------------------------------------------------------

def check(tmp_path: Path, procedure: str, files: dict, **settings) -> list[str]:
    """Every error `make check` reports for one procedure and its files (in-process, a small docs folder)."""
    docs = write_docs(tmp_path, {"thu-tuc/dang-ky-tam-tru.md": procedure, **files})
    site = site_check.check(docs, [], "docs", policy(**settings))
    return [str(p) for p in site.errors]


LINE = PROCEDURE.split("\n").index("  - file: ../tai-lieu/mau-ct01.pdf") + 1  # lines count from 1
FIELD = "[file ở mục thứ 1 của attachments ở mục thứ 1 của dossier]"


def one(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


def test_a_missing_file_is_refused_with_file_line_field_and_the_nearest_file(tmp_path):
    message = one(check(tmp_path, PROCEDURE, {"tai-lieu/mau-ct-01.pdf": PDF, "tai-lieu/huong-dan.pdf": PDF}))
    assert message == (f"docs/thu-tuc/dang-ky-tam-tru.md:{LINE}: LỖI {FIELD}: tệp tải về «../tai-lieu/mau-ct01.pdf» hỏng: không có "
                       "tệp «tai-lieu/mau-ct01.pdf» trong docs/. Trang hay tệp gần nhất: «../tai-lieu/mau-ct-01.pdf». (broken link)")


@pytest.mark.parametrize("name", ["mau-ct01.exe", "mau-ct01.doc", "mau-ct01.png"])
def test_a_file_of_a_type_not_on_the_list_is_refused_once(tmp_path, name):
    procedure = PROCEDURE.replace("mau-ct01.pdf", name)
    suffix = name.rsplit(".", 1)[1]
    message = one(check(tmp_path, procedure, {f"tai-lieu/{name}": PDF, "tai-lieu/huong-dan.pdf": PDF}))
    assert message.startswith(f"docs/thu-tuc/dang-ky-tam-tru.md:{LINE}: LỖI {FIELD}: tệp «../tai-lieu/{name}» có đuôi «.{suffix}»: "
                              "trang chỉ cho tải về tệp .pdf, .docx, .odt, .xlsx (mkdocs.yml, extra.content_safety.attachments)")
    assert message.endswith("(attachment type ." + suffix + " not allowed)")


def test_a_file_over_its_limit_is_refused_once_on_the_line_that_attaches_it(tmp_path):
    message = one(check(tmp_path, PROCEDURE, {"tai-lieu/mau-ct01.pdf": PDF * 2, "tai-lieu/huong-dan.pdf": b"%PDF-1.4\n"},
                        file_kb={**safety.DEFAULT_FILE_KB, "pdf": 5}))
    assert message.startswith(f"docs/thu-tuc/dang-ky-tam-tru.md:{LINE}: LỖI {FIELD}: tệp «../tai-lieu/mau-ct01.pdf» nặng 6 KB, "
                              "quá giới hạn 5 KB cho tệp .pdf (mkdocs.yml, extra.content_safety.file_kb.pdf)")
    # a file no page attaches is still reported by the file check, without a line
    lone = check(tmp_path / "lone", PROCEDURE, {"tai-lieu/mau-ct01.pdf": PDF, "tai-lieu/huong-dan.pdf": PDF, "tai-lieu/cu.pdf": PDF * 2},
                 file_kb={**safety.DEFAULT_FILE_KB, "pdf": 5})
    assert one(lone).startswith("docs/tai-lieu/cu.pdf: LỖI: tệp nặng 6 KB, quá giới hạn 5 KB")


def test_several_problems_are_all_reported_in_one_run(tmp_path):
    found = check(tmp_path, PROCEDURE.replace("huong-dan.pdf", "huong-dan.exe"), {})
    assert len(found) == 3, found  # the CT01 file missing; the guide both missing and of a refused type
    assert sum("hỏng" in message for message in found) == 2 and sum("có đuôi «.exe»" in message for message in found) == 1


def test_an_address_or_a_path_outside_the_folder_is_refused_by_the_schema(tmp_path):
    found = check(tmp_path, PROCEDURE.replace("../tai-lieu/mau-ct01.pdf", "https://example.com/ct01.pdf"), {"tai-lieu/huong-dan.pdf": PDF})
    assert one(found).startswith(f"docs/thu-tuc/dang-ky-tam-tru.md:{LINE}: LỖI {FIELD}: \"https://example.com/ct01.pdf\" không đúng dạng.")


# --- office files ------------------------------------------------------------------------------------------

def office(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        'Target="{target}" TargetMode="External"/></Relationships>')


@pytest.mark.parametrize("name, parts, needle", [
    ("mau.docx", {"word/document.xml": "<w:document/>", "word/vbaProject.bin": "x"}, "phần «word/vbaProject.bin» (macro"),
    ("mau.xlsx", {"xl/workbook.xml": "<workbook/>", "xl/embeddings/oleObject1.bin": "x"}, "chương trình nhúng"),
    ("mau.docx", {"word/document.xml": "<w:document/>", "word/_rels/document.xml.rels": RELS.format(kind="image", target="https://x.example/a.png")},
     "lấy «https://x.example/a.png» từ nơi khác"),
    ("mau.docx", {"word/document.xml": "<w:document/>", "word/_rels/settings.xml.rels": RELS.format(kind="attachedTemplate", target="file:///C:/t.dotm")},
     "lấy «file:///C:/t.dotm» từ nơi khác"),
    ("mau.odt", {"content.xml": '<office:document-content><draw:image xlink:href="http://x.example/a.png"/></office:document-content>'},
     "lấy «http://x.example/a.png» từ nơi khác"),
    ("mau.odt", {"content.xml": "<x/>", "Basic/Standard/Module1.xml": "x"}, "phần «Basic/Standard/Module1.xml»"),
])
def test_an_office_file_that_could_run_or_fetch_anything_is_refused(tmp_path, name, parts, needle):
    docs = write_docs(tmp_path, {f"tai-lieu/{name}": office(parts)})
    found = [str(p) for p in safety.problems(content.load_site(docs, [], "docs"), docs, lambda src: f"docs/{src}", policy())]
    assert one(found).startswith(f"docs/tai-lieu/{name}: LỖI: tệp ") and needle in found[0], found


def test_links_in_office_files_and_plain_forms_pass_and_a_broken_one_is_named(tmp_path):
    hyperlink = {"word/document.xml": "<w:document/>", "word/_rels/document.xml.rels": RELS.format(kind="hyperlink", target="https://dichvucong.gov.vn/")}
    typeset = forms.load(Path(__file__).resolve().parent.parent / "docs")[0][0]
    docs = write_docs(tmp_path, {"tai-lieu/link.docx": office(hyperlink), "tai-lieu/mau.docx": forms.docx(typeset),
                                 "tai-lieu/hong.docx": b"PK\x03\x04 not a zip"})
    found = [str(p) for p in safety.problems(content.load_site(docs, [], "docs"), docs, lambda src: f"docs/{src}", policy())]
    assert one(found).startswith("docs/tai-lieu/hong.docx: LỖI: tệp hỏng: không mở được như một tài liệu Word, Excel hay LibreOffice.")
