"""Site search: the index the build writes for each language, read by docs/assets/javascripts/search.js.

Why not Material's search plugin: its one index holds both languages (14.7 MB at 6,000 pages), is built in
the browser by a web worker (which file:// cannot start), and its lunr pipeline neither folds Vietnamese
marks nor knows that "khai sinh" is one word. Here the build writes, per language, small classic scripts
(JSONP-like, so they load from file:// too): meta, term shards, page texts and the vocabulary. The format of
those files is described once, in schemas/output/search-index.schema.json (tests validate what this module writes
against it); its version and the files' names are in docs/assets/javascripts/contract.js, which search.js reads
too: search.js refuses an index of another format.

A term is a syllable or word with its marks folded (`vietnamese.fold_marks`); its postings keep, per page,
every position and which marked spelling stood there, so a query can rank adjacent syllables (phrases) and
exact marks first. The tokenizer below has a twin in search.js; tests compare the two on the same strings.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, groupby
from operator import sub
from pathlib import Path

from scripts.model import contract
from scripts.model.files import replace_folder_files
from scripts.model.vietnamese import canonical_tone_placement, fold_marks, nfc

# A token is a run of letters and digits (and combining marks, for text that is not NFC); captured, so that
# TOKEN.split gives separators and tokens in turn.
TOKEN = re.compile(r"((?:[^\W_]|[\u0300-\u036f])+)")
# Tokens joined by spaces or by the punctuation inside numbers and codes (111/KH-UBND, 1.001193) are adjacent;
# any other separator (comma, full stop and space, a new block) leaves a gap, so no phrase spans it.
JOINER = re.compile(r"[ \t\u00a0]+|[-/.'\u2019]")
# The queries readers type, each with the page it should find: tests/test_search.py judges them in Chromium,
# `make bench` times them at scale. Inside the repository, so that a fork runs the same checks.
QUERIES_FILE = Path(__file__).resolve().parents[2] / "tests/search-queries.yml"
SHARD_BYTES = 48_000  # raw JSON per term shard (≤ 40 KB gzip at 6,000 pages): a long query stays well under 1 MB
CHUNK_BYTES = 24_000  # raw page text per text chunk
MAX_TEXT = 30_000  # characters of a page's text kept for snippets


@dataclass
class Entry:
    """One page as search sees it: where it is, its title, its text (blocks separated by new lines)."""

    url: str
    title: str
    text: str
    keys: list[str] = field(default_factory=list)  # searched like the title: plan number, procedure code, other names
    listing: bool = False  # a page listing many things (procedure index, field, register, archive pages)


class _Steps(dict):
    """separator -> how far the position moves across it: 1 where it joins its tokens, 2 where a phrase
    cannot continue (few distinct separators, so each is matched once)."""

    def __missing__(self, separator: str) -> int:
        step = self[separator] = 1 if JOINER.fullmatch(separator) else 2
        return step


_STEPS = _Steps()


def _split(text: str) -> tuple[list[str], list[str], list[int]]:
    """(TOKEN.split parts, the tokens, each token's position): the positions from C-level loops, as thousands
    of pages pass through here."""
    parts = TOKEN.split(text)
    words = parts[1::2]
    return parts, words, list(accumulate(map(_STEPS.__getitem__, parts[2:-1:2]), initial=0)) if words else []


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start offset, position) of each token; positions leave a gap where a phrase cannot continue.

    The tokenizer as search.js has it (offsets for highlighting): tests compare the two; postings use _split."""
    parts, words, positions = _split(text)
    offsets = accumulate((len(parts[i]) + len(parts[i + 1]) for i in range(1, len(parts) - 1, 2)), initial=len(parts[0]))
    return list(zip(words, offsets, positions))


@lru_cache(maxsize=200_000)
def term(token: str) -> tuple[str, str]:
    """A token's folded term (what matches) and its marked spelling (what ranks exact marks first)."""
    return fold_marks(token), canonical_tone_placement(token.lower())


def folded_phrase(phrase: str) -> str:
    """A phrase as a query matches it: its tokens' folded terms, one space apart ("Sổ hộ-khẩu" -> "so ho khau")."""
    return " ".join(term(token)[0] for token, _, _ in tokens(nfc(phrase)))


def spelled_phrase(phrase: str) -> str:
    """A phrase's tokens as spelled, one space apart ("Sổ hộ-khẩu" -> "sổ hộ khẩu"): the marks a phrase's words must have."""
    return " ".join(term(token)[1] for token, _, _ in tokens(nfc(phrase)))


# Content HTML as Python-Markdown writes it: elements whose text is left out (with their content), then tags.
_LEFT_OUT = re.compile(r"<(script|style|template|thead|select|svg)\b[^>]*>.*?</\1\s*>"  # thead: table headers ("Tên giấy tờ ·
                       r"|<a\s[^>]*?class=\"[^\"]*\bheaderlink\b[^\"]*\"[^>]*>.*?</a\s*>"  # Bản chính") repeat on every
                       r"|<!--.*?-->", re.S | re.I)  # procedure page: noise in snippets; heading permalinks (¶);
# select: the procedure filter's options, whose texts would run together ("Hộ kinh doanhHộ tịch"); svg: the
# results page's charts, whose figures its tables also give

_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div", "br", "tr", "label", "button", "figure",
          "pre", "blockquote", "section", "article", "aside", "figcaption", "summary", "details", "table"}


