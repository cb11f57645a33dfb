"""Vietnamese text: Unicode normalisation, mark folding, slugs, dates and alphabetical order."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

# Tone placement differs for oa, oe, uy at the end of a syllable: hoà / hòa, thuỷ / thủy, khoẻ / khỏe.
# Both spellings are in use and NFC keeps them apart, so text is compared after one is chosen.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining)
_OPEN_PAIR = re.compile(r"(?<![qQ])([oOuU])([%s]?)([aAeEyY])([%s]?)(?!\w)" % (_TONES, _TONES))

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_LETTERS)}
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPE_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}  # breve, circumflex, horn


def nfc(text: str) -> str:
    """Text in composed form (NFC), the one form stored and compared."""
    return unicodedata.normalize("NFC", text)


def _tone_on_first(match: re.Match[str]) -> str:
    first, tone1, second, tone2 = match.groups()
    if second.lower() == "y" and first.lower() != "u" or second.lower() in "ae" and first.lower() != "o":
        return match.group(0)
    return first + (tone1 or tone2) + second


def canonical_tone_placement(text: str) -> str:
    """One spelling for syllables ending in oa, oe, uy: the tone on the first vowel (hoà -> hòa, thuỷ -> thủy), NFC.

    Syllables with qu (quý) and with a final consonant (hoàng) are the same in both styles and stay as they are.
    """
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OPEN_PAIR.sub(_tone_on_first, decomposed))


# Letters no decomposition takes the marks from, folded by hand: đ, and ð (Icelandic eth, which Ð, U+00D0, lowers
# to), typed for Đ where a keyboard or a font has no Đ. search.js folds the same (tests/vectors/folding.json).
_BARE_D = str.maketrans({"đ": "d", "ð": "d"})


class _FoldedLetters(dict):
    """Code point -> the letter without its marks (đ as d), for str.translate; each letter worked out once."""

    def __missing__(self, code: int) -> int | str | None:
        letter = chr(code)
        bare = "".join(c for c in unicodedata.normalize("NFD", letter) if unicodedata.category(c) != "Mn").translate(_BARE_D)
        folded = self[code] = code if bare == letter else bare or None  # None: a lone combining mark is dropped
        return folded


_FOLDED = _FoldedLetters()


def fold_marks(text: str) -> str:
    """Lower case without any marks, đ as d: the form people type on a phone without an input method.

    Letter by letter after lower-casing the whole text (so final sigma stays as lower() writes it); search
    folds every word of every page, so this is a table lookup rather than a decomposition each time.
    """
    return text.lower().translate(_FOLDED)


def slugify(text: str) -> str:
    """ASCII URL slug: lower case, no marks, đ as d, words joined by hyphens (Đăng ký khai sinh -> dang-ky-khai-sinh)."""
    return re.sub(r"[^a-z0-9]+", "-", fold_marks(text)).strip("-")


def heading_id(text: str, separator: str) -> str:
    """A heading's anchor (the Markdown toc extension's slugify): ASCII with đ as d; the default drops đ ("Đất đai" -> "at-ai")."""
    return slugify(text).replace("-", separator)


@functools.lru_cache(maxsize=65536)  # index pages sort the same names again and again
def sort_key(text: str) -> tuple:
    """Key for Vietnamese alphabetical order: a ă â b c d đ e ê …, then tones (ngang, huyền, hỏi, ngã, sắc, nặng)."""
    letters: list[tuple[int, int | str]] = []
    tones: list[int] = []
    for ch in nfc(text).lower():
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in _TONE_RANK), "")
        shape = "".join(_SHAPE_MARKS.get(m, "") for m in marks)
        letter = {"ă": "ă", "^": {"a": "â", "e": "ê", "o": "ô"}.get(base, base), "+": {"o": "ơ", "u": "ư"}.get(base, base)}.get(shape, base) if shape else base
        if letter in _LETTER_RANK:
            letters.append((0, _LETTER_RANK[letter]))
        elif letter.isalnum():
            letters.append((1, letter))
        else:
            letters.append((-1, 0))  # spaces and punctuation sort before letters: "An Phú" < "Anh"
        tones.append(_TONE_RANK.get(tone, 0))
    return (tuple(letters), tuple(tones))


def sort_vietnamese(items, key=lambda item: item):
    """Items sorted in Vietnamese alphabetical order of key(item)."""
    return sorted(items, key=lambda item: sort_key(key(item)))


_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]


def format_date(value: dt.date, lang: str) -> str:
    """A date as readers of each language write it: 09/03/2021 in Vietnamese, 9 March 2021 in English."""
    if lang == "vi":
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
