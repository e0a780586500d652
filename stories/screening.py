"""Crisis and medical-claim screening of text the public sends us.

Moderators keep the phrase list in the admin (ScreeningKeyword). A crisis match shows
the writer support information at once and flags the text for moderators; a
medical-claim match flags it for a medical reviewer. Screening never blocks sending.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .models import ScreeningKeyword


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


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def _matches(phrase: str, text: str) -> bool:
    words = [re.escape(word) for word in phrase.split()]
    pattern = r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])"
    return re.search(pattern, text) is not None


def screen_text(*texts: str) -> Screening:
    """Match the active keyword list against the given texts (one query)."""
    combined = _normalise(" \n ".join(texts))
    crisis: list[str] = []
    medical: list[str] = []
    for kind, phrase in ScreeningKeyword.objects.filter(active=True).values_list("kind", "phrase"):
        if _matches(_normalise(phrase), combined):
            (crisis if kind == ScreeningKeyword.Kind.CRISIS else medical).append(phrase)
    return Screening(crisis=sorted(crisis), medical=sorted(medical))
