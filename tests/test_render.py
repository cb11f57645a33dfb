from scripts.model.render import table_cell, tel_href
from scripts.model.translations import translations


def test_both_languages_have_the_same_words():
    assert set(translations("vi")) == set(translations("en"))


def test_phone_numbers_become_tel_links():
    assert tel_href("024.62933647") == "tel:02462933647"
    assert tel_href("0868 216 873") == "tel:0868216873"


def test_table_cells_escape_pipes_and_newlines():
    assert table_cell("a | b\nc") == "a \\| b c"
