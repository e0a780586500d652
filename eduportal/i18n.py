"""The reader's languages: which ones the site offers and where each page lives in them.

Every public page lists its `language_alternates`: one entry per language, saying where
the same content is in that language and whether it exists there. The language chooser
and the `hreflang` links both read that list. Most pages exist in every language (only
the interface is translated), so the default is the same address under each language's
prefix; a page whose content is translated separately (an article) supplies its own list
from its view, with `available=False` where a language has no signed-off translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


@dataclass(frozen=True)
class LanguageAlternate:
    code: str  # Django's language code: "en", "zh-hans", "ms", "ta", "ne"
    name: str  # the language's own name for itself: "नेपाली"
    url: str  # where this page's content is in that language (or the fallback page)
    available: bool = True  # False: no reviewed content in that language; url falls back
    current: bool = False  # the language this page is shown in

    @property
    def hreflang(self) -> str:
        """BCP 47 tag for `hreflang` and `lang` ("zh-Hans", not Django's "zh-hans")."""
        return html_lang(self.code)

    @property
    def is_default(self) -> bool:
        """The site's own language (English): the `x-default` alternate."""
        return self.code == settings.LANGUAGE_CODE

    @property
    def target_hreflang(self) -> str:
        """The language of the page the link opens: a fallback page is in English."""
        return self.hreflang if self.available else html_lang(settings.LANGUAGE_CODE)


def html_lang(code: str) -> str:
    """Django's language code as a BCP 47 tag: zh-hans → zh-Hans."""
    if "-" not in code:
        return code
    language, _, rest = code.partition("-")
    return f"{language}-{rest.title() if len(rest) == 4 else rest.upper()}"


# Open Graph names a language with a territory (link previews on social sites): the
# English we write is British, and each other language as its readers' country writes it.
OG_LOCALES = {"en": "en_GB", "zh-hans": "zh_CN", "ms": "ms_MY", "ta": "ta_IN", "ne": "ne_NP"}


def og_locale(code: str) -> str:
    """Django's language code as an Open Graph locale: "ne" → "ne_NP"."""
    return OG_LOCALES.get(code) or code.replace("-", "_")


def language_names() -> dict[str, str]:
    return dict(settings.LANGUAGES)


def interface_alternates(path: str) -> list[LanguageAlternate]:
    """The same page in every language: only its interface is translated."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    return [
        LanguageAlternate(
            code=code,
            name=name,
            url=translate_url(path, code),
            current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]
