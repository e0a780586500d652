"""Commenters hear back: optional emails on approval and on replies, one-click
unsubscribe (signed token, RFC 8058 headers), the address never shown publicly."""

import pytest
from django.core import mail
from django.urls import reverse

from stories import services
from stories.models import Comment
from tests.factories import editor_user

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def submit(article, *, email="ana@example.org", email_updates=True, parent=None, name="Ana"):
    comment, _ = services.submit_comment(
        article=article, name=name, email=email, body="Thank you for this.",
        consent_privacy=True, parent=parent, email_updates=email_updates,
    )  # fmt: skip
    return comment


def test_approval_email_only_when_asked(article, mod, django_capture_on_commit_callbacks):
    asked = submit(article)
    silent = submit(article, email="bo@example.org", email_updates=False, name="Bo")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_comment(comment=asked, moderator=mod)
        services.approve_comment(comment=silent, moderator=mod)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    message = mail.outbox[0]
    assert "now on" in message.subject
    assert f"https://eduportal.test{article.get_absolute_url()}#comment-{asked.pk}" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://eduportal.test/stories/comments/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body


def test_reply_email_from_a_reader_after_approval_and_from_staff_at_once(
    article, mod, django_capture_on_commit_callbacks
):
    parent = CommentFactory(article=article, email="ana@example.org", email_updates=True)
    reply = submit(article, email="cy@example.org", email_updates=False, parent=parent, name="Cy")
    assert mail.outbox == []  # a pending reply is not news yet
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_comment(comment=reply, moderator=mod)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "Cy replied" in mail.outbox[0].body
    staff = editor_user(username="nurse", first_name="Nia", last_name="Jones")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_as_staff(parent=parent, author=staff, body="Happy to help.")
    # Staff are named as the site names them: by their account's capacity.
    assert len(mail.outbox) == 2 and "Editorial team replied" in mail.outbox[1].body
    assert "Nia Jones" not in mail.outbox[1].body


def test_no_reply_email_for_your_own_reply_or_without_consent(
    article, mod, django_capture_on_commit_callbacks
):
    parent = CommentFactory(article=article, email="ana@example.org", email_updates=True)
    quiet = CommentFactory(article=article, email="dee@example.org", email_updates=False)
    own = submit(article, email="ANA@example.org", parent=parent)
    other = submit(article, email="eve@example.org", parent=quiet, name="Eve")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_comment(comment=own, moderator=mod)
        services.approve_comment(comment=other, moderator=mod)
    # Only the approval emails these readers asked for; no reply emails.
    assert sorted(m.to[0] for m in mail.outbox) == ["ANA@example.org", "eve@example.org"]
    assert all("replied" not in m.body for m in mail.outbox)


def test_updates_need_an_email_address(article):
    comment = submit(article, email="", email_updates=True)
    assert comment.email_updates is False


def test_one_click_unsubscribe_from_the_mail_program(client, article):
    comment = CommentFactory(article=article, email="ana@example.org", email_updates=True)
    other = CommentFactory(article=article, email="Ana@Example.org", email_updates=True)
    url = reverse("stories:unsubscribe", args=[services.unsubscribe_token(comment)])
    # RFC 8058: the mail program posts this body, with no cookie or CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Comment.objects.filter(pk__in=[comment.pk, other.pk], email_updates=True).exists()
    assert client.post(url).status_code == 200  # twice is harmless


def test_opening_the_link_only_shows_a_button(client, article):
    comment = CommentFactory(article=article, email="ana@example.org", email_updates=True)
    url = reverse("stories:unsubscribe", args=[services.unsubscribe_token(comment)])
    html = client.get(url).content.decode()
    assert '<button type="submit">Stop these emails</button>' in html
    comment.refresh_from_db()
    assert comment.email_updates  # mail scanners open links; a GET changes nothing
    assert client.get(url)["Cache-Control"].startswith("max-age=0")


def test_a_tampered_token_is_a_kind_404(client):
    token = services.unsubscribe_token(Comment(email="ana@example.org"))
    response = client.post(reverse("stories:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_the_address_and_choice_are_never_shown_publicly(client, article):
    CommentFactory(article=article, email="secret@example.org", email_updates=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "secret@example.org" not in html


def test_comment_form_offers_the_choice(client, article, django_capture_on_commit_callbacks):
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="email_updates"' in html
    client.post(
        reverse("stories:comment", kwargs={"slug": article.slug}),
        {"name": "Fay", "email": "fay@example.org", "body": "Helpful.", "consent_privacy": "on",
         "email_updates": "on"},
    )  # fmt: skip
    assert Comment.objects.get(name="Fay").email_updates
