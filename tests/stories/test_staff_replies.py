"""Side door 2: staff speak as themselves. A reply's label comes from the account, only
a checked clinician is ever labelled as a clinician, and not after their check lapses."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reviews import identity
from stories import services
from stories.models import Comment, SpeakerRole
from tests.factories import editor_user, moderator, published_article, reviewer
from tests.reviews.factories import SpecialistFactory, mark_verified, verified_specialist

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_there_is_no_typed_role_anywhere():
    assert "role_label" not in {field.name for field in Comment._meta.get_fields()}
    with pytest.raises(TypeError):
        services.reply_as_staff(
            parent=None, author=None, body="Hi", role_label="Consultant oncologist"
        )


def test_an_unchecked_clinician_may_not_reply_as_one(article):
    parent = CommentFactory(article=article)
    unchecked = SpecialistFactory(user=reviewer()).user
    with pytest.raises(PermissionDenied, match="No one has checked your registration"):
        services.reply_as_staff(parent=parent, author=unchecked, body="Ask your team.")
    lapsed = mark_verified(SpecialistFactory(user=reviewer()), valid_days=-1).user
    with pytest.raises(PermissionDenied, match="lapsed"):
        services.reply_as_staff(parent=parent, author=lapsed, body="Ask your team.")
    assert not Comment.objects.filter(parent=parent).exists()


def test_a_clinician_who_is_also_an_editor_replies_as_the_editorial_team_until_checked(
    article,
):
    parent = CommentFactory(article=article)
    both = editor_user()
    SpecialistFactory(user=both)  # a profile, but not checked
    reply = services.reply_as_staff(parent=parent, author=both, body="Thank you.")
    assert reply.speaker_role == SpeakerRole.EDITORIAL and reply.speaker_check is None
    assert reply.public_speaker().label == "Editorial team"


def test_non_clinicians_may_not_give_what_reads_as_medical_advice(article):
    parent = CommentFactory(article=article)
    with pytest.raises(ValidationError, match="reads as medical advice") as error:
        services.reply_as_staff(
            parent=parent, author=moderator(), body="Apricot kernels are a miracle cure."
        )
    assert "apricot kernels" in str(error.value) and "miracle cure" in str(error.value)
    # A checked clinician answering the same claim is labelled as the clinician they are.
    clinician = verified_specialist().user
    reply = services.reply_as_staff(
        parent=parent, author=clinician, body="Apricot kernels are no miracle cure: ask your team."
    )
    assert reply.speaker_role == SpeakerRole.CLINICIAN


def test_a_clinicians_reply_stops_presenting_them_as_one_when_the_check_lapses(client, topic):
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False):
        article = published_article(topics=[topic])
        profile = verified_specialist(full_name="Adaeze Okafor", slug="adaeze-okafor")
        parent = CommentFactory(article=article)
        services.reply_as_staff(parent=parent, author=profile.user, body="Ask your team.")
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<a class="comment-author" href="/specialists/adaeze-okafor/">' in html
    with time_machine.travel("2027-01-10 09:00:00+00:00", tick=False):  # check lapsed
        html = client.get(article.get_absolute_url()).content.decode()
    assert "/specialists/adaeze-okafor/" not in html
    assert "Dr Adaeze Okafor" not in html
    assert '<span class="comment-author">Editorial team</span>' in html


def test_a_relinked_profile_is_not_the_repliers_any_more(client, article):
    profile = verified_specialist(full_name="Adaeze Okafor", slug="adaeze-okafor")
    parent = CommentFactory(article=article)
    reply = services.reply_as_staff(parent=parent, author=profile.user, body="Ask your team.")
    profile.user = reviewer(username="new.login")
    identity.save_specialist(specialist=profile, by=editor_user())
    reply = Comment.objects.with_speakers().get(pk=reply.pk)
    assert reply.public_speaker().label == "Editorial team"
    assert "Dr Adaeze Okafor" not in client.get(article.get_absolute_url()).content.decode()


# Through the admin's own form -----------------------------------------------------------


def test_admin_reply_refused_as_medical_advice_is_a_form_error_and_nothing_is_saved(
    client, article
):
    mod = moderator(username="mod2")
    client.force_login(mod)
    comment = CommentFactory(article=article)
    url = reverse("admin:stories_comment_change", args=[comment.pk])
    html = client.get(url).content.decode()
    assert "shown as from the moderator" in html and 'name="reply_role"' not in html
    response = client.post(
        url, {"decision": "reject", "reply": "Try apricot kernels instead of chemo."}
    )
    assert response.status_code == 200  # the form again, with the error beside the reply
    errors = response.context["adminform"].form.errors
    assert "reads as medical advice" in errors["reply"][0]
    assert "was changed successfully" not in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED  # the decision was not saved either
    assert not Comment.objects.filter(parent=comment).exists()


def test_admin_reply_by_an_unchecked_clinician_is_a_form_error(client, article):
    clinician = SpecialistFactory(user=reviewer(username="unchecked")).user
    client.force_login(clinician)
    comment = CommentFactory(article=article)
    url = reverse("admin:stories_comment_change", args=[comment.pk])
    assert "No one has checked your registration" in client.get(url).content.decode()
    response = client.post(url, {"reply": "Ask your team."})
    assert response.status_code == 200
    assert "credential check is in force" in response.context["adminform"].form.errors["reply"][0]
    assert not Comment.objects.filter(parent=comment).exists()


def test_admin_reply_by_an_editor_is_labelled_editorial_team(client, article):
    client.force_login(editor_user(username="ed"))
    comment = CommentFactory(article=article)
    url = reverse("admin:stories_comment_change", args=[comment.pk])
    assert client.post(url, {"reply": "Thank you for writing."}).status_code == 302
    reply = Comment.objects.get(parent=comment)
    assert reply.speaker_role == SpeakerRole.EDITORIAL
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="comment-author">Editorial team</span>' in html
