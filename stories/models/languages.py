"""The language a story or comment is written in.

Any language the site offers (settings.LANGUAGES) may be chosen. The list is read from
settings when a value is checked, not frozen into the field's choices, so adding a
language stays a setting and a catalogue: no migration is needed for it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from eduportal.i18n import html_lang

LANGUAGE_MAX_LENGTH = 10


def language_choices() -> list[tuple[str, str]]:
    """(code, the language's own name), in the order settings list them."""
    return list(settings.LANGUAGES)


def is_supported(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def page_language() -> str:
    """The language of the page being shown or posted from (the reader's language);
    the site's default language outside a request."""
    code = translation.get_language() or ""
    return code if is_supported(code) else settings.LANGUAGE_CODE


def validate_language(code: str) -> None:
    if not is_supported(code):
        raise ValidationError(_("Please choose a language from the list."), code="invalid_language")


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


class WrittenInLanguage:
    """For models with a `language` field: its BCP 47 tag and its name."""

    @property
    def lang(self) -> str:
        """For the `lang` attribute: "zh-Hans", "ne" …"""
        return html_lang(self.language or settings.LANGUAGE_CODE)

    @property
    def language_name(self) -> str:
        return language_name(self.language)
