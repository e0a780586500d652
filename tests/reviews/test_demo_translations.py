"""The demo's translations: written by the demo translator, signed off by the clinician
whose check vouches for the language, one left out of date on purpose; idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from articles import demo as articles_demo
from articles.models import ArticleTranslation
from reviews.demo import OUT_OF_DATE
from reviews.models import Specialist, TranslationSignoff
from tests.i18n_helpers import assert_shows
from tests.translation_factories import english_afterwards  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_afterwards")]

TOML = '''title = "{title}"
summary = "{summary}"
seo_title = ""
seo_description = ""
hero_alt = "{alt}"
questions = ["{question}"]
body = """
## {heading}

{text}
"""
'''

SAMPLES = {
    "ms": ("Apakah imunoterapi?", "Ringkasan ringkas.", "Ilustrasi abstrak.", "Soalan?",
           "Bagaimana ia berfungsi", "Imunoterapi membantu sistem imun anda."),
    "ne": ("इम्युनोथेरापी के हो?", "छोटो सारांश।", "अमूर्त चित्र।", "प्रश्न?",
           "यसले कसरी काम गर्छ", "इम्युनोथेरापीले तपाईंको प्रतिरक्षा प्रणालीलाई मद्दत गर्छ।"),
}  # fmt: skip


@pytest.fixture
def translation_dir(tmp_path, monkeypatch):
    slug = OUT_OF_DATE[0]
    for language, (title, summary, alt, question, heading, text) in SAMPLES.items():
        folder = tmp_path / language
        folder.mkdir()
        (folder / f"{slug}.toml").write_text(
            TOML.format(title=title, summary=summary, alt=alt, question=question,
                        heading=heading, text=text),
            encoding="utf-8",
        )  # fmt: skip
    monkeypatch.setattr(articles_demo, "TRANSLATIONS_DIR", tmp_path)
    return tmp_path


def test_demo_translations_are_signed_off_by_clinicians_with_the_language(translation_dir):
    call_command("load_demo", stdout=io.StringIO())
    slug, stale_language = OUT_OF_DATE
    found = {t.language: t for t in ArticleTranslation.objects.filter(article__slug=slug)}
    assert set(found) == {"ms", "ne"}
    for language, translation in found.items():
        assert translation.is_public(), language
        signoff = TranslationSignoff.objects.get(revision=translation.approved_revision)
        assert signoff.credential_check.vouches_for_language(language)
        assert signoff.reviewer != translation.approved_revision.created_by
        assert translation.approved_revision.created_by.username == "translator"
    # Exactly one translation follows an older English text.
    assert found[stale_language].is_out_of_date
    assert not found["ne"].is_out_of_date
    html = Client().get(f"/ms/articles/{slug}/").content.decode()
    assert_shows(html, "The English page was updated on %(date)s.", "ms")
    counts = (ArticleTranslation.objects.count(), TranslationSignoff.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (ArticleTranslation.objects.count(), TranslationSignoff.objects.count()) == counts
    assert ArticleTranslation.objects.get(article__slug=slug, language="ms").is_out_of_date


def test_demo_translation_reviewers_declare_their_languages_on_checked_profiles():
    call_command("load_demo", stdout=io.StringIO())
    for slug, languages in (("wei-ling-tan", ["zh-hans", "ms"]), ("priya-krishnan", ["ta"]),
                            ("sushila-thapa", ["ne"])):  # fmt: skip
        specialist = Specialist.objects.get(slug=slug)
        assert specialist.can_sign_off()
        assert specialist.current_check().languages == languages
