"""Synthetic procedures for the benchmark: valid, bilingual, unique, deterministic, of realistic size."""

from __future__ import annotations

import re

import pytest
import yaml

from scripts.model import content
from scripts.build import site as site_check
from scripts.tools import synthetic
from scripts.model.render import render_page

CODE = re.compile(content.schema("procedure")["properties"]["code"]["pattern"])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Twelve synthetic procedures written into an empty docs folder, and the site check of that folder."""
    docs = tmp_path_factory.mktemp("synthetic") / "docs"
    files = synthetic.write(docs, 12, seed=7)
    return files, site_check.check(docs, [], "")


def test_a_generated_set_passes_the_site_check_with_no_error(generated):
    files, site = generated
    assert len(files) == 24 and len(site.documents) == 24
    assert site.errors == []
    assert len(site.of_kind("procedure")) == 12


def test_each_procedure_has_an_english_translation_of_text_fields_only(generated):
    files, site = generated
    for doc in site.of_kind("procedure"):
        english = doc.translations["en"]
        assert set(english.meta) <= content.TRANSLATABLE["procedure"]
        assert english.meta["name"] != doc.meta["name"] and english.body.strip()
        assert not re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", english.meta["name"])


def test_codes_are_unique_and_in_the_national_pattern(generated):
    _, site = generated
    codes = [c for d in site.of_kind("procedure") for c in [d.meta["code"], *d.meta.get("former_codes", [])]]
    assert len(codes) == len(set(codes))
    assert all(CODE.match(code) for code in codes)


def test_the_same_seed_gives_the_same_files_and_another_seed_others():
    assert synthetic.procedures(5, seed=3) == synthetic.procedures(5, seed=3)
    assert synthetic.procedures(5, seed=3) != synthetic.procedures(5, seed=4)


def test_codes_already_taken_by_real_procedures_are_not_reused():
    first = yaml.safe_load(synthetic.procedures(3, seed=3)[0].text.split("---")[1])["code"]
    again = synthetic.procedures(3, seed=3, taken_codes={first})
    assert first not in "".join(f.text for f in again)


def test_text_is_vietnamese_with_marks_and_pages_have_about_400_words(generated):
    _, site = generated
    words = []
    for doc in site.of_kind("procedure"):
        assert re.search(r"[ếệọủữđ]", doc.meta["name"] + doc.body + " ".join(doc.meta["steps"]))
        assert doc.meta["name"] == content.nfc(doc.meta["name"])
        for lang in content.LANGUAGES:
            body = doc.translations[lang].body if lang != content.DEFAULT_LANGUAGE else doc.body
            markdown = render_page("procedure", doc.localized(lang), body, lang, title=doc.localized(lang)["name"])
            words.append(len(re.sub(r"[|#*:-]+|<[^>]+>|\{[^}]*\}|\(https?://[^)]*\)", " ", markdown).split()))
    assert 300 <= sum(words) / len(words) <= 600, words
