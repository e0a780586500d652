from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stories.models import Comment, ScreeningKeyword
from tests.factories import editor_user
from tests.reviews.factories import verified_specialist

from .factories import CommentFactory, StoryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:stories_story_changelist"


@pytest.fixture
def mod_client(client, mod):
    client.force_login(mod)
    return client


def change_url(story) -> str:
    return reverse("admin:stories_story_change", args=[story.pk])


def test_queue_shows_pending_oldest_first_with_flags(mod_client):
    now = timezone.now()
    newer = StoryFactory(
        moderation_status="pending", short_line="Newer one", created_at=now - timedelta(hours=1)
    )
    older = StoryFactory(
        moderation_status="pending",
        short_line="Older one",
        created_at=now - timedelta(days=2),
        flagged_crisis=True,
        flag_keywords=["want to die"],
    )
    StoryFactory(short_line="Already approved")
    html = mod_client.get(reverse(CHANGELIST)).content.decode()
    assert "Already approved" not in html
    assert html.index("Older one") < html.index("Newer one")
    assert '<span class="flag flag-crisis">Crisis</span>' in html and "want to die" in html
    html = mod_client.get(reverse(CHANGELIST) + "?moderation=all").content.decode()
    assert "Already approved" in html
    assert older.pk and newer.pk


def test_admin_index_links_to_the_queue(mod_client):
    html = mod_client.get(reverse("admin:index")).content.decode()
    assert reverse(CHANGELIST) in html
    assert reverse("admin:stories_comment_changelist") in html


def test_preview_renders_the_public_template(mod_client, client):
    story = StoryFactory(moderation_status="pending", short_line="Preview me")
    url = reverse("admin:stories_story_preview", args=[story.pk])
    response = mod_client.get(url)
    assert response.status_code == 200
    assert "stories/story_detail.html" in [t.name for t in response.templates]
    assert "Preview me" in response.content.decode()
    assert "The public cannot see it" in response.content.decode()
    mod_client.logout()
    assert client.get(url).status_code == 302  # to the admin login


def test_approve_from_change_form_records_moderator(mod_client, mod):
    story = StoryFactory(moderation_status="pending")
    response = mod_client.post(change_url(story), {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_public() and story.moderated_by == mod and story.moderated_at


def test_reject_from_change_form_needs_reason_and_emails_it(
    mod_client, django_capture_on_commit_callbacks
):
    story = StoryFactory(moderation_status="pending")
    response = mod_client.post(change_url(story), {"decision": "reject", "reason": ""})
    assert response.status_code == 200
    assert "Please give the sharer a reason." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(change_url(story), {"decision": "reject", "reason": "Too short."})
    story.refresh_from_db()
    assert story.moderation_status == "rejected" and story.rejection_reason == "Too short."
    assert "Too short." in mail.outbox[0].body


def test_edit_for_length_only_when_allowed_and_keeps_original(mod_client):
    allowed = StoryFactory(consent_edit=True)
    original = allowed.text
    mod_client.post(change_url(allowed), {"text": original[:320], "decision": ""})
    allowed.refresh_from_db()
    assert allowed.text == original[:320].strip() and allowed.original_text == original

    refused = StoryFactory(consent_edit=False)
    html = mod_client.get(change_url(refused)).content.decode()
    assert 'name="text"' not in html  # read-only without the sharer's permission
    mod_client.post(change_url(refused), {"text": "short", "decision": ""})
    refused.refresh_from_db()
    assert refused.text == original and refused.original_text == ""


def test_feature_only_with_quote_consent(mod_client):
    no_consent = StoryFactory(consent_quote=False)
    assert 'name="featured"' not in mod_client.get(change_url(no_consent)).content.decode()
    mod_client.post(change_url(no_consent), {"featured": "on", "decision": ""})
    no_consent.refresh_from_db()
    assert not no_consent.featured
    allowed = StoryFactory(consent_quote=True)
    mod_client.post(change_url(allowed), {"featured": "on", "decision": ""})
    allowed.refresh_from_db()
    assert allowed.featured


def test_bulk_approve_and_reject_use_the_services(
    mod_client, mod, django_capture_on_commit_callbacks
):
    first, second = (StoryFactory(moderation_status="pending") for _ in range(2))
    already = StoryFactory(moderation_status="rejected")
    response = mod_client.post(
        reverse(CHANGELIST) + "?moderation=all",
        {"action": "approve_selected", "_selected_action": [first.pk, already.pk]},
        follow=True,
    )
    first.refresh_from_db()
    already.refresh_from_db()
    assert first.is_public() and first.moderated_by == mod
    assert already.moderation_status == "rejected"
    assert "Only a story waiting for moderation can be approved" in response.content.decode()

    confirm = mod_client.post(
        reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [second.pk]}
    )
    assert "Each sharer receives this by email" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            reverse(CHANGELIST),
            {
                "action": "reject_selected",
                "_selected_action": [second.pk],
                "apply": "1",
                "reason": "Please remove names.",
            },
        )
    second.refresh_from_db()
    assert second.moderation_status == "rejected" and second.moderated_by == mod
    assert "Please remove names." in mail.outbox[-1].body


