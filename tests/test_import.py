"""Import of procedure tables: the portal's Excel export (title rows, its header as it is) with good and bad rows; a
province's export as it comes (section and totals rows, merged cells, numeric codes, other headings, old online
levels); re-import that keeps what editors wrote; a CSV table; and the imported site built."""

from __future__ import annotations

import subprocess

import openpyxl
import pytest

from conftest import REPO, build, front_matter, run_cli, site_config, write_docs

PORTAL_HEADER = ["STT", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Đối tượng", "Cơ quan công khai", "Cấp thực hiện", "Tình trạng", "QĐ Công bố"]
RICHER = ["Thời hạn giải quyết", "Phí, lệ phí", "Mức độ DVC"]
TITLE = [["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ"], []]  # the portal's export starts with a title
GOOD = [
    [1, "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Công dân Việt Nam", "UBND tỉnh Lâm Đồng", "Cấp Xã", "Còn hiệu lực", "1329/QĐ-UBND",
     "Ngay trong ngày", "Miễn lệ phí khi đăng ký đúng hạn", "Toàn trình"],
    # a code typed as a number in a column formatted with six decimals (B5 below): the format says 1.000110
    [2, 1.00011, "Đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới", "Hộ tịch", "Công dân Việt Nam; Người nước ngoài",
     "UBND tỉnh Lâm Đồng", "Cấp Tỉnh, Cấp Xã", "Còn hiệu lực", "", "", "", "Một phần"],
    [3, "2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Thành lập và hoạt động doanh nghiệp", "Cá nhân", "Sở Tài chính",
     "Cấp Tỉnh", "Còn hiệu lực", "", "03 ngày làm việc", "50.000 đồng", "Toàn trình"],
]
BAD = [
    [4, "1.23", "", "Hộ tịch", "", "UBND", "Cấp Huyện", "Còn hiệu lực", "", "", "", "Có thể"],
    [5, "1.001193", "Đăng ký khai sinh (trùng)", "Hộ tịch", "", "UBND", "Cấp Xã", "Còn hiệu lực", "", "", "", ""],
    [6, "2.000002", "Thủ tục không ghi lĩnh vực", "", "", "UBND", "Cấp Xã", "Còn hiệu lực", "", "", "", ""],
    # a number in General format that has lost a digit: 1.001190, or a code typed short?
    [7, 1.00119, "Đăng ký lại khai sinh", "Hộ tịch", "", "UBND", "Cấp Xã", "Còn hiệu lực", "", "", "", ""],
]
EXPIRED = [8, "2.000001", "Thủ tục đã bãi bỏ", "Hộ tịch", "", "UBND", "Cấp Xã", "Hết hiệu lực", "", "", "", ""]


def sheet(path, rows, merged=(), formats=None):
    """An .xlsx whose first sheet holds the rows as given, with merged ranges ("A4:H4") and number formats by cell."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    for cells, number_format in (formats or {}).items():
        ws[cells].number_format = number_format
    for cells in merged:
        ws.merge_cells(cells)
    book.save(path)
    return path


def workbook(path, rows, header=PORTAL_HEADER + RICHER, formats=None):
    return sheet(path, [*TITLE, header, *rows], formats=formats)


def run_import(table, docs, *options):
    done = run_cli("import", str(table), "--docs", str(docs), *options)
    return done.returncode, done.stdout + done.stderr


def line_of(output: str, row: int) -> str:
    return next(line for line in output.splitlines() if line.startswith(f"Dòng {row}:"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("import")
    docs = write_docs(tmp, {"thu-tuc/index.md": "---\ntitle: Thủ tục\n---\n\n# Thủ tục\n\n<!-- cchc:procedures -->\n"})
    status, output = run_import(workbook(tmp / "danh-muc.xlsx", [*GOOD, *BAD, EXPIRED], formats={"B5": "0.000000"}), docs)
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
    row7 = line_of(output, 7)
    assert "LỖI" in row7 and "mã thủ tục «1.23» không đúng dạng" in row7 and "thiếu tên thủ tục" in row7
    assert "cấp huyện không còn từ 01/7/2025" in row7 and "«Có thể» không rõ" in row7
    assert "Dòng 8: LỖI: mã 1.001193 đã có ở dòng 4 của bảng" in output
    assert "Dòng 9: LỖI: thiếu Lĩnh vực" in output
    assert "Dòng 11: bỏ qua: thủ tục 2.000001 có tình trạng «Hết hiệu lực», không nhập" in output
    assert "Bỏ qua cột không dùng: STT." in output
    assert "3 tạo mới, 0 cập nhật, 0 không đổi, 0 giữ nguyên vì khác bảng, 1 bỏ qua, 4 lỗi" in output


def test_a_code_excel_stored_as_a_number_without_its_format_is_not_guessed(imported):
    _, docs, _, output = imported
    row10 = line_of(output, 10)
    assert row10.startswith("Dòng 10: LỖI: mã ở cột «Mã TTHC» lưu dạng số 1.00119, đọc được hai cách: 1.001190 (Excel đã bỏ số 0 ở cuối) "
                            "hoặc 1.00119 (mã gõ thiếu chữ số); dòng này chưa được nhập.")
    assert "Định dạng cột «Mã TTHC» là Văn bản" in row10  # how to fix it
    assert not (docs / "thu-tuc/dang-ky-lai-khai-sinh.md").exists()


PROVINCE_HEADER = ["STT", "Mã thủ tục", "Tên thủ tục hành chính", "Lĩnh vực", "Đối tượng thực hiện", "Cơ quan thực hiện",
                   "Cấp thực hiện", "Dịch vụ công trực tuyến toàn trình/một phần", "Thời hạn giải quyết", "Phí, lệ phí (nếu có)", "Căn cứ pháp lý"]
PROVINCE_ROWS = [
    ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"],                                                          # 1
    ["DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA UBND CẤP XÃ"],                  # 2
    ["(Kèm theo Quyết định số 1329/QĐ-UBND ngày 20/6/2025)"],                                     # 3
    PROVINCE_HEADER,                                                                              # 4
    ["I", "LĨNH VỰC HỘ TỊCH"],                                                                    # 5: merged B5:K5
    [1, 1.001193, "Đăng ký khai sinh", "Hộ tịch", "Cá nhân", "UBND cấp xã", "Cấp Xã", "Toàn trình", "Ngay trong ngày", "Miễn lệ phí", "Luật Hộ tịch"],
    [2, 1.00089, "Đăng ký kết hôn", None, "Cá nhân", "UBND cấp xã", "Cấp Xã", "Dịch vụ công trực tuyến một phần", "Ngay trong ngày", "Miễn lệ phí", ""],
    [3, "1.000656", "Đăng ký khai tử", None, "Cá nhân", "UBND cấp xã", "Cấp Xã", "Một phần", "", "", ""],  # 8: D6:D8 merged
    [],                                                                                           # 9
    ["II", "LĨNH VỰC CHỨNG THỰC"],                                                                # 10: merged B10:K10
    [1, "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", "Cá nhân, tổ chức", "UBND cấp xã", "Cấp Xã", "Một phần", "", "2.000 đồng/trang", ""],
    [2, "2.000884", "Chứng thực chữ ký", "Chứng thực", "Cá nhân", "UBND cấp xã", "Cấp Xã", "Toàn trình", "", "", ""],
    [3, 1.00194, "Chứng thực di chúc", "Chứng thực", "Cá nhân", "UBND cấp xã", "Cấp Xã", "", "", "", ""],       # 13: "0.000000" keeps 1.001940
    ["Tổng số: 6 thủ tục"],                                                                       # 14: merged A14:K14
]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("province")
    table = sheet(tmp / "lam-dong.xlsx", PROVINCE_ROWS, merged=["A1:K1", "A2:K2", "B5:K5", "D6:D8", "B10:K10", "A14:K14"],
                  formats={"B7": "0.000000", "B13": "0.000000"})
    docs = write_docs(tmp, {})
    status, output = run_import(table, docs)
    return docs, status, output


def test_a_provinces_export_imports_as_it_comes(province):
    docs, status, output = province
    assert status == 0, output
    assert "Dòng 5: dòng tiêu đề nhóm: «I LĨNH VỰC HỘ TỊCH»" in output and "Dòng 10: dòng tiêu đề nhóm: «II LĨNH VỰC CHỨNG THỰC»" in output
    assert "Dòng 14: dòng tổng: «Tổng số: 6 thủ tục»" in output
    assert "6 tạo mới, 0 cập nhật, 0 không đổi, 0 giữ nguyên vì khác bảng, 0 bỏ qua, 0 lỗi, 2 dòng tiêu đề nhóm, 1 dòng tổng" in output
    assert "Bỏ qua cột không dùng: STT, Căn cứ pháp lý." in output
    birth, _ = front_matter(docs / "thu-tuc/dang-ky-khai-sinh.md")
    assert birth["code"] == "1.001193" and birth["agency"] == "UBND cấp xã" and birth["applicants"] == ["Cá nhân"]
    assert birth["online"]["level"] == "full" and birth["channels"] == [{"type": "in_person", "time": "Ngay trong ngày", "fee": "Miễn lệ phí"}]
    marriage, _ = front_matter(docs / "thu-tuc/dang-ky-ket-hon.md")
    death, _ = front_matter(docs / "thu-tuc/dang-ky-khai-tu.md")
    assert marriage["code"] == "1.000890" and marriage["field"] == death["field"] == "Hộ tịch"  # the merged field cell
    assert marriage["online"]["level"] == death["online"]["level"] == "partial"
    will, _ = front_matter(docs / "thu-tuc/chung-thuc-di-chuc.md")
    assert will["code"] == "1.001940" and will["field"] == "Chứng thực" and "online" not in will
    assert "Mức độ cũ" not in output  # the portal's own words need no judgement


def test_an_older_export_with_old_online_levels(tmp_path):
    """Ticks under Mức độ 3 | Mức độ 4 (a merged "Mức độ DVC" above them), a row numbering the columns, and the
    field given only by section rows."""
    rows = [["DANH MỤC THỦ TỤC HÀNH CHÍNH (ban hành năm 2019)"],
            ["TT", "Mã số TTHC", "Tên TTHC", "Cơ quan thực hiện", "Cấp thực hiện", "Mức độ DVC", None],
            [None, None, None, None, None, "Mức độ 3", "Mức độ 4"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
            ["A", "LĨNH VỰC CƯ TRÚ"],
            [1, "1.004194", "Đăng ký tạm trú", "Công an cấp xã", "Cấp xã", "x", None],
            [2, "1.004222", "Đăng ký thường trú", "Công an cấp xã", "Cấp xã", None, "✓"],
            [3, "1.010038", "Tách hộ", "Công an cấp xã", "Cấp xã", None, None],
            ["Tổng cộng: 3 thủ tục"]]
    table = sheet(tmp_path / "cu.xlsx", rows, merged=["F2:G2", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3"])
    docs = write_docs(tmp_path, {})
    status, output = run_import(table, docs)
    assert status == 0, output
    temporary, _ = front_matter(docs / "thu-tuc/dang-ky-tam-tru.md")
    permanent, _ = front_matter(docs / "thu-tuc/dang-ky-thuong-tru.md")
    split, _ = front_matter(docs / "thu-tuc/tach-ho.md")
    assert temporary["online"]["level"] == "partial" and permanent["online"]["level"] == "full" and "online" not in split
    assert temporary["field"] == permanent["field"] == split["field"] == "Cư trú"
    assert "Mức độ cũ được đọc theo Nghị định 42/2022/NĐ-CP: mức độ 4 là «toàn trình» (full), mức độ 3 là «một phần» (partial)" in output
    assert "gần đúng" in output and "Dòng 4:" not in output  # the judgement is said; the numbering row is heading


def test_old_levels_written_in_the_cells_csv(tmp_path):
    table = tmp_path / "cu.csv"
    table.write_text("Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan thực hiện,Cấp thực hiện,Mức độ DVC\n"
                     "1.004194,Đăng ký tạm trú,Cư trú,Công an cấp xã,Cấp xã,Mức độ 4\n"
                     "1.004222,Đăng ký thường trú,Cư trú,Công an cấp xã,Cấp xã,3\n"
                     "1.010038,Tách hộ,Cư trú,Công an cấp xã,Cấp xã,Mức độ 2\n", encoding="utf-8")
    docs = write_docs(tmp_path, {})
    status, output = run_import(table, docs)
    assert status == 0, output
    levels = [front_matter(docs / f"thu-tuc/{name}.md")[0]["online"] for name in ("dang-ky-tam-tru", "dang-ky-thuong-tru", "tach-ho")]
    assert [online["level"] for online in levels] == ["full", "partial", "none"] and "url" not in levels[2]
    assert output.count("Mức độ cũ được đọc theo Nghị định 42/2022/NĐ-CP") == 1


def test_a_row_below_the_header_is_data_even_when_it_holds_heading_words(tmp_path):
    """A first row without its code but with "Toàn trình" in it is a procedure to report, not a sub-heading."""
    table = tmp_path / "a.csv"
    table.write_text("Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan thực hiện,Cấp thực hiện,Mức độ DVC\n"
                     ",Đăng ký kết hôn,Hộ tịch,UBND xã,Cấp xã,Toàn trình\n"
                     "1.001193,Đăng ký khai sinh,Hộ tịch,UBND xã,Cấp xã,Toàn trình\n", encoding="utf-8")
    docs = write_docs(tmp_path, {})
    status, output = run_import(table, docs)
    assert status == 1 and "Dòng 2: LỖI: thiếu mã thủ tục (cột «Mã TTHC»)" in output
    assert front_matter(docs / "thu-tuc/dang-ky-khai-sinh.md")[0]["online"]["level"] == "full"


# --- re-import --------------------------------------------------------------------------------------------------

EDITED = """---
code: '1.001193'
# Tên theo Quyết định 1329/QĐ-UBND; đừng rút gọn.
name: Đăng ký khai sinh
level: commune
field: Hộ tịch
agency: Ủy ban nhân dân cấp xã  # không ghi tên riêng của xã
applicants:
- Cha, mẹ, ông, bà hoặc người thân thích khác của trẻ em
- Cá nhân, tổ chức đang nuôi dưỡng trẻ em
steps:
- 'Bước 1: Nộp hồ sơ tại Bộ phận Một cửa.'
channels:
- type: in_person
  time: Ngay trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo
  # lệ phí: Nghị quyết của HĐND tỉnh
  fee: Miễn lệ phí khi đăng ký đúng hạn
- type: online
  time: Ngay trong ngày
updated: '2026-01-05'
---

Phần biên tập viên viết tay.
"""
REIMPORT = [[1, "1.001193", "Đăng ký khai sinh (đúng hạn)", "Hộ tịch", "Công dân Việt Nam", "UBND tỉnh Lâm Đồng", "Cấp Xã", "Còn hiệu lực",
             "1329/QĐ-UBND", "Ngay trong ngày", "Miễn lệ phí", "Toàn trình"]]


def edited_docs(tmp_path, extra=None):
    return write_docs(tmp_path, {"thu-tuc/dang-ky-khai-sinh.md": EDITED, **(extra or {})})


def test_reimport_keeps_what_the_editor_wrote_and_lists_the_differences(tmp_path):
    docs = edited_docs(tmp_path)
    status, output = run_import(workbook(tmp_path / "lai.xlsx", REIMPORT), docs)
    assert status == 0, output
    text = (docs / "thu-tuc/dang-ky-khai-sinh.md").read_text(encoding="utf-8")
    # Only what the file did not have is added, each at its place; every other line, comments included, is as it was.
    added = ("code: '1.001193'\ndecision: 1329/QĐ-UBND\n", "  time: Ngay trong ngày\n"
             "online:\n  level: full\n  url: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193\n")
    expected = EDITED.replace("code: '1.001193'\n", added[0]).replace("  time: Ngay trong ngày\n", added[1])
    assert text == expected.replace("updated: '2026-01-05'", f"updated: '{front_matter(docs / 'thu-tuc/dang-ky-khai-sinh.md')[0]['updated']}'")
    row = line_of(output, 4)
    assert row.startswith("Dòng 4: đã cập nhật docs/thu-tuc/dang-ky-khai-sinh.md: thêm decision, online")
    assert "giữ name «Đăng ký khai sinh» của tệp (bảng: «Đăng ký khai sinh (đúng hạn)»)" in row
    assert "giữ applicants «Cha, mẹ, ông, bà hoặc người thân thích khác của trẻ em; Cá nhân, tổ chức đang n…» của tệp (bảng: «Công dân Việt Nam»)" in row
    assert "giữ channels (in_person) fee «Miễn lệ phí khi đăng ký đúng hạn» của tệp (bảng: «Miễn lệ phí»)" in row
    assert "agency" not in row  # the publishing agency does not stand in for a known agency
    assert "nhập lại với --replace (make import FILE=" in output
    status, output = run_import(workbook(tmp_path / "lai.xlsx", REIMPORT), docs)  # once more: nothing left to add
    assert status == 0 and line_of(output, 4).startswith("Dòng 4: giữ nguyên, khác bảng docs/thu-tuc/dang-ky-khai-sinh.md: giữ name")
    assert (docs / "thu-tuc/dang-ky-khai-sinh.md").read_text(encoding="utf-8") == text


def test_reimport_with_replace_takes_the_tables_values_and_keeps_the_comments(tmp_path):
    docs = edited_docs(tmp_path)
    status, output = run_import(workbook(tmp_path / "lai.xlsx", REIMPORT), docs, "--replace")
    assert status == 0, output
    path = docs / "thu-tuc/dang-ky-khai-sinh.md"
    meta, body = front_matter(path)
    assert meta["name"] == "Đăng ký khai sinh (đúng hạn)" and meta["applicants"] == ["Công dân Việt Nam"]
    assert meta["channels"] == [{"type": "in_person", "time": "Ngay trong ngày", "fee": "Miễn lệ phí"}, {"type": "online", "time": "Ngay trong ngày"}]
    assert meta["steps"] == ["Bước 1: Nộp hồ sơ tại Bộ phận Một cửa."] and meta["agency"] == "Ủy ban nhân dân cấp xã"
    assert body == "\nPhần biên tập viên viết tay.\n"
    text = path.read_text(encoding="utf-8")
    for comment in ("# Tên theo Quyết định 1329/QĐ-UBND; đừng rút gọn.", "agency: Ủy ban nhân dân cấp xã  # không ghi tên riêng của xã",
                    "  # lệ phí: Nghị quyết của HĐND tỉnh"):
        assert comment in text
    row = line_of(output, 4)
    assert "đổi name: «Đăng ký khai sinh» → «Đăng ký khai sinh (đúng hạn)»" in row and "đổi channels (in_person) fee" in row
    assert "giữ" not in row and "--replace" not in output


def test_make_import_passes_replace():
    dry_run = subprocess.run(["make", "--no-print-directory", "-n", "import", "FILE=bang.xlsx", "REPLACE=1"], capture_output=True, text=True, cwd=REPO).stdout
    assert dry_run.splitlines()[-1].endswith('scripts.cli import "bang.xlsx" --replace')
    dry_run = subprocess.run(["make", "--no-print-directory", "-n", "import", "FILE=bang.xlsx"], capture_output=True, text=True, cwd=REPO).stdout
    assert "--replace" not in dry_run


def test_a_file_that_does_not_parse_is_never_overwritten(tmp_path):
    broken = "---\ncode: '1.001193'\nname: Đăng ký khai sinh\nsteps:\n- Bước 1: nộp hồ sơ\n  - lệch dòng\nlevel: commune\n---\n\nNội dung viết tay.\n"
    docs = write_docs(tmp_path, {"thu-tuc/dang-ky-khai-sinh.md": broken})
    status, output = run_import(workbook(tmp_path / "lai.xlsx", REIMPORT), docs)
    assert status == 1
    assert (docs / "thu-tuc/dang-ky-khai-sinh.md").read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in (docs / "thu-tuc").iterdir()) == ["dang-ky-khai-sinh.md"]  # no stub beside it either
    assert "docs/thu-tuc/dang-ky-khai-sinh.md:" in output and "cú pháp YAML" in output and "Tệp này được giữ nguyên, không ghi đè." in output
    assert line_of(output, 4).startswith("Dòng 4: LỖI: docs/thu-tuc/dang-ky-khai-sinh.md có thể đã ghi thủ tục này nhưng phần đầu không đọc được")
    assert "đã tạo" not in output


def test_a_field_change_that_would_add_a_second_field_page_is_pointed_out(tmp_path):
    business = "---\ncode: '1.001612'\nname: Đăng ký thành lập hộ kinh doanh\nlevel: commune\nfield: Hộ kinh doanh\nagency: UBND cấp xã\n---\n"
    docs = write_docs(tmp_path, {"thu-tuc/dang-ky-thanh-lap-ho-kinh-doanh.md": business})
    rows = [[1, "1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", "", "UBND cấp xã", "Cấp Xã",
             "Còn hiệu lực", "", "", "", ""],
            [2, "2.000720", "Thay đổi nội dung đăng ký hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", "", "UBND cấp xã", "Cấp Xã",
             "Còn hiệu lực", "", "", "", ""]]
    table = workbook(tmp_path / "hkd.xlsx", rows)
    status, output = run_import(table, docs)
    assert status == 0, output
    note = ("lĩnh vực «Thành lập và hoạt động của hộ kinh doanh» chưa thủ tục nào khác dùng: {} trang lĩnh vực "
            "thu-tuc/linh-vuc/thanh-lap-va-hoat-dong-cua-ho-kinh-doanh/ bên cạnh «Hộ kinh doanh»")
    assert note.format("lấy theo bảng sẽ thêm") in line_of(output, 4) and note.format("thêm") in line_of(output, 5)
    assert front_matter(docs / "thu-tuc/dang-ky-thanh-lap-ho-kinh-doanh.md")[0]["field"] == "Hộ kinh doanh"
    status, output = run_import(table, write_docs(tmp_path / "again", {"thu-tuc/dang-ky-thanh-lap-ho-kinh-doanh.md": business}), "--replace")
    assert status == 0 and note.format("thêm") in line_of(output, 4) and "chưa thủ tục nào khác dùng" not in line_of(output, 5)


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


def test_imported_procedures_build(imported, province):
    tmp, docs, _, _ = imported
    for path in (province[0] / "thu-tuc").glob("*.md"):
        (docs / "thu-tuc" / path.name).write_bytes(path.read_bytes())
    result = build(site_config(tmp, docs, nav=[{"Trang chủ": "index.md"}]))
    assert result.returncode == 0, result.log
    html = result.html("thu-tuc/dang-ky-thanh-lap-doanh-nghiep-tu-nhan")
    assert "2.001610" in html and "03 ngày làm việc" in html
    assert "Đăng ký thành lập doanh nghiệp tư nhân" in result.html("thu-tuc/cap-thuc-hien/cap-tinh")
    assert "Đăng ký thành lập doanh nghiệp tư nhân" in result.html("en/thu-tuc/tat-ca")  # the A–Z list names every procedure
    assert "Chứng thực di chúc" in result.html("thu-tuc/linh-vuc/chung-thuc")


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