def _tag(match: re.Match) -> str:
    return "\n" if match.group(1).lower() in BLOCKS else ""


def page_text(content_html: str) -> str:
    """A page's text for search: blocks on their own lines, spaces collapsed, NFC.

    Regular expressions rather than an HTML parser: the input is the Markdown renderer's own output, and
    at thousands of pages html.parser cost seconds.
    """
    text = html.unescape(_TAG.sub(_tag, _LEFT_OUT.sub("", content_html)))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return nfc("\n".join(line for line in lines if line))


def entry(url: str, title: str, content_html: str, keys: list[str] | None = None, listing: bool = False) -> Entry:
    """A page's search entry; the first line of the text is dropped when it repeats the title (the page's h1)."""
    title = nfc(" ".join(title.split()))
    text = page_text(content_html)
    first, _, rest = text.partition("\n")
    if first == title:
        text = rest
    return Entry(url, title, text[:MAX_TEXT], [nfc(k) for k in keys or [] if k], listing)


class _Terms(dict):
    """token -> (its term, its spelling's index among the term's spellings), numbering each term's
    spellings in the order they first occur; one per index, so the numbering depends on its pages alone."""

    def __init__(self) -> None:
        super().__init__()
        self.spellings: dict[str, dict[str, int]] = {}  # term -> spelling -> its index

    def __missing__(self, token: str) -> tuple[str, int]:
        folded, spelling = term(token)
        spellings = self.spellings.setdefault(folded, {})
        found = self[token] = (folded, spellings.setdefault(spelling, len(spellings)))
        return found


def postings(entries: list[Entry]) -> tuple[list[int], dict[str, tuple[list[str], list[int]]]]:
    """Title lengths per page, and term -> (spellings, flat postings).

    Flat postings, per page holding the term: page number minus the previous one, number of positions, then
    each position as (position minus the previous one) × len(spellings) + spelling index. Small integers
    that compress well. The title (with the page's keys after it) takes positions 0..T-1; the body follows
    after a gap, so no phrase runs from the title into the body.
    """
    terms = _Terms()
    title_lengths, pages = [], []
    for page in entries:  # every token's term first, so that each term's number of spellings is known below
        _, head, head_positions = _split(page.title + "".join("\n" + key for key in page.keys))
        title_length = head_positions[-1] + 1 if head else 0
        title_lengths.append(title_length)
        _, body, body_positions = _split(page.text)
        found = list(map(terms.__getitem__, head + body))  # (term, spelling index) of each token
        pages.append((found, head_positions + [title_length + 1 + position for position in body_positions]))
    widths = {folded: len(spellings) for folded, spellings in terms.spellings.items()}
    flats: dict[str, list[int]] = {}
    previous_page: dict[str, int] = {}
    for number, (found, positions) in enumerate(pages):
        folds = [folded for folded, _ in found]
        by_term = sorted(range(len(folds)), key=folds.__getitem__)  # stable: positions stay ascending within a term
        for folded, group in groupby(by_term, folds.__getitem__):
            places = list(group)
            at = [positions[i] for i in places]
            steps = [at[0], *map(sub, at[1:], at)]
            width = widths[folded]
            flat = flats.setdefault(folded, [])
            flat += (number - previous_page.get(folded, 0), len(at))
            flat += steps if width == 1 else [step * width + found[i][1] for step, i in zip(steps, places)]
            previous_page[folded] = number
    return title_lengths, {folded: (list(terms.spellings[folded]), flat) for folded, flat in flats.items()}


def js_order(text: str) -> bytes:
    """Sort key that orders strings as JavaScript compares them (UTF-16 code units), for the shard table."""
    return text.encode("utf-16-be")


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def shards(terms: dict[str, tuple[list[str], list[int]]], limit: int = SHARD_BYTES) -> list[dict[str, list]]:
    """Terms in JavaScript order cut into contiguous shards of about `limit` bytes of JSON each."""
    result: list[dict[str, list]] = []
    current: dict[str, list] = {}
    size = 0
    for folded in sorted(terms, key=js_order):
        value = [*terms[folded]]
        cost = len(_json({folded: value}).encode("utf-8"))
        if current and size + cost > limit:
            result.append(current)
            current, size = {}, 0
        current[folded] = value
        size += cost
    if current:
        result.append(current)
    return result


