"""Forms typeset from the legal texts (issue 17, part 2): data/forms/*.yml -> docs/tai-lieu/*.docx. Each produced
file is a Word document that opens (a valid zip, well-formed XML) and carries its circular's number, the words of
its data in order, byte for byte the same from the same data; the committed files match their data; bad data is
reported with file, line and field."""

from __future__ import annotations

import re
import shutil
import zipfile
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import pytest

from conftest import REPO
from scripts.pages import forms
from scripts.cli import main as cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMS, PROBLEMS = forms.load(REPO / "docs")


def test_the_forms_data_reads_without_a_problem():
    assert PROBLEMS == [] and {form.name for form in FORMS} == {
        "to-khai-thay-doi-thong-tin-cu-tru-ct01", "to-khai-dang-ky-khai-sinh", "giay-de-nghi-dang-ky-ho-kinh-doanh", "to-khai-dang-ky-ket-hon"}


def paragraphs(document: bytes) -> list[str]:
    """The text of every paragraph of a document.xml, tables included, in order."""
    root = ET.fromstring(document)
    return ["".join(node.text or "" for node in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_each_form_is_a_word_document_that_opens_and_names_its_circular(form):
    data = (REPO / "docs" / form.output).read_bytes()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml" and "word/document.xml" in names
        for name in names:
            ET.fromstring(archive.read(name))  # every part is well-formed XML
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        text = paragraphs(archive.read("word/document.xml"))
        core = archive.read("docProps/core.xml").decode("utf-8")
    number = form.data["source"]["number"]
    assert text[0].startswith(form.data["source"]["form"]) and f"Thông tư số {number}" in text[0]
    assert number in core and "<dc:language>vi-VN</dc:language>" in core
    # the words of the data, in their order (inline marks become formatting: (N) for {N})
    words = [re.sub(r"\*\*|\*|\{(\d+)\}", lambda m: f"({m[1]})" if m[1] else "", value).strip()
             for block in form.data["body"] for value in _texts(block)]
    at = 0
    joined = "\n".join(text)
    for value in filter(None, words):
        found = joined.find(value, at)
        assert found >= 0, f"{form.name}: «{value}» missing or out of order"
        at = found + len(value)


def _texts(block: dict) -> list[str]:
    """The words a block prints, in order."""
    found = []
    for key, value in block.items():
        if key in ("title", "center", "date_line", "text"):
            found.append(value)
        elif key in ("fields", "checkboxes", "photos"):
            found += value
        elif key == "boxes":
            found.append(value["label"])
        elif key == "table":
            found += value["columns"] + value.get("labels", [])
        elif key == "frame":
            found += [text for item in value for text in _texts(item)]
        elif key == "signatures":
            found += [line for column in value for line in column]
        elif key == "notes":
            found += [value["heading"], *value["items"]]
    return found


def test_the_same_data_gives_the_same_bytes_and_the_committed_files_match():
    for form in FORMS:
        assert forms.docx(form) == forms.docx(form) == (REPO / "docs" / form.output).read_bytes(), form.name
    assert forms.problems(REPO / "docs") == []


def test_the_command_writes_the_forms_and_the_check_names_one_out_of_date(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(REPO / "data/forms", root / "data/forms")
    (root / "docs").mkdir()
    ct01 = "to-khai-thay-doi-thong-tin-cu-tru-ct01"
    missing = [str(p) for p in forms.problems(root / "docs")]
    assert len(missing) == len(FORMS) and f"data/forms/{ct01}.yml: LỖI: tệp docs/tai-lieu/{ct01}.docx chưa có. Chạy «make forms»" in "\n".join(missing)
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {root / 'docs'}")
                      .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"),
                      encoding="utf-8")
    assert cli(["--config", str(config), "forms"]) == 0
    assert sorted(p.name for p in (root / "docs/tai-lieu").iterdir()) == sorted(f"{form.name}.docx" for form in FORMS)
    assert forms.problems(root / "docs") == []
    data = root / "data/forms" / f"{ct01}.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("TỜ KHAI THAY ĐỔI", "TỜ KHAI THAY  ĐỔI"), encoding="utf-8")
    assert [str(p) for p in forms.problems(root / "docs")] == [
        f"data/forms/{ct01}.yml: LỖI: tệp docs/tai-lieu/{ct01}.docx không còn khớp với dữ liệu của nó. Chạy «make forms» để soạn "
        "lại tệp từ dữ liệu rồi đưa tệp mới vào đề nghị thay đổi. (produced form out of date)"]


def test_bad_form_data_is_reported_with_file_line_and_field(tmp_path):
    folder = tmp_path / "data/forms"
    folder.mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (folder / "mau.yml").write_text("title: Mẫu thử\nsource:\n  form: Mẫu 01\n  kind: Thông tư\n  number: 116/2026/TT-BCA\n"
                                    "  issuer: Bộ trưởng Bộ Công an\n  read_from: [một bản chép công khai]\nbody:\n- title: TỜ KHAI\n"
                                    "- fileds: [\"Họ và tên:\"]\n- boxes: {label: \"Số:\", count: 40}\n", encoding="utf-8")
    (folder / "hai.yml").write_text("title: Mẫu thử\nsource:\n  form: Mẫu 02\n  kind: Thông tư\n  number: 116/2026/TT-BCA\n"
                                    "  issuer: Bộ trưởng Bộ Công an\n  read_from: [một bản chép công khai]\nbody:\n- title: TỜ KHAI\n"
                                    "  text: Hai thứ trong một khối.\n- table:\n    columns: [Thông tin, Bên nữ, Bên nam]\n"
                                    "    labels: [Họ, chữ đệm, tên, Dân tộc]\n    rows: 2\n", encoding="utf-8")
    found = [str(p) for p in forms.problems(tmp_path / "docs")]
    assert any(p.startswith("data/forms/mau.yml:10: LỖI [fileds ở mục thứ 2 của body]: trường «fileds» không có") and "«fields»" in p for p in found), found
    assert any(p.startswith("data/forms/mau.yml:11: LỖI [boxes.count ở mục thứ 3 của body]: 40 nằm ngoài khoảng") for p in found), found
    assert "data/forms/hai.yml:9: LỖI [mục thứ 1 của body]: mỗi khối là một loại (title, text, fields…), khối này có 2: text, title." in "\n".join(found)
    # a table with more first-column words than rows ("Họ, chữ đệm, tên" unquoted is three words in YAML)
    assert any(p.startswith("data/forms/hai.yml:13: LỖI [table.labels ở mục thứ 2 của body]:") and "bảng có 2 dòng để điền nhưng 4 chữ ở cột đầu" in p
               for p in found), found
    with pytest.raises(ValueError, match="fileds"):
        forms.write(tmp_path / "docs")


def test_the_marriage_procedures_offer_the_typeset_form_in_both_languages(real_site):
    """Domestic and with a foreign element, Vietnamese and English: the summary and the dossier row link the form."""
    for url, words in (("thu-tuc/dang-ky-ket-hon/", "Tải tờ khai đăng ký kết hôn (DOCX,"),
                       ("thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai/", "Tải tờ khai đăng ký kết hôn (DOCX,"),
                       ("en/thu-tuc/dang-ky-ket-hon/", "Download marriage registration form (DOCX,"),
                       ("en/thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai/", "Download marriage registration form (DOCX,")):
        html = real_site.html(url)
        link = r'<a href="(\.\./)+tai-lieu/to-khai-dang-ky-ket-hon\.docx"[^>]*>' + re.escape(words)
        assert re.search(link, html.split('class="cchc-summary"')[1].split("</div>")[0]), url
        assert re.search(r'<td data-label="[^"]+">[^<]*04/2024/TT-BTP\)<br ?/?>' + link, html), url  # the dossier row
