"""The text contract on its golden vectors (tests/vectors/folding.json): mark folding, tone placement and
tokens in Python (scripts/model/vietnamese.py, scripts/model/search.py, the procedure filter's build-time text) and in
Chromium (search.js, and the procedure filter on the built index page), so that no copy drifts from the others."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from scripts.model import contract, search
from scripts.pages.procedures import search_text
from scripts.model.vietnamese import canonical_tone_placement, fold_marks

VECTORS = json.loads((REPO / "tests/vectors/folding.json").read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["note"] for v in VECTORS])
def test_python_folds_and_tokenizes_as_the_vectors_say(vector):
    assert fold_marks(vector["input"]) == vector["folded"]
    assert canonical_tone_placement(vector["input"]) == vector["canonical"]
    assert [list(t) for t in search.tokens(vector["input"])] == vector["tokens"]
    # what the procedure filter matches typed words against: the text of each row of procedures-<lang>.js
    assert search_text({"name": vector["input"], "code": "", "field": "", "agency": ""}) == " ".join(vector["folded"].split())


def test_vectors_cover_the_contract():
    """The cases the vectors exist for stay in the file: NFD input, đ/Đ (and Ð/ð typed for them), upper case, old tone placement, plan
    numbers and procedure codes, punctuation gaps, mixed English, and every Vietnamese vowel with every tone."""
    inputs = "".join(v["input"] for v in VECTORS)
    assert any(v["input"] != v["canonical"] and v["canonical"] == canonical_tone_placement(v["canonical"]) for v in VECTORS)
    assert "\u0301" in inputs and "Đ" in inputs and "đ" in inputs and "Ð" in inputs and "ð" in inputs and "111/KH-UBND" in inputs and "1.004194" in inputs
    assert any(b - a == 2 for v in VECTORS for a, b in zip([t[2] for t in v["tokens"]], [t[2] for t in v["tokens"]][1:]))
    vowels = {c for v in VECTORS for c in v["input"] if fold_marks(c) in "aeiouy" and fold_marks(c) != c}
    assert len(vowels) >= 12 * 5  # 12 vowels: a ă â e ê i o ô ơ u ư y; each toned letter differs from the plain one


# --- the same vectors in Chromium ----------------------------------------------------------------------

def test_search_js_folds_and_tokenizes_as_the_vectors_say(browser, real_site_url):
    page = browser.new_page()
    try:
        page.goto(real_site_url)
        found = page.evaluate("inputs => inputs.map(s => [cchcSearchText.fold(s), cchcSearchText.canonical(s), cchcSearchText.tokens(s)])",
                              [v["input"] for v in VECTORS])
    finally:
        page.close()
    differ = [(v["note"], got) for v, got in zip(VECTORS, found) if got != [v["folded"], v["canonical"], v["tokens"]]]
    assert differ == []


def test_procedure_filter_folds_typed_words_as_the_vectors_say(browser, real_site_url):
    """On the built procedure index: one row holds the vector's folded text (as the build writes it in the filter's
    rows), the others a text no vector folds to; typing the input must list that row alone (none for no words)."""
    page = browser.new_page()
    try:
        page.goto(real_site_url + "thu-tuc/")
        page.wait_for_selector("#cchc-filter:not([hidden])")
        page.focus("#cchc-filter-text")  # the rows load on the filter's first use
        names = contract.names()["procedureFilter"]
        page.wait_for_function("name => window[name] !== undefined", arg=names["rows"])
        for vector in VECTORS:
            typed = vector["input"].replace("\n", " ")  # a text box holds no line break
            shown = page.evaluate("""([typed, data, name, TEXT]) => {
                const rows = window[name].rows;
                rows.forEach((row, i) => { row[TEXT] = i === 0 ? data : 'zzz'; });
                const box = document.getElementById('cchc-filter-text');
                box.value = typed;
                box.dispatchEvent(new Event('input', {bubbles: true}));
                return [box.value === typed, rows.length, [...document.querySelectorAll('#cchc-procedure-list a')].map(a => a.textContent),
                        rows[0][0]];
            }""", [typed, " ".join(vector["folded"].split()), names["rows"], names["columns"].index("text")])
            ok, rows, listed, first = shown
            expected = [] if not vector["folded"].split() else [first]
            assert ok and rows > 1 and listed == expected, vector["note"]
    finally:
        page.close()