def chunks(entries: list[Entry], limit: int = CHUNK_BYTES) -> list[list[str]]:
    """Page texts in page order, cut into chunks of about `limit` bytes."""
    result: list[list[str]] = [[]]
    size = 0
    for page in entries:
        cost = len(page.text.encode("utf-8"))
        if result[-1] and size + cost > limit:
            result.append([])
            size = 0
        result[-1].append(page.text)
        size += cost
    return result if result[0] else []


def _script(name: str, data) -> str:
    return f"{contract.names()['searchIndex']['callback']}({_json(name)},{_json(data)});\n"


def mostly(terms: dict[str, tuple[list[str], list[int]]], spellings: set[str]) -> list[str]:
    """The folded terms that stand for one of these spellings in most of their places on the site: typed
    without marks, "khong" is a question word (không), "dang" is not (đăng ký outnumbers đang)."""
    result = []
    for folded in sorted({fold_marks(s) for s in spellings} & terms.keys()):
        written, flat = terms[folded]
        counts, i = [0] * len(written), 0
        while i < len(flat):
            count = flat[i + 1]
            for value in flat[i + 2:i + 2 + count]:
                counts[value % len(written)] += 1
            i += 2 + count
        if sum(c for spelling, c in zip(written, counts) if spelling in spellings) * 2 > sum(counts):
            result.append(folded)
    return result


WORD = re.compile(r"[a-z]{3,}")


def vocabulary(terms: dict[str, tuple[list[str], list[int]]]) -> str:
    """Every word of the index a typo may stand for (folded, letters only, 3 letters or more), in order."""
    return " ".join(sorted(folded for folded in terms if WORD.fullmatch(folded)))


def words_meta(words: dict, terms: dict[str, tuple[list[str], list[int]]]) -> dict:
    """The language's query words as search.js reads them: phrases as their folded words (a synonym's `say` also
    as spelled)."""
    questions = [canonical_tone_placement(w.lower()) for w in words.get("question_words", [])]
    single = {w for w in questions if len(tokens(w)) == 1}
    return {
        "question": sorted(single),
        "questionFolded": mostly(terms, single),
        "questionPhrases": sorted({folded_phrase(w) for w in questions if len(tokens(w)) > 1}),
        "short": {key: value for key, value in sorted(words.get("short_forms", {}).items())},
        "families": bool(words.get("word_families")),
        "syllables": bool(words.get("syllables")),
        "synonyms": [[[folded_phrase(p) for p in say], list(means), [spelled_phrase(p) for p in say]]
                     for say, means in words.get("synonyms", [])],
    }


def index_files(entries: list[Entry], words: dict | None = None) -> dict[str, str]:
    """File name -> content of every file of one language's index; `words`: the language's query words
    (question_words, short_forms, synonyms as (say, means) pairs)."""
    title_lengths, terms = postings(entries)
    term_shards = shards(terms)
    text_chunks = chunks(entries)
    names = contract.names()["searchIndex"]
    data = {f"{names['terms']}{n}": shard for n, shard in enumerate(term_shards)}
    data.update({f"{names['texts']}{n}": texts for n, texts in enumerate(text_chunks)})
    data[names["vocabulary"]] = vocabulary(terms)
    files = {f"{name}.js": _script(name, value) for name, value in data.items()}
    version = hashlib.sha256("".join(files[name] for name in sorted(files)).encode("utf-8")).hexdigest()[:10]
    chunk_starts, start = [], 0
    for texts in text_chunks:
        chunk_starts.append(start)
        start += len(texts)
    meta = {
        "format": names["format"],
        "version": version,
        "pages": [[page.url, page.title, length, *([1] if page.listing else [])] for page, length in zip(entries, title_lengths)],
        "shards": [next(iter(shard)) for shard in term_shards],
        "chunks": chunk_starts,
        "words": words_meta(words or {}, terms),
    }
    files[f"{names['meta']}.js"] = _script(names["meta"], meta)
    return files


def write_index(entries: list[Entry], folder: Path, words: dict | None = None) -> dict[str, int]:
    """Write one language's index into `folder` (replacing an older one); returns file name -> size in bytes."""
    files = {name: text.encode("utf-8") for name, text in index_files(sorted(entries, key=lambda e: e.url), words).items()}
    replace_folder_files(folder, files)
    return {name: len(data) for name, data in files.items()}


def index_folder(lang: str, default_language: str) -> str:
    """Where a language's index lives, relative to the site root: search/ (default language), en/search/."""
    return "search/" if lang == default_language else f"{lang}/search/"


def excluded(meta: dict) -> bool:
    """Front matter `search: {exclude: true}` (Material's convention) keeps a page out of the index."""
    options = meta.get("search")
    return isinstance(options, dict) and bool(options.get("exclude"))
