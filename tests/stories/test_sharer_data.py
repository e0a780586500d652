"""Sharers' links expire and can be sent again; rejected stories are deleted after the
retention period; a moderator exports or erases everything held about an address.
Withdrawal, purge and erasure all leave through one function (services.take_down)."""

import base64
import json
import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stories import services
from stories.models import Comment, DataRequest, Story, email_fingerprint
from tests.factories import editor_user, moderator, published_article
from tests.images import upload

from .factories import CommentFactory, StoryFactory, story_data

pytestmark = pytest.mark.django_db

RESEND = "/stories/link/"


def media_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def with_photo(**kwargs) -> Story:
    from eduportal.images import clean_uploaded_image

    story, _ = services.submit_story(
        data=story_data(photo_alt="Me in the garden", **kwargs),
        photo=clean_uploaded_image(upload()).content,
    )
    return story


def manage_path(story) -> str:
    return reverse("stories:manage", kwargs={"token": services.manage_token(story)})


# Private links expire


def test_a_private_link_works_for_180_days_then_expires_kindly(client):
    story = StoryFactory()
    with time_machine.travel("2030-01-01 10:00:00", tick=False) as clock:
        path = manage_path(story)
        clock.shift(timedelta(days=179))
        assert client.get(path).status_code == 200
        clock.shift(timedelta(days=2))
        response = client.get(path)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html and "180 days" in html
    assert reverse("stories:resend-link") in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # Editing and withdrawing through the old link are refused too.
    with time_machine.travel("2030-07-01 10:00:00", tick=False):
        withdraw = client.post(f"{path}withdraw/", {"confirm": "on"})
    assert withdraw.status_code == 410
    story.refresh_from_db()
    assert not story.is_withdrawn


def test_the_link_lifetime_is_a_setting(client, settings):
    settings.STORIES_LINK_MAX_AGE_DAYS = 7
    story = StoryFactory()
    with time_machine.travel("2030-01-01 10:00:00", tick=False) as clock:
        path = manage_path(story)
        clock.shift(timedelta(days=8))
        assert client.get(path).status_code == 410


def test_a_tampered_link_is_still_just_a_bad_link(client):
    story = StoryFactory()
    response = client.get(manage_path(story)[:-5] + "xxxx/")
    assert response.status_code == 404 and "This link does not work" in response.content.decode()


