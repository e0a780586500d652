"""A survivor shares a story with a photo, a moderator approves it, the survivor
withdraws it through their private link."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from PIL import Image

from articles.models import Topic
from eduportal.roles import MODERATORS, role_permissions
from stories.models import Story
from stories.services import reply_as_staff
from tests.e2e.conftest import sign_in_to_admin
from tests.factories import TopicFactory, UserFactory
from tests.images import gps_exif, image_bytes
from tests.reviews.factories import verified_specialist

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "I was diagnosed two years ago. The first weeks were a blur of appointments, and I "
    "wrote every question in a notebook so I would not forget them. My nurse answered "
    "each one patiently. Treatment was tiring, but friends took turns to cook and to walk "
    "with me. Today I feel stronger, and I want others to know the hard days do pass."
)


def moderator_login(page, password="password"):
    # Transactional tests flush the groups the migrations made; make the role again.
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    codes = role_permissions()[MODERATORS]
    group.permissions.set(
        [
            Permission.objects.get(
                content_type__app_label=code.split(".")[0], codename=code.split(".")[1]
            )
            for code in codes
        ]
    )
    user = UserFactory(username="sam", is_staff=True)
    user.set_password(password)
    user.save()
    user.groups.add(group)
    sign_in_to_admin(page, "sam", password)
    return user


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_share_moderate_show_and_withdraw(page, assert_accessible):
    TopicFactory(name="Breast cancer", slug="breast-cancer", kind=Topic.Kind.CANCER_TYPE)

    # The share form, first sent empty: errors are shown next to the fields.
    page.goto("/stories/share/")
    assert_accessible(page, context="share form")
    page.click("button[type=submit]")
    assert page.locator(".form-errors").is_visible()
    assert page.locator("#story-text_error").is_visible()
    assert_accessible(page, context="share form with errors")

    page.fill("#story-display_name", "Maria")
    page.fill("#story-age", "52")
    page.select_option("#story-country", "ES")
    page.check("input[name=status][value=cancer_free]")
    page.fill("#story-status_year", "2021")
    page.select_option("#story-cancer_type", label="Breast cancer")
    page.fill("#story-short_line", "I notice small joys again.")
    page.fill("#story-text", STORY)
    page.check("input[name=content_notes][value=recurrence]")
    page.set_input_files(
        "#story-photo",
        files=[
            {
                "name": "holiday.jpg",
                "mimeType": "image/jpeg",
                "buffer": image_bytes(size=(800, 600), exif=gps_exif()),
            }
        ],
    )
    page.fill("#story-photo_alt", "Maria smiling on a beach")
    page.fill("#story-email", "maria@example.org")
    page.check("#story-consent_publish")
    page.check("#story-consent_privacy")
    page.click("button[type=submit]")
    page.wait_for_url("**/stories/share/thanks/")
    assert "Thank you for sharing your story" in page.locator("h1").inner_text()
    assert_accessible(page, context="thank-you page")

    story = Story.objects.get()
    assert story.moderation_status == Story.Moderation.PENDING
    link = re.search(r"https?://\S+/stories/manage/\S+/", mail.outbox[0].body).group(0)

    # A moderator approves it in the admin, from the queue.
    moderator_login(page)
    page.goto("/admin/stories/story/")
    page.click(f"a[href$='/admin/stories/story/{story.pk}/change/']")
    page.check("input[name=decision][value=approve]")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/stories/story/")
    story.refresh_from_db()
    assert story.is_public()

    # It appears on /stories/ with its photo; the stored files carry no EXIF.
    page.goto("/stories/")
    assert page.get_by_role("link", name="Maria, 52").is_visible()
    assert page.locator(".story-card img").first.get_attribute("alt") == "Maria smiling on a beach"
    assert_accessible(page, context="story list")
    page.get_by_role("link", name="Maria, 52").click()
    assert "Maria’s story" in page.locator("h1").inner_text()
    assert page.locator(".content-notes").is_visible()
    assert_accessible(page, context="story page")
    files = media_files()
    assert len(files) > 2
    for path in files:
        with Image.open(io.BytesIO(path.read_bytes())) as image:
            assert not image.getexif(), path
        assert b"SERIAL-12345" not in path.read_bytes()

    # The sharer withdraws it through the private link from the email.
    public_url = story.get_absolute_url()
    page.context.clear_cookies()
    page.goto(link.replace(settings.SITE_URL, ""))
    assert "Published" in page.locator(".story-status").inner_text()
    assert_accessible(page, context="private story page")
    page.check("#withdraw-confirm")
    page.click("button.button-danger")
    assert "Your story has been withdrawn" in page.locator(".messages").inner_text()
    assert media_files() == []
    story.refresh_from_db()
    assert story.is_withdrawn and story.text == "" and story.email == ""
    response = page.goto(public_url)
    assert response.status == 404
    page.goto("/stories/")
    assert page.get_by_role("link", name="Maria, 52").count() == 0
    assert page.csp_errors == []


def test_reader_replies_to_a_comment(page, assert_accessible):
    from stories.models import Comment
    from tests.factories import published_article

    topic = TopicFactory(name="Breast cancer", slug="breast-cancer", kind=Topic.Kind.CANCER_TYPE)
    article = published_article(topics=[topic])
    parent = Comment.objects.create(
        article=article,
        name="Priya",
        body="Thank you, see https://example.org",
        consent_privacy=True,
        status=Comment.Status.APPROVED,
    )
    clinician = verified_specialist(full_name="Adaeze Okafor", slug="adaeze-okafor")
    reply_as_staff(parent=parent, author=clinician.user, body="Glad it helped.")
    page.goto(article.get_absolute_url())
    assert "2 thoughts on" in page.locator("#comments-heading").inner_text()
    assert page.locator(".role-badge").inner_text() == "Specialist"
    assert (
        page.locator(".comment-reply .comment-author").inner_text() == "Dr Adaeze Okafor, MD, PhD"
    )
    assert_accessible(page, context="article with comments")

    page.get_by_role("button", name="Reply to Priya").click()
    assert "replying to Priya" in page.locator(".replying-to-text").inner_text()
    page.click(".comment-form button[type=submit]")
    assert page.locator("#comment-body_error").is_visible()
    assert_accessible(page, context="comment form with errors")
    page.fill("#comment-name", "Ann")
    page.fill("#comment-email", "ann@example.org")
    page.fill("#comment-body", "Same for me.")
    page.check("#comment-consent_privacy")
    page.click(".comment-form button[type=submit]")
    assert "Thank you for your comment" in page.locator("h1").inner_text()
    reply = Comment.objects.get(name="Ann")
    assert reply.parent == parent and reply.status == Comment.Status.PENDING
    assert page.csp_errors == []
