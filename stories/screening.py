"""Crisis and medical-claim screening of text the public sends us.

Moderators keep the phrase list in the admin (ScreeningKeyword). A crisis match shows
the writer support information at once and flags the text for moderators; a
medical-claim match flags it for a medical reviewer. Screening never blocks sending.

Phrases are matched as phrasings, not only as fixed keywords:
- text and phrases are read alike: capitals, curly apostrophes, hyphens and punctuation
  do not matter, and contractions are spelled out ("don't" is "do not", "can't" is
  "cannot", "I'm" is "i am", "wanna" is "want to", "any more" is "anymore");
- `|` gives choices for one word: "want|wanted|wish to die";
- `*` stands for up to three other words: "want it * to end" matches "want it all to end";
- a match right after "not", "never" or "no" is ignored unless the phrase itself starts
  with one ("I don't want to die" is not "want to die"; "not want to live" is listed).
Whole words only, so "the treatment killed the cancer cells" matches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .models import ScreeningKeyword

NEGATIONS = ("not", "never", "no")
MAX_GAP_WORDS = 3
CONTRACTIONS = [
    (r"\bcan't\b", "cannot"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "am not"),
    (r"n't\b", " not"),
    (r"\bi'm\b", "i am"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'d\b", " would"),
    (r"\bwanna\b", "want to"),
    (r"\bgonna\b", "going to"),
    (r"\bgotta\b", "got to"),
    (r"\bany more\b", "anymore"),
    (r"\bcan not\b", "cannot"),
    (r"\bim\b", "i am"),
    (r"\bdont\b", "do not"),
    (r"\bcant\b", "cannot"),
]
_CONTRACTIONS = [(re.compile(pattern), replacement) for pattern, replacement in CONTRACTIONS]


@dataclass(frozen=True)
class Screening:
    crisis: list[str] = field(default_factory=list)
    medical: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.crisis or self.medical)

    @property
    def keywords(self) -> list[str]:
        return sorted({*self.crisis, *self.medical})


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, contractions spelled out, words split by single
    spaces; hyphens and other punctuation become spaces (so "self-harm" is "self harm")."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"[‘’ʼ`´]", "'", text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^\w\s'|*]", " ", text)
    text = text.replace("'", "")
    return " ".join(text.split())


@lru_cache(maxsize=1024)
def compile_phrase(phrase: str) -> re.Pattern:
    """A moderator's phrase as a pattern over normalised text."""
    parts: list[str] = []
    gap = False
    for token in normalise(phrase).split():
        if token == "*":
            gap = True
            continue
        choices = [c for c in token.split("|") if c]
        if not choices:
            continue
        word = "(?:" + "|".join(re.escape(c) for c in choices) + ")"
        if parts:
            parts.append(rf" (?:\S+ ){{0,{MAX_GAP_WORDS}}}" if gap else " ")
        parts.append(word)
        gap = False
    first = normalise(phrase).split()[0].split("|") if phrase.strip() else []
    guard = (
        ""
        if any(word in NEGATIONS for word in first)
        else "".join(f"(?<!\\b{word} )" for word in NEGATIONS)
    )
    return re.compile(rf"{guard}(?<![\w]){''.join(parts)}(?![\w])")


def matches(phrase: str, text: str) -> bool:
    """Does the phrase occur in the text (both as written, normalised here)?"""
    return compile_phrase(phrase).search(normalise(text)) is not None


def screen_text(*texts: str) -> Screening:
    """Match the active keyword list against the given texts (one query)."""
    combined = normalise(" \n ".join(texts))
    crisis: list[str] = []
    medical: list[str] = []
    for kind, phrase in ScreeningKeyword.objects.filter(active=True).values_list("kind", "phrase"):
        if compile_phrase(phrase).search(combined):
            (crisis if kind == ScreeningKeyword.Kind.CRISIS else medical).append(phrase)
    return Screening(crisis=sorted(crisis), medical=sorted(medical))