def test_emails_with_a_link_say_how_long_it_works_and_how_to_get_another(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_story(data=story_data())
    body = mail.outbox[0].body
    assert "works for 180 days" in body and f"{settings.SITE_URL}/stories/link/" in body


# Send me my link again


def sent_page(client, email, **extra):
    return client.post(RESEND, {"email": email, "website": ""}, follow=True, **extra)


def test_a_known_address_gets_a_fresh_link_that_works(client, django_capture_on_commit_callbacks):
    story = StoryFactory(email="Maria@Example.org")
    StoryFactory(email="maria@example.org", short_line="My second story")
    with time_machine.travel("2030-01-01 10:00:00", tick=False) as clock:
        old = manage_path(story)
        clock.shift(timedelta(days=200))
        assert client.get(old).status_code == 410
        with django_capture_on_commit_callbacks(execute=True):
            response = sent_page(client, "maria@example.org")
        assert "Check your email" in response.content.decode()
        [message] = mail.outbox
        assert message.to == ["Maria@Example.org"]
        links = re.findall(re.escape(settings.SITE_URL) + r"(/stories/manage/\S+/)", message.body)
        assert len(links) == 2 and "My second story" in message.body
        assert client.get(links[0]).status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(
    django_capture_on_commit_callbacks,
):
    StoryFactory(email="maria@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = sent_page(Client(), "maria@example.org")
        unknown = sent_page(Client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(known.content.decode()) == strip(unknown.content.decode())
    assert len(mail.outbox) == 1


def test_withdrawn_stories_get_no_link(django_capture_on_commit_callbacks):
    story = StoryFactory(email="maria@example.org")
    services.withdraw_story(story=story)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_fresh_links(email="maria@example.org") == 0
    assert mail.outbox == []


def test_asking_for_links_is_rate_limited_by_address(client, settings):
    settings.STORIES_LINK_RESEND_RATE_LIMIT = 3
    for n in range(3):
        assert sent_page(client, f"person{n}@example.org").status_code == 200
    response = client.post(RESEND, {"email": "x@example.org"})
    assert response.status_code == 429
    assert "Nothing you wrote has been published" in response.content.decode()
    # A typing mistake does not count.
    other = Client(REMOTE_ADDR="192.0.2.8")
    settings.STORIES_LINK_RESEND_RATE_LIMIT = 1
    assert "Please enter an email address" in other.post(RESEND, {"email": "nope"}).content.decode()
    assert sent_page(other, "y@example.org").status_code == 200


def test_one_address_receives_at_most_a_few_link_emails_an_hour(
    settings, django_capture_on_commit_callbacks
):
    settings.STORIES_LINK_RESEND_PER_EMAIL = 2
    StoryFactory(email="maria@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):  # from four different connections
            response = sent_page(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "maria@example.org")
            assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_resend_form_has_a_honeypot(client, django_capture_on_commit_callbacks):
    StoryFactory(email="maria@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, {"email": "maria@example.org", "website": "x"})
    assert response.status_code == 400 and mail.outbox == []


# Rejected stories are deleted after the retention period


def test_rejected_stories_are_deleted_after_thirty_days_with_their_photos(media_root):
    mod = moderator()
    old = with_photo()
    services.reject_story(story=old, moderator=mod, reason="Please remove the names.")
    recent = StoryFactory(moderation_status=Story.Moderation.PENDING)
    services.reject_story(story=recent, moderator=mod, reason="Not about cancer care.")
    pending = StoryFactory(moderation_status=Story.Moderation.PENDING)
    approved = StoryFactory()
    Story.objects.filter(pk=old.pk).update(moderated_at=timezone.now() - timedelta(days=31))
    Story.objects.filter(pk=recent.pk).update(moderated_at=timezone.now() - timedelta(days=29))
    assert media_files(media_root)
    out = __import__("io").StringIO()
    call_command("purge_rejected_stories", stdout=out)
    assert "1 deleted" in out.getvalue()
    assert set(Story.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk, approved.pk}
    assert media_files(media_root) == []
    call_command("purge_rejected_stories", stdout=out)  # idempotent
    assert Story.objects.count() == 3


def test_the_retention_period_is_a_setting(settings):
    settings.STORIES_REJECTED_RETENTION_DAYS = 7
    story = StoryFactory(moderation_status=Story.Moderation.PENDING)
    services.reject_story(story=story, moderator=moderator(), reason="Names of others.")
    assert services.purge_rejected_stories(now=timezone.now() + timedelta(days=6)) == 0
    assert services.purge_rejected_stories(now=timezone.now() + timedelta(days=8)) == 1


def test_withdrawal_purge_and_erasure_share_one_take_down_path():
    """Whatever else must happen when a story leaves (cached pages dropped) is hooked
    on services.take_down; all three ways out go through it."""
    mod = moderator()
    withdrawn, rejected, erased = (
        StoryFactory(),
        StoryFactory(),
        StoryFactory(email="e@example.org"),
    )
    services.reject_story(story=rejected, moderator=mod, reason="No.")
    Story.objects.filter(pk=rejected.pk).update(moderated_at=timezone.now() - timedelta(days=40))
    real = services.stories.take_down
    with (
        mock.patch("stories.services.stories.take_down", wraps=real) as spy,
        mock.patch("stories.services.data_requests.take_down", wraps=real) as spy_erase,
    ):
        services.withdraw_story(story=withdrawn)
        services.purge_rejected_stories()
        services.erase_personal_data(email="e@example.org", by=mod)
    assert [c.kwargs["story"].pk for c in spy.call_args_list] == [withdrawn.pk, rejected.pk]
    assert [c.kwargs["story"].pk for c in spy_erase.call_args_list] == [erased.pk]


# Data requests


@pytest.fixture
def held(media_root):
    """Two stories (one with a photo) and two comments from one address, and others'."""
    story = with_photo(email="Maria@example.org")
    services.approve_story(story=story, moderator=moderator(username="mod1"))
    pending = StoryFactory(email="maria@example.org", moderation_status=Story.Moderation.PENDING)
    article = published_article()
    comment = CommentFactory(article=article, email="maria@EXAMPLE.org", body="My own words")
    reply = CommentFactory(article=article, parent=comment, body="A reply to Maria")
    own_reply = CommentFactory(
        article=article, email="maria@example.org", parent=CommentFactory(article=article)
    )
    others = [StoryFactory(email="someone@example.org"), CommentFactory(article=article)]
    return {
        "story": story,
        "pending": pending,
        "comment": comment,
        "reply": reply,
        "own_reply": own_reply,
        "others": others,
        "article": article,
    }


def test_export_holds_stories_consents_photo_and_comments(held):
    mod = moderator(username="mod")
    data = services.export_personal_data(email=" maria@example.org ", by=mod)
    assert {s["reference"] for s in data["stories"]} == {
        f"story-{held['story'].pk}",
        f"story-{held['pending'].pk}",
    }
    with_photo_entry = next(s for s in data["stories"] if s["photo"])
    assert with_photo_entry["consent_publish"] is True and with_photo_entry["consented_at"]
    assert with_photo_entry["consent_version"] and with_photo_entry["text"]
    assert base64.b64decode(with_photo_entry["photo"]["base64"])[:2] == b"\xff\xd8"
    assert {c["body"] for c in data["comments"]} == {"My own words", held["own_reply"].body}
    json.dumps(data)  # a file can be made of it
    record = DataRequest.objects.get()
    assert record.kind == "export" and (record.stories, record.comments, record.files) == (2, 2, 1)
    assert record.email_fingerprint == email_fingerprint("MARIA@example.org")
    assert "maria" not in str(list(DataRequest.objects.values())).lower()


def test_erasure_deletes_stories_photos_comments_and_replies_and_records_counts(
    held, media_root, client
):
    public = held["story"].get_absolute_url()
    assert client.get(public).status_code == 200
    record = services.erase_personal_data(email="maria@example.org", by=moderator(username="mod"))
    assert not Story.objects.filter(email__iexact="maria@example.org").exists()
    assert not Comment.objects.filter(email__iexact="maria@example.org").exists()
    assert not Comment.objects.filter(pk=held["reply"].pk).exists()
    assert media_files(media_root) == []
    assert client.get(public).status_code == 404
    assert "My own words" not in client.get(held["article"].get_absolute_url()).content.decode()
    assert (record.kind, record.stories, record.comments) == ("erase", 2, 3)
    assert record.files > 1  # the photo and its renditions
    # Nobody else's data is touched.
    assert Story.objects.filter(pk=held["others"][0].pk).exists()
    assert Comment.objects.filter(pk=held["others"][1].pk).exists()
    with pytest.raises(ValueError):
        record.delete()
    with pytest.raises(ValueError):
        DataRequest.objects.all().delete()
    with pytest.raises(ValueError):
        DataRequest.objects.update(stories=0)


def test_only_moderators_answer_data_requests(held):
    for user in (editor_user(), None):
        with pytest.raises(PermissionDenied):
            services.erase_personal_data(email="maria@example.org", by=user)
        with pytest.raises(PermissionDenied):
            services.export_personal_data(email="maria@example.org", by=user)
    assert Story.objects.filter(email__iexact="maria@example.org").count() == 2


def test_moderator_answers_a_data_request_in_the_admin(held, client):
    client.force_login(moderator(username="mod"))
    assert "Answer a data request" in client.get("/admin/stories/datarequest/").content.decode()
    url = reverse("admin:stories_datarequest_answer")
    response = client.post(url, {"email": "maria@example.org", "action": "export"})
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert response["Content-Type"].startswith("application/json")
    assert len(json.loads(response.content)["stories"]) == 2
    # Erasure needs the confirmation box.
    response = client.post(url, {"email": "maria@example.org", "action": "erase"})
    assert "Please confirm before erasing" in response.content.decode()
    assert Story.objects.filter(email__iexact="maria@example.org").count() == 2
    response = client.post(
        url, {"email": "maria@example.org", "action": "erase", "confirm": "on"}, follow=True
    )
    assert "Erased 2 stories, 3 comment(s)" in response.content.decode()
    assert DataRequest.objects.count() == 2


def test_editors_cannot_open_data_requests(client):
    client.force_login(editor_user())
    assert client.get(reverse("admin:stories_datarequest_answer")).status_code == 403
