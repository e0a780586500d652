"""Translated articles: their own revisions, their own sign-off, and what the English
text's changes do to them."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services as article_services
from articles import translations
from articles.models import ArticleTranslation, SafetyRelevantChange, TranslationRevision
from reviews import services
from reviews.models import TranslationSignoff
from tests.factories import ArticleFactory, approve, editor_user, published_article
from tests.translation_factories import (  # noqa: F401 - fixtures are used by name
    approve_translation,
    english_afterwards,
    language_reviewer,
    public_translation,
    translate,
    translator_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_afterwards")]


def new_english_revision(article, *, summary="A clearer summary of what this explains."):
    """An editor changes the English text and a clinician approves it."""
    article.summary = summary
    article.save()
    revision = article_services.record_revision(article=article, by=None)
    return revision, approve(article)


# Saving translations -----------------------------------------------------------------


def test_a_translation_revision_binds_the_approved_english_revision():
    article = published_article()
    revision = translate(article, by=translator_user())
    assert revision.number == 1
    assert revision.source_revision == article.approved_revision
    assert revision.translation.language == "ne"
    assert "<h2" in revision.body_html and revision.toc
    assert revision.word_count > 0


def test_saving_the_same_text_again_records_no_new_revision():
    article = published_article()
    first = translate(article)
    assert translate(article) == first
    assert translate(article, title="नयाँ शीर्षक").number == 2


def test_the_same_text_against_a_new_english_revision_is_a_new_revision():
    article = published_article()
    first = translate(article)
    new_english_revision(article)
    second = translate(article)
    assert second.number == 2 and second.source_revision == article.approved_revision
    assert second.content_hash != first.content_hash


def test_an_article_without_approved_english_text_cannot_be_translated():
    with pytest.raises(ValidationError, match="no approved English text"):
        translate(ArticleFactory())


def test_translation_needs_title_summary_and_body():
    with pytest.raises(ValidationError) as raised:
        translate(published_article(), title="  ", body="")
    assert set(raised.value.message_dict) == {"title", "body"}


def test_english_is_not_a_translation_language():
    with pytest.raises(ValidationError):
        translate(published_article(), "en")


def test_moderators_cannot_write_translations():
    from tests.factories import moderator

    with pytest.raises(PermissionDenied):
        translate(published_article(), by=moderator())


def test_translation_revisions_are_immutable():
    revision = translate(published_article())
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.delete()
    with pytest.raises(ValidationError):
        TranslationRevision.objects.filter(pk=revision.pk).update(title="x")
    with pytest.raises(ValidationError):
        TranslationRevision.objects.filter(pk=revision.pk).delete()


# Sign-off ------------------------------------------------------------------------------


def test_a_translation_is_hidden_until_its_own_sign_off():
    article = published_article()
    revision = translate(article, by=translator_user())
    translation = revision.translation
    assert not ArticleTranslation.objects.public().exists()
    assert not translation.is_public()
    signoff = approve_translation(revision, language_reviewer("ne"))
    translation.refresh_from_db()
    assert translation.approved_revision == revision
    assert translation.is_public()
    assert list(ArticleTranslation.objects.public()) == [translation]
    assert signoff.language == "ne" and signoff.content_hash == revision.content_hash
    assert signoff.credential_check.languages == ["ne"]


def test_a_reviewer_without_the_language_is_refused():
    revision = translate(published_article())
    with pytest.raises(PermissionDenied, match="does not list"):
        approve_translation(revision, language_reviewer("ta"))
    assert not TranslationSignoff.objects.exists()


def test_a_language_added_after_the_check_does_not_count_until_checked_again():
    revision = translate(published_article())
    specialist = language_reviewer("ta")
    specialist.languages = ["ne", "ta"]
    specialist.save()
    with pytest.raises(PermissionDenied, match="review languages changed"):
        approve_translation(revision, specialist)


def test_a_reviewer_without_a_valid_check_is_refused():
    from tests.factories import reviewer
    from tests.reviews.factories import SpecialistFactory

    specialist = SpecialistFactory(user=reviewer(username="unchecked"), languages=["ne"])
    with pytest.raises(PermissionDenied, match="cannot sign off yet"):
        approve_translation(translate(published_article()), specialist)


def test_nobody_signs_off_their_own_translation():
    specialist = language_reviewer("ne")
    specialist.user.groups.add(*translator_user(username="t2").groups.all())
    article = published_article()
    translate(article, by=specialist.user)
    # Someone else's later revision does not make it anyone else's work.
    later = translate(article, by=translator_user(), title="अर्को शीर्षक")
    with pytest.raises(PermissionDenied, match="wrote or edited this translation"):
        approve_translation(later, specialist)


def test_only_the_latest_revision_can_be_signed_off():
    article = published_article()
    first = translate(article)
    translate(article, title="अर्को शीर्षक")
    with pytest.raises(ValidationError, match="changed since"):
        approve_translation(first, language_reviewer("ne"))


def test_a_translation_of_an_older_english_text_cannot_be_approved():
    article = published_article()
    revision = translate(article)
    new_english_revision(article)
    with pytest.raises(ValidationError, match="older English text"):
        approve_translation(revision, language_reviewer("ne"))


def test_a_request_for_changes_needs_a_note_and_publishes_nothing():
    revision = translate(published_article())
    specialist = language_reviewer("ne")
    with pytest.raises(ValidationError):
        services.sign_off_translation(
            revision=revision, reviewer=specialist.user, decision="request_changes", note=""
        )
    services.sign_off_translation(
        revision=revision,
        reviewer=specialist.user,
        decision="request_changes",
        note="The dose in the second paragraph reads as daily.",
    )
    revision.translation.refresh_from_db()
    assert revision.translation.approved_revision is None
    with pytest.raises(ValidationError, match="already been decided"):
        approve_translation(revision, specialist)


def test_translation_signoffs_are_immutable():
    translation = public_translation(published_article())
    signoff = translation.signoffs.get()
    with pytest.raises(ValidationError):
        signoff.save()
    with pytest.raises(ValidationError):
        signoff.delete()
    with pytest.raises(ValidationError):
        TranslationSignoff.objects.update(note="x")
    with pytest.raises(ValidationError):
        TranslationSignoff.objects.all().delete()


# When the English text changes -------------------------------------------------------


def test_an_ordinary_english_change_keeps_the_translation_with_an_out_of_date_flag():
    article = published_article()
    translation = public_translation(article)
    new_english_revision(article)
    translation = ArticleTranslation.objects.get(pk=translation.pk)
    assert translation.is_out_of_date
    assert translation.is_public()
    assert list(ArticleTranslation.objects.out_of_date()) == [translation]
    assert list(ArticleTranslation.objects.public()) == [translation]


def test_a_safety_relevant_english_change_withdraws_older_translations():
    article = published_article()
    translation = public_translation(article)
    article.summary = "Now says to call the ward at once with a fever."
    article.save()
    revision = article_services.record_revision(article=article, by=None)
    translations.mark_safety_relevant(
        revision=revision, by=editor_user(), reason="New fever warning."
    )
    # Marked but not yet approved: the public English text is unchanged.
    assert ArticleTranslation.objects.get(pk=translation.pk).is_public()
    approve(article)
    translation = ArticleTranslation.objects.get(pk=translation.pk)
    assert translation.withdrawn_at is not None
    assert "New fever warning." in translation.withdrawn_reason
    assert not translation.is_public()
    assert not ArticleTranslation.objects.public().exists()
    # A translation of the new English text, signed off, brings it back.
    public_translation(article, specialist=language_reviewer("ne", username="ne2"),
                       title="नयाँ")  # fmt: skip
    translation.refresh_from_db()
    assert translation.withdrawn_at is None and translation.is_public()


def test_marking_the_approved_text_safety_relevant_withdraws_at_once():
    article = published_article()
    translation = public_translation(article)
    revision, _article = new_english_revision(article)
    translations.mark_safety_relevant(revision=revision, by=None, reason="Dose corrected.")
    translation.refresh_from_db()
    assert translation.withdrawn_at is not None
    mark = SafetyRelevantChange.objects.get()
    with pytest.raises(ValidationError):
        mark.save()
    with pytest.raises(ValidationError):
        SafetyRelevantChange.objects.all().delete()
    with pytest.raises(ValidationError, match="already marked"):
        translations.mark_safety_relevant(revision=revision, by=None, reason="Again.")


def test_marking_needs_a_reason_and_an_editor():
    article = published_article()
    revision, _article = new_english_revision(article)
    with pytest.raises(ValidationError):
        translations.mark_safety_relevant(revision=revision, by=None, reason=" ")
    with pytest.raises(PermissionDenied):
        translations.mark_safety_relevant(
            revision=revision, by=translator_user(), reason="Dose corrected."
        )


# The public rule, twice --------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "approved", "withdrawn", "safety_change"),
    list(itertools.product([True, False], repeat=4)),
)
def test_public_queryset_and_is_public_agree(published, approved, withdrawn, safety_change):
    article = published_article() if published else approve(ArticleFactory())
    revision = translate(article)
    translation = revision.translation
    if approved:
        approve_translation(revision, language_reviewer("ne"))
    if safety_change:
        english, _article = new_english_revision(article)
        SafetyRelevantChange.objects.create(revision=english, reason="Dose.")
    if withdrawn:
        ArticleTranslation.objects.filter(pk=translation.pk).update(
            withdrawn_at=timezone.now() - timedelta(hours=1), withdrawn_reason="Test."
        )
    translation = ArticleTranslation.objects.get(pk=translation.pk)
    in_queryset = ArticleTranslation.objects.public().filter(pk=translation.pk).exists()
    assert translation.is_public() == in_queryset
    assert in_queryset == (published and approved and not withdrawn and not safety_change)


def test_every_translation_field_is_classified_in_the_governance_doc():
    from pathlib import Path

    from django.apps import apps

    doc = (Path(__file__).resolve().parents[2] / "docs" / "clinical-governance.md").read_text()
    start = doc.index("## Translations")
    text = doc[start : doc.index("\n## ", start + 1)]
    for label in ("articles.ArticleTranslation", "articles.TranslationRevision"):
        model = apps.get_model(label)
        missing = [
            field.name
            for field in model._meta.get_fields()
            if field.concrete and field.name != "id" and f"`{field.name}`" not in text
        ]
        assert missing == [], f"{label}: {missing}"
    assert text.count("signed off (by a clinician with the language)") >= 6


def test_a_translation_without_headings_can_be_saved():
    """A short article has no ## headings, so its translation has no table of contents."""
    from tests.translation_factories import translate

    article = published_article()
    revision = translate(article, "ne", body="एउटा छोटो अनुच्छेद मात्र।")
    assert revision.toc == []
    assert "एउटा छोटो अनुच्छेद मात्र।" in revision.body_html
