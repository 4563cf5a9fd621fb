"""Folding text so that a query typed on an English keyboard finds the name as written.

SQLite's unicode61 tokenizer cannot do this on its own (FIELD-NOTES: `lukasiewicz` never finds
Łukasiewicz, `ελενη` never finds Ελένη), so both the index and every query go through `fold`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that are not "base letter + combining mark" in Unicode, so NFKD leaves them alone.
_SPECIAL = str.maketrans(
    {
        "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "đ": "d", "ð": "d", "þ": "th",
        "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k", "ſ": "s",
    }
)
# Japanese voicing marks are letters of their own, not accents: keep them.
_KEEP_MARKS = {"\u3099", "\u309a"}


def _fold_table() -> dict[int, str | None]:
    """One translate table: every combining mark of the BMP dropped, special letters spelled out.

    Built once (~20 ms); str.translate then does in C what a per-character Python loop did.
    """
    table: dict[int, str | None] = {
        code: None for code in range(0x300, 0x10000)
        if unicodedata.combining(chr(code)) and chr(code) not in _KEEP_MARKS
    }
    table.update(_SPECIAL)
    return table


_TABLE = _fold_table()


def fold(text: str) -> str:
    """Lower-case, accent-free, compatibility-normalised text; CJK characters spaced out.

    Spacing each ideograph/syllable makes it a token of its own, so one character finds every name
    that contains it (unicode61 would otherwise index a whole CJK run as one word).
    """
    if text.isascii():  # nothing to strip or space: cheaper than a look-up in the cache
        return text.casefold()
    return _fold_unicode(text)


# Sync folds each attendee's names again for every batch that edits them (a 5,000-person event has some
# 20,000 distinct names and name parts): a cache that holds them all makes that a look-up (~1 µs, not ~8 µs).
@lru_cache(maxsize=65536)
def _fold_unicode(text: str) -> str:
    return _space_cjk(_strip(text))


def _strip(text: str) -> str:
    if text.isascii():
        return text.casefold()
    # casefold first: it can itself produce combining marks (İ -> i + dot above)
    stripped = unicodedata.normalize("NFKD", text.casefold()).translate(_TABLE)
    return stripped if stripped.isascii() else unicodedata.normalize("NFC", stripped)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3005 <= code <= 0x3007  # 々 〆 〇 (佐々木: the iteration mark is a character of the name)
        or 0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # CJK extensions B-G
    )


_CJK_CHAR = re.compile(
    "([\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f])"
)


def _space_cjk(text: str) -> str:
    if text.isascii():
        return text
    spaced, count = _CJK_CHAR.subn(r" \1 ", text)
    return " ".join(spaced.split()) if count else text


def words(text: str) -> list[str]:
    """The tokens unicode61 would make of folded text: runs of letters and digits."""
    tokens: list[str] = []
    current: list[str] = []
    for char in fold(text):
        if char.isalnum() or unicodedata.category(char) in ("Mn", "Mc"):
            current.append(char)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


def within_edits(a: str, b: str, limit: int) -> bool:
    """True when the Levenshtein distance of a and b is at most `limit` (banded, early exit)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        low = max(1, i - limit)
        high = min(len(b), i + limit)
        if low > 1:
            current[low - 1] = limit + 1
        for j in range(low, high + 1):
            cost = 0 if char_a == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if high < len(b):
            current[high + 1 :] = [limit + 1] * (len(b) - high)
        if min(current[low - 1 : high + 1]) > limit:
            return False
        previous = current
    return previous[len(b)] <= limit
