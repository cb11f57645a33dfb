"""How readers ask, as the site search reads it: synonyms (data/synonyms.yml), question words and short forms
(data/search-words.yml).

Editors extend both files; `make check` validates them like content (schemas/data/, Vietnamese messages with
file, line and field). The build writes each language's words into its search index (scripts/model/search.py,
meta.js), where search.js applies them to the query: nothing of this is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scripts.model.content import LANGUAGES, Problem, data_file, read_data_file
from scripts.model.search import folded_phrase
from scripts.model.vietnamese import nfc

SYNONYMS = "synonyms"
SEARCH_WORDS = "search-words"


@dataclass(frozen=True)
class Synonym:
    say: tuple[str, ...]  # what readers type
    means: tuple[str, ...]  # what the pages say instead


@dataclass
class QueryWords:
    """One language's words."""

    synonyms: list[Synonym] = field(default_factory=list)
    question_words: list[str] = field(default_factory=list)
    short_forms: dict[str, str] = field(default_factory=dict)
    word_families: bool = False  # a word also finds the others of its family (register, registration)
    syllables: bool = False  # a word is written as syllables (khai sinh): query words apart everywhere weigh less


def load(docs_dir: Path, prefix: str = "docs") -> tuple[dict[str, QueryWords], list[Problem]]:
    """Each language's words (data/ beside docs/; a missing file is no words) and every problem of the files."""
    words = {lang: QueryWords() for lang in LANGUAGES}
    problems: list[Problem] = []
    path, shown = data_file(docs_dir, prefix, f"{SYNONYMS}.yml")
    if path.is_file():
        data, lines, found = read_data_file(path, shown, f"data/{SYNONYMS}")
        problems += found
        for lang in words:
            words[lang].synonyms, found = _synonyms(_items(data, lang), shown, lang, lines)
            problems += found
    path, shown = data_file(docs_dir, prefix, f"{SEARCH_WORDS}.yml")
    if path.is_file():
        data, _, found = read_data_file(path, shown, f"data/{SEARCH_WORDS}")
        problems += found
        for lang in words:
            values = data.get(lang) if isinstance(data, dict) and isinstance(data.get(lang), dict) else {}
            words[lang].question_words = [nfc(w) for w in _strings(values.get("question_words"))]
            short = values.get("short_forms")
            words[lang].short_forms = {k: nfc(v) for k, v in short.items() if isinstance(v, str)} if isinstance(short, dict) else {}
            words[lang].word_families = values.get("word_families") is True
            words[lang].syllables = values.get("syllables") is True
    return words, problems


def _strings(value) -> list[str]:
    """The texts of a list (what the schema refuses is reported by it, and left out here)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _items(data, lang: str) -> list[dict]:
    entries = data.get(lang) if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _synonyms(entries: list[dict], shown: str, lang: str, lines: dict[tuple, int]) -> tuple[list[Synonym], list[Problem]]:
    """The entries, each `say` phrase once in a language (a second one would say two things)."""
    result, problems, first = [], [], {}
    for number, entry in enumerate(entries, 1):
        say = tuple(nfc(p.strip()) for p in _strings(entry.get("say")))
        means = tuple(nfc(p.strip()) for p in _strings(entry.get("means")))
        for i, phrase in enumerate(say):
            key, line = folded_phrase(phrase), lines.get((lang, number - 1, "say", i))
            if key in first:
                problems.append(Problem(shown, line, f"{lang}.{number - 1}.say",
                                        f"cụm «{phrase}» đã có ở mục thứ {first[key]} của {lang}; mỗi cụm chỉ ghi ở một mục "
                                        f"(gộp các «means» của hai mục vào một).", "phrase already listed"))
            elif key in {folded_phrase(m) for m in means}:
                problems.append(Problem(shown, line, f"{lang}.{number - 1}.say",
                                        f"cụm «{phrase}» có ở cả «say» và «means» của cùng một mục; xóa nó khỏi «say».", "phrase says itself"))
            else:
                first[key] = number
        if say and means:
            result.append(Synonym(say, means))
    return result, problems


def for_search(words: QueryWords) -> dict:
    """The words as scripts/model/search.py writes them into the index."""
    return {"question_words": words.question_words, "short_forms": words.short_forms, "word_families": words.word_families,
            "syllables": words.syllables,
            "synonyms": [(synonym.say, synonym.means) for synonym in words.synonyms]}
