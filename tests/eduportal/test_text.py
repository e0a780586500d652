"""One rule for what a word is made of, in every script the site is written in
(eduportal/text.py): search, heading anchors and screening all use it."""

import re
import sys
import unicodedata

import pytest

from eduportal.text import is_word_char, word_char_pattern

WORD = [
    ("English letter", "a"),
    ("digit", "7"),
    ("Malay letter with its accent", "é"),
    ("combining acute accent", "\u0301"),
    ("Chinese character", "癌"),
    ("Chinese character outside the first plane", "\U00020000"),
    ("Tamil letter", "ந"),
    ("Tamil vowel sign", "\u0bcb"),
    ("Tamil virama", "\u0bcd"),
    ("Devanagari letter", "क"),
    ("Devanagari vowel sign", "\u093f"),
    ("Devanagari virama", "\u094d"),
    ("Thai vowel mark", "\u0e31"),
    ("Nepali digit", "५"),
]
NOT_WORD = [
    ("space", " "),
    ("underscore", "_"),
    ("hyphen", "-"),
    ("apostrophe", "’"),
    ("Chinese full stop", "。"),
    ("Devanagari danda", "।"),
    ("zero-width joiner", "\u200d"),
    ("emoji", "🙂"),
]


@pytest.mark.parametrize(("name", "char"), WORD)
def test_letters_marks_and_digits_of_every_script_are_word_characters(name, char):
    assert is_word_char(char), name
    assert re.fullmatch(word_char_pattern(), char), name


@pytest.mark.parametrize(("name", "char"), NOT_WORD)
def test_spaces_punctuation_joiners_and_symbols_are_not(name, char):
    assert not is_word_char(char), name
    assert not re.fullmatch(word_char_pattern(), char), name


def test_the_pattern_and_the_function_agree_on_every_character():
    pattern = re.compile(word_char_pattern())
    disagree = [
        hex(point)
        for point in range(sys.maxunicode + 1)
        if unicodedata.category(chr(point)) != "Cs"  # lone surrogates are never text
        and bool(pattern.fullmatch(chr(point))) != is_word_char(chr(point))
    ]
    assert disagree == []


def test_a_tamil_word_stays_one_word_everywhere():
    from articles.rendering import _slugify_heading
    from articles.search_text import words
    from stories.screening import matches

    word = "நோயெதிர்ப்பு"  # immunity: vowel signs and viramas between its letters
    assert words(f"{word} சிகிச்சை") == [word, "சிகிச்சை"]
    assert _slugify_heading(f"{word}!", "-") == f"section-{word}"
    assert matches("நோயெதிர்ப்பு", f"என் {word}க்கு")  # an ending
    # A phrase starts at a word's start: here the letters follow a vowel sign (a mark).
    assert not matches("திர்ப்பு", word)
