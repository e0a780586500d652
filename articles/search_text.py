"""Words, scripts and snippets for search, in every language the site offers.

Python's `\\w` stops at the vowel signs and viramas of Tamil and Devanagari
(நோயெதிர்ப்பு would become ten one-letter "words"), and Chinese has no spaces between
words. So a word here is a run of letters, combining marks and digits; Chinese runs are
kept apart from Latin ones ("CAR-T细胞" is two words), and a single Chinese character is
a word (癌 is "cancer"). Everything is compared in Unicode NFC, the form our text is
stored in, so a query typed with decomposed marks still matches.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.utils.html import escape

from eduportal.text import is_word_char

JOINERS = "'’-_"
# Characters that join a word in Tamil and Devanagari without being letters.
ZERO_WIDTH_JOINERS = "\u200c\u200d"


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in ranges)


HAN = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)
TAMIL = ((0x0B80, 0x0BFF),)
DEVANAGARI = ((0x0900, 0x097F), (0xA8E0, 0xA8FF))

# Which of the site's languages a script suggests: a query in Tamil letters is looked
# for in Tamil translations on any page. Latin-script languages (Malay) cannot be told
# from English by their letters; they are searched on their own pages.
SCRIPT_LANGUAGES = (
    (HAN, ("zh-hans", "zh-hant")),
    (TAMIL, ("ta",)),
    (DEVANAGARI, ("ne", "hi", "mr")),
)


def is_han(char: str) -> bool:
    return _in(HAN, char)


def _is_word_char(char: str) -> bool:
    return is_word_char(char) or char in JOINERS or char in ZERO_WIDTH_JOINERS


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order (see the module's docstring)."""
    found: list[str] = []
    current: list[str] = []
    current_han = False
    for char in normalise(text).lower():
        if not _is_word_char(char):
            if current:
                found.append("".join(current))
            current = []
            continue
        han = is_han(char)
        if current and han != current_han and char not in JOINERS:
            found.append("".join(current))
            current = []
        current.append(char)
        current_han = han
    if current:
        found.append("".join(current))
    return [word.strip(JOINERS) for word in found if word.strip(JOINERS)]


def is_meaningful(word: str) -> bool:
    """One Latin letter is noise; one Chinese character is a word."""
    return len(word) > 1 or is_han(word)


def languages_of_script(text: str) -> list[str]:
    """The site's languages whose script appears in `text`, in the order first seen."""
    offered = {code for code, _name in settings.LANGUAGES}
    found: list[str] = []
    for char in text:
        for ranges, codes in SCRIPT_LANGUAGES:
            if _in(ranges, char):
                found += [code for code in codes if code in offered and code not in found]
    return found


# Snippets ---------------------------------------------------------------------------

# How far from an excerpt's edge we look for a space to cut at. Chinese text has no
# spaces; cutting at "the first space" could drop the very words that matched.
CUT_WINDOW = 24


def _trim_start(excerpt: str) -> str:
    space = excerpt.find(" ", 0, CUT_WINDOW)
    return "…" + (excerpt[space + 1 :] if space >= 0 else excerpt)


def _trim_end(excerpt: str) -> str:
    space = excerpt.rfind(" ", max(0, len(excerpt) - CUT_WINDOW))
    return (excerpt[:space] if space > 0 else excerpt) + "…"


def highlight(text: str, terms: list[str], *, width: int = 240) -> str:
    """An escaped excerpt around the first match, with matches wrapped in <mark>.
    Works without word boundaries, so Chinese matches are found inside a sentence."""
    text = normalise(text)
    terms = [normalise(term) for term in terms if term]
    if sum(map(is_han, text[:width])) > width // 3:
        width //= 2  # a Chinese character says about as much as an English word
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms]
    positions = [position for position in positions if position >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    excerpt = text[start : start + width]
    if start > 0:
        excerpt = _trim_start(excerpt)
    if start + width < len(text):
        excerpt = _trim_end(excerpt)
    pattern = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    if not pattern:
        return escape(excerpt)
    # Split the raw text and escape each piece, so a word such as "amp" or "quot"
    # never matches inside the entities that escaping adds.
    pieces = re.split(f"({pattern})", excerpt, flags=re.IGNORECASE)
    return "".join(
        f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    )
