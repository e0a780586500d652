"""Word count, reading time and Flesch–Kincaid grade for patient-facing text.

Syllables come from pyphen's hyphenation dictionary (offline, no data download),
which is what the grade formula needs; patient materials aim for grade 6–8.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import pyphen

WORDS_PER_MINUTE = 200
TARGET_GRADE = 8.0
WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*|\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_GB")


def count_words(text: str) -> int:
    return len(WORD.findall(text or ""))


HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")


def count_words_in_any_script(text: str) -> int:
    """Words of a translation: runs of letters between spaces (Devanagari and Tamil
    words carry vowel signs that are not letters, so WORD would split them), and each
    Chinese character on its own, as Chinese is written without spaces."""
    count = 0
    for token in (text or "").split():
        han = len(HAN.findall(token))
        rest = HAN.sub(" ", token)
        count += han + sum(1 for part in rest.split() if any(c.isalnum() for c in part))
    return count


def reading_minutes(word_count: int) -> int:
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def count_syllables(word: str) -> int:
    if word[0].isdigit():
        return 1
    return max(1, len(_dictionary().positions(word.lower())) + 1)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    minutes: int
    grade: float | None

    @property
    def too_hard(self) -> bool:
        return self.grade is not None and self.grade > TARGET_GRADE

    def as_dict(self) -> dict:
        return {**asdict(self), "too_hard": self.too_hard, "target_grade": TARGET_GRADE}


def measure(text: str) -> Readability:
    words = WORD.findall(text or "")
    sentences = max(1, len(SENTENCE_END.findall(text or ""))) if words else 0
    if not words:
        return Readability(words=0, sentences=0, minutes=0, grade=None)
    syllables = sum(count_syllables(word) for word in words)
    grade = 0.39 * (len(words) / sentences) + 11.8 * (syllables / len(words)) - 15.59
    return Readability(
        words=len(words),
        sentences=sentences,
        minutes=reading_minutes(len(words)),
        grade=round(max(0.0, grade), 1),
    )
