"""Asserting interface text on pages in another language: the catalogue's words, not
the English msgid."""

from __future__ import annotations

import re

from django.utils import translation


def translated_parts(msgid: str, language: str) -> list[str]:
    """The fixed words of a catalogue entry in `language`, split where its
    `%(name)s` placeholders go."""
    with translation.override(language):
        text = translation.gettext(msgid)
    return [part.strip() for part in re.split(r"%\(\w+\)s", text) if part.strip()]


def assert_shows(page: str, msgid: str, language: str) -> None:
    parts = translated_parts(msgid, language)
    assert parts, msgid
    for part in parts:
        assert part in page, (language, msgid, part)