def test_withdrawn_story_shows_only_a_tombstone(mod_client):
    from stories import services

    story = services.withdraw_story(story=StoryFactory(short_line="Secret line"))
    html = mod_client.get(change_url(story)).content.decode()
    assert "The sharer withdrew this story" in html
    assert "Secret line" not in html


def test_staff_cannot_add_or_delete_stories(mod_client):
    story = StoryFactory()
    assert mod_client.get(reverse("admin:stories_story_add")).status_code == 403
    assert mod_client.get(reverse("admin:stories_story_delete", args=[story.pk])).status_code == 403


def test_editors_cannot_open_the_story_queue(client):
    client.force_login(editor_user())
    assert client.get(reverse(CHANGELIST)).status_code == 403


# Comments


def test_comment_queue_and_bulk_actions(mod_client, mod, article):
    pending = CommentFactory(article=article, status="pending", body="Please approve me")
    spam = CommentFactory(article=article, status="pending", body="Buy now")
    CommentFactory(article=article, body="Old approved")
    url = reverse("admin:stories_comment_changelist")
    html = mod_client.get(url).content.decode()
    assert "Please approve me" in html and "Old approved" not in html
    mod_client.post(url, {"action": "approve_selected", "_selected_action": [pending.pk]})
    mod_client.post(url, {"action": "reject_selected", "_selected_action": [spam.pk]})
    pending.refresh_from_db()
    spam.refresh_from_db()
    assert pending.status == "approved" and pending.moderated_by == mod
    assert spam.status == "rejected"


def test_bulk_approve_parent_and_reply_together(mod_client, article):
    parent = CommentFactory(article=article, status="pending")
    reply = CommentFactory(article=article, parent=parent, status="pending")
    mod_client.post(
        reverse("admin:stories_comment_changelist"),
        {"action": "approve_selected", "_selected_action": [reply.pk, parent.pk]},
    )
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}


def test_specialist_replies_from_the_admin_labelled_from_their_check(client, article):
    profile = verified_specialist(full_name="Adaeze Okafor")
    client.force_login(profile.user)
    comment = CommentFactory(article=article)
    url = reverse("admin:stories_comment_change", args=[comment.pk])
    html = client.get(url).content.decode()
    assert 'name="reply"' in html and 'name="decision"' not in html
    assert 'name="reply_role"' not in html  # nothing to type: the label is the account's
    assert "shown as from Dr Adaeze Okafor, MD, PhD" in html
    client.post(url, {"reply": "Ask your nurse about this."})
    reply = Comment.objects.get(parent=comment)
    assert reply.author_user == profile.user and reply.speaker_role == "clinician"
    assert reply.is_public()


def test_moderators_edit_the_keyword_list(mod_client):
    url = reverse("admin:stories_screeningkeyword_add")
    mod_client.post(url, {"kind": "medical_claim", "phrase": "  Magic   TEA ", "active": "on"})
    assert ScreeningKeyword.objects.filter(phrase="magic tea").exists()
    assert ScreeningKeyword.objects.filter(kind="crisis", phrase="suicide").exists()  # seeded


def test_superuser_sees_the_decision_and_a_viewer_without_moderation_rights_does_not(client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    story = StoryFactory(moderation_status="pending")
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_story"),
        Permission.objects.get(codename="change_story"),
    )
    client.force_login(viewer)
    html = client.get(change_url(story)).content.decode()
    assert 'name="decision"' not in html
    client.post(change_url(story), {"decision": "approve"})
    story.refresh_from_db()
    assert story.moderation_status == "pending"


def test_a_refused_save_is_a_form_error_not_a_success(mod_client, article):
    """The service refuses (the comment is already approved): the change form shows the
    refusal as an error and never also says it was changed successfully."""
    comment = CommentFactory(article=article, status="approved", body="Already live")
    url = reverse("admin:stories_comment_change", args=[comment.pk])
    response = mod_client.post(url, {"decision": "approve"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This comment is already approved." in html
    assert "changed successfully" not in html
    assert response.context["adminform"].form.errors


def test_a_refused_bulk_action_reports_only_the_refusal(mod_client, article):
    from django.contrib.messages import get_messages

    live = CommentFactory(article=article, status="approved")
    response = mod_client.post(
        reverse("admin:stories_comment_changelist") + "?moderation=all",
        {"action": "approve_selected", "_selected_action": [live.pk]},
        follow=True,
    )
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
