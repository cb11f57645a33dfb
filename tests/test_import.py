"""Import of procedure tables: the portal's Excel export (title rows, its header as it is) with good and bad
rows, re-import of a changed table keeping what editors wrote, a CSV table, and the imported site built."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest
import yaml

from conftest import REPO, build, site_config, write_docs
from scripts.content import split_front_matter

PORTAL_HEADER = ["STT", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Đối tượng", "Cơ quan công khai", "Cấp thực hiện", "Tình trạng", "QĐ Công bố"]
RICHER = ["Thời hạn giải quyết", "Phí, lệ phí", "Mức độ DVC"]
GOOD = [
    [1, "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Công dân Việt Nam", "UBND tỉnh Lâm Đồng", "Cấp Xã", "Còn hiệu lực", "1329/QĐ-UBND",
     "Ngay trong ngày", "Miễn lệ phí khi đăng ký đúng hạn", "Toàn trình"],
    # Excel keeps a code typed as a number: 1.000110 comes back as 1.00011
    [2, 1.00011, "Đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới", "Hộ tịch", "Công dân Việt Nam; Người nước ngoài",
     "UBND tỉnh Lâm Đồng", "Cấp Tỉnh, Cấp Xã", "Còn hiệu lực", "", "", "", "Một phần"],
    [3, "2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Thành lập và hoạt động doanh nghiệp", "Cá nhân", "Sở Tài chính",
     "Cấp Tỉnh", "Còn hiệu lực", "", "03 ngày làm việc", "50.000 đồng", "Toàn trình"],
]
BAD = [
    [4, "1.23", "", "Hộ tịch", "", "UBND", "Cấp Huyện", "Còn hiệu lực", "", "", "", "Có thể"],
    [5, "1.001193", "Đăng ký khai sinh (trùng)", "Hộ tịch", "", "UBND", "Cấp Xã", "Còn hiệu lực", "", "", "", ""],
    [6, "2.000002", "Thủ tục không ghi lĩnh vực", "", "", "UBND", "Cấp Xã", "Còn hiệu lực", "", "", "", ""],
]
EXPIRED = [7, "2.000001", "Thủ tục đã bãi bỏ", "Hộ tịch", "", "UBND", "Cấp Xã", "Hết hiệu lực", "", "", "", ""]


def workbook(path, rows, header=PORTAL_HEADER + RICHER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ"])  # the portal's export starts with a title
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run_import(table, docs):
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "import", str(table), "--docs", str(docs)],
                          capture_output=True, text=True, cwd=REPO)
    return done.returncode, done.stdout + done.stderr


def front_matter(path) -> tuple[dict, str]:
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(front), body


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("import")
    docs = write_docs(tmp, {"thu-tuc/index.md": "---\ntitle: Thủ tục\n---\n\n# Thủ tục\n\n<!-- cchc:procedures -->\n"})
    status, output = run_import(workbook(tmp / "danh-muc.xlsx", [*GOOD, *BAD, EXPIRED]), docs)
    return tmp, docs, status, output


def test_good_rows_become_procedure_files(imported):
    _, docs, _, output = imported
    meta, body = front_matter(docs / "thu-tuc/dang-ky-khai-sinh.md")
    assert meta == {"code": "1.001193", "decision": "1329/QĐ-UBND", "name": "Đăng ký khai sinh", "level": "commune", "field": "Hộ tịch",
                    "agency": "UBND tỉnh Lâm Đồng", "applicants": ["Công dân Việt Nam"],
                    "channels": [{"type": "in_person", "time": "Ngay trong ngày", "fee": "Miễn lệ phí khi đăng ký đúng hạn"}],
                    "online": {"level": "full", "url": "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193"},
                    "updated": meta["updated"]}
    border, _ = front_matter(docs / "thu-tuc/dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai-tai-khu-vuc-bien-gioi.md")
    assert border["code"] == "1.000110" and border["level"] == "commune" and border["online"]["level"] == "partial"
    assert border["applicants"] == ["Công dân Việt Nam", "Người nước ngoài"]
    company, _ = front_matter(docs / "thu-tuc/dang-ky-thanh-lap-doanh-nghiep-tu-nhan.md")
    assert company["level"] == "province" and company["channels"][0]["time"] == "03 ngày làm việc"
    assert sorted(p.name for p in (docs / "thu-tuc").glob("*.md")) == [
        "dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai-tai-khu-vuc-bien-gioi.md", "dang-ky-khai-sinh.md",
        "dang-ky-thanh-lap-doanh-nghiep-tu-nhan.md", "index.md"]
    assert "Dòng 4: đã tạo docs/thu-tuc/dang-ky-khai-sinh.md" in output


def test_bad_rows_are_reported_by_row_number_and_reason_in_vietnamese(imported):
    _, _, status, output = imported
    assert status == 1  # some row failed
    row7 = next(line for line in output.splitlines() if line.startswith("Dòng 7:"))
    assert "LỖI" in row7 and "mã thủ tục «1.23» không đúng dạng" in row7 and "thiếu tên thủ tục" in row7
    assert "cấp huyện không còn từ 01/7/2025" in row7 and "«Có thể» không rõ" in row7
    assert "Dòng 8: LỖI: mã 1.001193 đã có ở dòng 4 của bảng" in output
    assert "Dòng 9: LỖI: thiếu Lĩnh vực" in output
    assert "Dòng 10: bỏ qua: thủ tục 2.000001 có tình trạng «Hết hiệu lực», không nhập" in output
    assert "Bỏ qua cột không dùng: STT." in output
    assert "3 tạo mới, 0 cập nhật, 0 không đổi, 1 bỏ qua, 3 lỗi" in output


def test_reimport_updates_changed_fields_and_keeps_the_editors_text(imported):
    tmp, docs, _, _ = imported
    path = docs / "thu-tuc/dang-ky-khai-sinh.md"
    meta, _ = front_matter(path)
    meta["steps"] = ["Bước 1: Nộp hồ sơ tại Bộ phận Một cửa."]  # written by hand: the table does not carry steps
    meta["agency"] = "Ủy ban nhân dân cấp xã"
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\nPhần biên tập viên viết tay.\n", encoding="utf-8")
    untouched = (docs / "thu-tuc/dang-ky-thanh-lap-doanh-nghiep-tu-nhan.md").read_text(encoding="utf-8")
    changed = [list(GOOD[0]), GOOD[1], GOOD[2]]
    changed[0][2], changed[0][10] = "Đăng ký khai sinh (đúng hạn)", "Miễn lệ phí"
    status, output = run_import(workbook(tmp / "danh-muc-moi.xlsx", changed), docs)
    assert status == 0, output
    assert "Dòng 4: đã cập nhật docs/thu-tuc/dang-ky-khai-sinh.md: đổi name, channels" in output
    assert "Dòng 6: không đổi docs/thu-tuc/dang-ky-thanh-lap-doanh-nghiep-tu-nhan.md" in output
    meta, body = front_matter(path)
    assert meta["name"] == "Đăng ký khai sinh (đúng hạn)" and meta["channels"][0]["fee"] == "Miễn lệ phí"
    assert meta["steps"] == ["Bước 1: Nộp hồ sơ tại Bộ phận Một cửa."]
    assert meta["agency"] == "Ủy ban nhân dân cấp xã"  # the publishing agency does not replace a known agency
    assert body == "\nPhần biên tập viên viết tay.\n"
    assert (docs / "thu-tuc/dang-ky-thanh-lap-doanh-nghiep-tu-nhan.md").read_text(encoding="utf-8") == untouched
    assert not (docs / "thu-tuc/dang-ky-khai-sinh-dung-han.md").exists()  # the file keeps its name


def test_csv_with_the_portal_header_only(tmp_path):
    docs = write_docs(tmp_path, {})
    table = tmp_path / "export.csv"
    table.write_text(";".join(PORTAL_HEADER) + "\n1;1.004194;Đăng ký tạm trú;Cư trú;Công dân Việt Nam;Công an cấp xã;Cấp Xã;Còn hiệu lực;\n",
                     encoding="utf-8-sig")
    status, output = run_import(table, docs)
    assert status == 0, output
    meta, _ = front_matter(docs / "thu-tuc/dang-ky-tam-tru.md")
    assert meta["agency"] == "Công an cấp xã" and meta["field"] == "Cư trú" and "online" not in meta


def test_a_table_without_the_header_is_refused(tmp_path):
    table = workbook(tmp_path / "sai.xlsx", [["x", "y"]], header=["Tên", "Mô tả"])
    status, output = run_import(table, write_docs(tmp_path, {}))
    assert status == 1 and "không tìm thấy dòng tiêu đề có cột «Mã TTHC» và «Tên TTHC»" in output
    assert "«Lĩnh vực»" in output and "former_codes" not in output  # the headers editors write, not the field names


def test_imported_procedures_build(imported):
    tmp, docs, _, _ = imported
    result = build(site_config(tmp, docs, nav=[{"Trang chủ": "index.md"}]))
    assert result.returncode == 0, result.log
    html = result.html("thu-tuc/dang-ky-thanh-lap-doanh-nghiep-tu-nhan")
    assert "2.001610" in html and "03 ngày làm việc" in html
    assert "Đăng ký thành lập doanh nghiệp tư nhân" in result.html("thu-tuc/cap-thuc-hien/cap-tinh")
    assert "Đăng ký thành lập doanh nghiệp tư nhân" in result.html("en/thu-tuc")


@pytest.mark.parametrize("name, data, words", [
    ("doi-duoi.xlsx", b"not a workbook", "tệp không phải bảng Excel .xlsx"),
    ("utf16.csv", "Mã TTHC;Tên TTHC\n".encode("utf-16"), "tệp CSV không ở bảng mã UTF-8"),
    ("cu.xls", b"\xd0\xcf\x11\xe0", "tệp .xls (Excel 97–2003) chưa đọc được"),
    ("mot-cot.csv", "Tên TTHC\nĐăng ký khai sinh\n".encode("utf-8"), "không tìm thấy dòng tiêu đề"),
])
def test_an_unreadable_table_is_refused_in_vietnamese_saying_how_to_fix(tmp_path, name, data, words):
    table = tmp_path / name
    table.write_bytes(data)
    status, output = run_import(table, write_docs(tmp_path, {}))
    assert status == 1 and f"{table}: LỖI: {words}" in output and "Traceback" not in output, output
    assert "lưu lại thành .xlsx hoặc CSV UTF-8" in output or "Thêm dòng tiêu đề" in output  # and how to fix it
