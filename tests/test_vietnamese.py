import datetime as dt
import unicodedata

import pytest

from scripts.model.vietnamese import canonical_tone_placement, fold_marks, format_date, nfc, slugify, sort_vietnamese


@pytest.mark.parametrize("text, slug", [
    ("Đăng ký khai sinh", "dang-ky-khai-sinh"),
    ("Ðăng ký ðất đai", "dang-ky-dat-dai"),  # Ð (U+00D0) typed for Đ
    ("Chứng thực bản sao từ bản chính", "chung-thuc-ban-sao-tu-ban-chinh"),
    ("Hòa giải tranh chấp đất đai", "hoa-giai-tranh-chap-dat-dai"),
    ("Kế hoạch 111/KH-UBND năm 2021", "ke-hoach-111-kh-ubnd-nam-2021"),
    ("  ĐƯỜNG DÂY NÓNG!  ", "duong-day-nong"),
])
def test_slugs_are_ascii_lower_case_with_d_for_dd(text, slug):
    assert slugify(text) == slug


def test_fold_marks_equates_nfd_nfc_case_and_dd():
    nfd = unicodedata.normalize("NFD", "Thủ tục Đăng ký")
    assert fold_marks(nfd) == fold_marks("thủ tục đăng ký") == "thu tuc dang ky"


@pytest.mark.parametrize("old, new", [("hoà giải", "hòa giải"), ("thuỷ lợi", "thủy lợi"), ("khoẻ", "khỏe"), ("Hoà Bình", "Hòa Bình")])
def test_old_and_new_tone_placement_become_one_spelling(old, new):
    assert canonical_tone_placement(old) == canonical_tone_placement(new) == nfc(new)


@pytest.mark.parametrize("word", ["hoàng", "quý", "quỷ", "khuya", "thuế", "huệ"])
def test_syllables_spelled_one_way_in_both_styles_are_left_alone(word):
    assert canonical_tone_placement(word) == word


def test_vietnamese_alphabetical_order():
    words = ["đăng", "dân", "ơn", "ăn", "an", "ông", "ô", "bà", "ba", "bá", "ân", "Anh", "An Phú", "ưu", "uống", "xã"]
    assert sort_vietnamese(words) == ["an", "An Phú", "Anh", "ăn", "ân", "ba", "bà", "bá", "dân", "đăng", "ô", "ông", "ơn",
                                      "uống", "ưu", "xã"]


def test_code_point_order_would_differ():
    # The reason sort_vietnamese exists: Python's own order puts đ after every plain letter.
    assert sorted(["đất đai", "xây dựng"]) == ["xây dựng", "đất đai"]
    assert sort_vietnamese(["đất đai", "xây dựng"]) == ["đất đai", "xây dựng"]


def test_dates_per_language():
    day = dt.date(2021, 3, 9)
    assert format_date(day, "vi") == "09/03/2021"
    assert format_date(day, "en") == "9 March 2021"


def test_fold_marks_letter_by_letter_equals_decomposing_the_whole_text():
    """fold_marks works per letter from a table: it must give what stripping marks from the decomposed,
    lower-cased text gives, for every character of the Basic Multilingual Plane and for mixed text."""
    def by_definition(text):
        decomposed = unicodedata.normalize("NFD", text.lower())
        return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("đ", "d").replace("ð", "d")

    every = "".join(chr(code) for code in range(0x20, 0x10000) if not 0xD800 <= code < 0xE000)
    samples = [every, "ĐĂNG KÝ KẾT HÔN", "Hoà THUỶ", unicodedata.normalize("NFD", "Khỏe mạnh Đất"), "ΟΔΟΣ", "İstanbul", "x\U0001D167y"]
    for text in samples:
        assert fold_marks(text) == by_definition(text)
