"""Translations in the admin: every save a new revision through the service, refusals as
form errors, sign-off through the reviews service, nothing immutable editable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import ArticleTranslation, SafetyRelevantChange, TranslationRevision
from reviews.models import TranslationSignoff
from tests.admin_forms import admin_post_data
from tests.factories import approve, editor_user, published_article
from tests.translation_factories import (  # noqa: F401 - fixtures are used by name
    NEPALI,
    english_afterwards,
    language_reviewer,
    translate,
    translator_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_afterwards")]

ADD_URL = reverse("admin:articles_articletranslation_add")
SIGN_OFF_URL = reverse("admin:reviews_translationsignoff_add")


def translation_form(**overrides):
    data = {**NEPALI, "questions": "\n".join(NEPALI["questions"])}
    data.update(overrides)
    return data


def test_a_translator_adds_a_translation_and_a_revision_is_recorded(client):
    article = published_article()
    translator = translator_user()
    client.force_login(translator)
    data = admin_post_data(client, ADD_URL, **translation_form(article=article.pk, language="ne"))
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    translation = ArticleTranslation.objects.get()
    revision = translation.revisions.get()
    assert revision.created_by == translator
    assert revision.source_revision == article.approved_revision
    assert revision.questions == NEPALI["questions"]
    # Editing makes a second revision; saving unchanged text makes none.
    url = reverse("admin:articles_articletranslation_change", args=[translation.pk])
    data = admin_post_data(client, url, **translation_form(title="नयाँ शीर्षक"))
    assert client.post(url, data).status_code == 302
    data = admin_post_data(client, url, **translation_form(title="नयाँ शीर्षक"))
    assert client.post(url, data).status_code == 302
    assert translation.revisions.count() == 2


def test_a_refused_translation_save_is_a_form_error(client):
    article = approve(published_article())
    article.summary = "Changed but never approved."
    article.save()
    client.force_login(translator_user())
    data = admin_post_data(
        client, ADD_URL, **translation_form(article=article.pk, language="ne", title="")
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not TranslationRevision.objects.exists()


def test_a_reviewer_signs_off_in_the_admin_and_refusals_show_their_reason(client):
    revision = translate(published_article(), by=translator_user())
    wrong_language = language_reviewer("ta", username="ta-reviewer")
    client.force_login(wrong_language.user)
    data = admin_post_data(
        client, f"{SIGN_OFF_URL}?revision={revision.pk}", revision=revision.pk,
        decision="approve", note="",
    )  # fmt: skip
    response = client.post(SIGN_OFF_URL, data)
    assert response.status_code == 200
    assert "does not list" in response.content.decode()
    assert "was added successfully" not in response.content.decode()
    assert not TranslationSignoff.objects.exists()

    nepali = language_reviewer("ne")
    client.force_login(nepali.user)
    data = admin_post_data(client, SIGN_OFF_URL, revision=revision.pk, decision="approve", note="")
    assert client.post(SIGN_OFF_URL, data).status_code == 302
    revision.translation.refresh_from_db()
    assert revision.translation.approved_revision == revision
    signoff = TranslationSignoff.objects.get()
    change_url = reverse("admin:reviews_translationsignoff_change", args=[signoff.pk])
    page = client.get(change_url).content.decode()
    assert 'name="note"' not in page  # read-only
    assert client.post(
        reverse("admin:reviews_translationsignoff_delete", args=[signoff.pk]), {"post": "yes"}
    ).status_code in (302, 403)
    assert TranslationSignoff.objects.filter(pk=signoff.pk).exists()


def test_translation_revisions_are_read_only_in_the_admin(admin_client):
    revision = translate(published_article())
    url = reverse("admin:articles_translationrevision_change", args=[revision.pk])
    page = admin_client.get(url).content.decode()
    assert revision.title in page
    assert 'name="title"' not in page
    assert admin_client.get(reverse("admin:articles_translationrevision_add")).status_code == 403
    delete = reverse("admin:articles_translationrevision_delete", args=[revision.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert TranslationRevision.objects.filter(pk=revision.pk).exists()


def test_an_editor_marks_an_english_change_safety_relevant_in_the_admin(client):
    article = published_article()
    article.summary = "Now warns about fever."
    article.save()
    english = article_services.record_revision(article=article, by=None)
    editor = editor_user()
    client.force_login(editor)
    url = reverse("admin:articles_safetyrelevantchange_add")
    data = admin_post_data(client, url, revision=english.pk, reason="A new fever warning.")
    assert client.post(url, data).status_code == 302
    mark = SafetyRelevantChange.objects.get()
    assert mark.marked_by == editor and mark.revision == english
    data = admin_post_data(client, url, revision=english.pk, reason="Again.")
    response = client.post(url, data)
    assert response.status_code == 200
    assert SafetyRelevantChange.objects.count() == 1


def test_translation_list_and_filters_load(client):
    translate(published_article())
    client.force_login(editor_user())
    url = reverse("admin:articles_articletranslation_changelist")
    for state in ("", "public", "out_of_date", "withdrawn", "unapproved"):
        assert client.get(url, {"state": state} if state else {}).status_code == 200
