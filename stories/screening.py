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

Every language's phrases are checked against every text, whatever language the writer
chose, because people mix languages. Scripts differ in what a "word" is:
- Chinese (and other scripts written without spaces) is matched anywhere in the text:
  "想死" is found in "我有时候想死". A match right after 不 or 没 ("not") is ignored
  unless the phrase starts with one, as in English.
- Tamil and Nepali (Devanagari) words take endings, so a phrase's words match at the
  start of a word and may run on: "आत्महत्या" matches "आत्महत्याको". Their vowel signs
  and viramas are combining marks: they stay part of the word (Python's \\w does not
  cover them, so \\b cannot be used), and text is NFKC-normalised, which composes them
  as NFC does, so the same word typed two ways compares equal. Zero-width joiners,
  which Nepali keyboards put inside some conjuncts, are dropped.
- Malay is written with spaces and matched as whole words like English; "tak" and
  "tidak" count as "not".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from eduportal.text import is_word_char, word_char_pattern

from .models import ScreeningKeyword

# English, then Malay ("tak", "tidak", "takkan": not, will not).
NEGATIONS = ("not", "never", "no", "tak", "tidak", "takkan")
# Chinese "not" written straight before a phrase.
UNSPACED_NEGATIONS = ("不", "没", "沒")
MAX_GAP_WORDS = 3
# In scripts without spaces, "*" stands for up to this many characters.
MAX_GAP_CHARS = 8

# Scripts written without spaces between words: Chinese, Japanese kana, Thai, Lao,
# Myanmar, Khmer.
UNSPACED = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
# Scripts of India and Nepal (Devanagari to Sinhala, Tamil among them), whose words take
# endings.
SUFFIXING = re.compile("[\u0900-\u0dff]")
# Joiners inside words (zero-width space, non-joiner, joiner, soft hyphen, BOM).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u00ad\ufeff"))
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


@lru_cache(maxsize=4096)
def _kept(char: str) -> str:
    """A character as it stays in normalised text: letters, digits, combining marks and
    the phrase syntax stay; punctuation and symbols become a space."""
    if is_word_char(char) or char in "_'|*":
        return char
    return " "


def normalise(text: str) -> str:
    """Lower case, plain apostrophes, contractions spelled out, words split by single
    spaces; hyphens and other punctuation become spaces (so "self-harm" is "self harm").
    Combining marks (Tamil and Devanagari vowel signs) stay inside their words."""
    text = unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE).lower()
    text = re.sub(r"[‘’ʼ`´]", "'", text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = "".join(map(_kept, text))
    text = text.replace("'", "")
    return " ".join(text.split())


def _script(token: str) -> str:
    if UNSPACED.search(token):
        return "unspaced"
    if SUFFIXING.search(token):
        return "suffixing"
    return "spaced"


@lru_cache(maxsize=1024)
def compile_phrase(phrase: str) -> re.Pattern:
    """A moderator's phrase as a pattern over normalised text."""
    # A letter, mark or digit of any script: what a word is made of (eduportal/text.py).
    word_char = word_char_pattern()
    words: list[tuple[str, str, bool]] = []  # (pattern, script, gap before it)
    gap = False
    first_choices: list[str] = []
    for token in normalise(phrase).split():
        if token == "*":
            gap = True
            continue
        choices = [c for c in token.split("|") if c]
        if not choices:
            continue
        if not words:
            first_choices = choices
        script = _script(token)
        pattern = "(?:" + "|".join(re.escape(c) for c in choices) + ")"
        if script == "suffixing":
            pattern += f"{word_char}*"  # the word's ending
        words.append((pattern, script, gap))
        gap = False
    if not words:
        return re.compile(r"(?!)")  # a phrase of punctuation only matches nothing
    parts = [words[0][0]]
    for (_, before, _), (pattern, script, gap_before) in pairwise(words):
        unspaced = "unspaced" in (before, script)
        if gap_before:
            parts.append(
                f".{{0,{MAX_GAP_CHARS}}}?" if unspaced else rf" (?:\S+ ){{0,{MAX_GAP_WORDS}}}"
            )
        else:
            parts.append(" ?" if unspaced else " ")
        parts.append(pattern)
    first_script, last_script = words[0][1], words[-1][1]
    if first_script == "unspaced":
        starts_negated = any(c.startswith(UNSPACED_NEGATIONS) for c in first_choices)
        negations = () if starts_negated else UNSPACED_NEGATIONS
        guard = "".join(f"(?<!{re.escape(word)})" for word in negations)
        start = ""
    else:
        negations = () if any(word in NEGATIONS for word in first_choices) else NEGATIONS
        guard = (
            "" if first_script == "suffixing" else "".join(f"(?<!\\b{word} )" for word in negations)
        )
        start = f"(?<!{word_char})"
    end = f"(?!{word_char})" if last_script == "spaced" else ""
    return re.compile(f"{guard}{start}{''.join(parts)}{end}")


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
