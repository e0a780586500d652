"""What a word is made of, in every script the site is written in: one rule for search
(articles/search_text.py), heading anchors (articles/rendering.py) and the screening of
stories and comments (stories/screening.py).

A word character is a letter, a combining mark or a digit: Unicode categories L, M and N.
Python's `\\w` is not enough. It leaves out combining marks, and in Tamil and Devanagari
the vowel signs and viramas are marks (நோயெதிர்ப்பு would fall apart into one-letter
pieces). It also counts `_` as a letter. Callers add their own joiners (search keeps
apostrophes and hyphens inside words).
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache


def is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


@cache
def word_char_pattern() -> str:
    """The same rule as a regular-expression atom of width one, for lookarounds.

    Letters and digits are `[^\\W_]` (Python's `\\w` is exactly those plus `_`); combining
    marks are listed as ranges, read once from this Python's Unicode database.
    """
    ranges: list[tuple[int, int]] = []
    for point in range(sys.maxunicode + 1):
        if unicodedata.category(chr(point))[0] == "M":
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1] = (ranges[-1][0], point)
            else:
                ranges.append((point, point))
    marks = "".join(
        f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges
    )
    return f"(?:[^\\W_]|[{marks}])"
