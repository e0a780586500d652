"""Helpers for translations, made through the real services."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from articles import translations
from articles.models import Article, ArticleTranslation, TranslationRevision
from eduportal.roles import TRANSLATORS
from reviews import services
from reviews.models import Specialist, TranslationSignoff
from tests.factories import UserFactory, reviewer
from tests.reviews.factories import SpecialistFactory, mark_verified

NEPALI = {
    "title": "इम्युनोथेरापी के हो?",
    "summary": "तपाईंको प्रतिरक्षा प्रणालीले क्यान्सरसँग कसरी लड्छ भन्ने छोटो परिचय।",
    "body": "## यो के हो\n\nइम्युनोथेरापीले तपाईंको प्रतिरक्षा प्रणालीलाई मद्दत गर्छ।[^1]\n\n"
    "## कसरी दिइन्छ\n\nनसाबाट।\n\n## असरहरू\n\nथकान र डाबर।",
    "seo_title": "इम्युनोथेरापी",
    "seo_description": "इम्युनोथेरापीको सरल परिचय।",
    "hero_alt": "",
    "questions": ["मेरो उपचार कति लामो हुन्छ?"],
}


def translator_user(**kwargs):
    kwargs.setdefault("username", "translator")
    return UserFactory(role=TRANSLATORS, **kwargs)


def language_reviewer(*languages: str, username: str = "ne-reviewer", **kwargs) -> Specialist:
    """A checked clinician in Medical reviewers who declared `languages` before the
    check (so the check vouches for them)."""
    specialist = SpecialistFactory(
        user=reviewer(username=username), languages=list(languages), **kwargs
    )
    return mark_verified(specialist)


def translate(article: Article, language: str = "ne", *, by=None, **changes) -> TranslationRevision:
    """A new translation revision of the article's approved English text."""
    content = {**NEPALI, **changes}
    translation = ArticleTranslation.objects.filter(article=article, language=language).first()
    if translation is not None:
        return translations.save_translation_revision(
            translation=translation, content=content, by=by
        )
    return translations.save_translation_revision(
        article=article, language=language, content=content, by=by
    )


def approve_translation(revision: TranslationRevision, specialist: Specialist, **kwargs):
    return services.sign_off_translation(
        revision=revision,
        reviewer=specialist.user,
        decision=TranslationSignoff.Decision.APPROVE,
        note=kwargs.pop("note", ""),
    )


def public_translation(
    article: Article, language: str = "ne", *, specialist: Specialist | None = None, **changes
) -> ArticleTranslation:
    """A translation of a published article, signed off by a clinician with the language."""
    revision = translate(article, language, **changes)
    if specialist is None:
        specialist = Specialist.objects.filter(user__username=f"{language}-reviewer").first()
    specialist = specialist or language_reviewer(language, username=f"{language}-reviewer")
    approve_translation(revision, specialist)
    return ArticleTranslation.objects.get(pk=revision.translation_id)


@pytest.fixture
def english_afterwards():
    """A request under /ne/ leaves Nepali active in this thread (LocaleMiddleware does
    not switch back); later tests build English addresses."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
