from pathlib import Path

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from stories import services
from stories.models import ScreeningKeyword, Story
from tests.factories import editor_user, reviewer
from tests.images import image_bytes, upload

from .factories import StoryFactory, story_data

pytestmark = pytest.mark.django_db


def clean_photo():
    from eduportal.images import clean_uploaded_image

    return clean_uploaded_image(upload()).content


def media_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# Submitting


def test_submit_story_holds_it_for_moderation_and_records_consent(
    mod, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story, screening = services.submit_story(data=story_data(consent_quote=True))
    assert story.moderation_status == Story.Moderation.PENDING
    assert not story.is_public()
    assert story.consented_at is not None and story.consent_version
    assert story.consent_quote and not story.consent_edit
    assert not screening.flagged
    to_sharer, to_moderators = mail.outbox
    assert to_sharer.to == ["maria@example.org"]
    token = services.manage_token(story)
    assert f"/stories/manage/{token}/" in to_sharer.body
    assert to_moderators.to == ["mod@example.org"]
    assert "maria@example.org" not in to_moderators.body
    assert f"/admin/stories/story/{story.pk}/change/" in to_moderators.body


def test_submit_story_refuses_without_publish_and_privacy_consent():
    with pytest.raises(ValidationError):
        services.submit_story(data=story_data(consent_publish=False))
    with pytest.raises(ValidationError):
        services.submit_story(data=story_data(consent_privacy=False))
    assert Story.objects.count() == 0


def test_submit_story_flags_crisis_and_medical_claims(mod, django_capture_on_commit_callbacks):
    text = story_data().text + " Some nights I wanted to die. A friend swore by Apricot Kernels."
    with django_capture_on_commit_callbacks(execute=True):
        story, screening = services.submit_story(data=story_data(text=text))
    assert story.flagged_crisis and story.flagged_medical
    assert screening.crisis == ["want|wanted|wanting to die"]
    assert "apricot kernels" in story.flag_keywords
    assert "CRISIS FLAG" in mail.outbox[1].subject


def test_submit_story_stores_photo_and_renditions(media_root):
    story, _ = services.submit_story(
        data=story_data(photo_alt="Me on a beach"), photo=clean_photo()
    )
    assert story.photo.name.startswith("stories/")
    assert story.photo_renditions["jpeg"] and story.photo_renditions["webp"]
    assert len(media_files(media_root)) == 1 + 2 * len(story.photo_renditions["jpeg"])


def test_a_failed_renditions_job_keeps_the_story_and_leaves_no_half_written_files(
    monkeypatch, media_root
):
    import eduportal.images

    make_renditions = eduportal.images.make_renditions

    def half_done(name, **kwargs):
        make_renditions(name, widths=(100,))  # some rendition files are written …
        raise OSError("disk full")  # … then it fails

    monkeypatch.setattr(eduportal.images, "make_renditions", half_done)
    story, _ = services.submit_story(data=story_data(photo_alt="Me"), photo=clean_photo())
    story.refresh_from_db()
    # The renditions are a background job: its failure loses nothing the sharer sent.
    assert story.photo and story.photo_renditions == {}
    assert media_files(media_root) == [Path(media_root) / story.photo.name]


def test_failure_while_saving_leaves_no_row_and_no_file(monkeypatch, media_root):
    def refuse(*args, **kwargs):
        raise OSError("database went away")

    monkeypatch.setattr(Story, "full_clean", refuse)
    with pytest.raises(OSError):
        services.submit_story(data=story_data(photo_alt="Me"), photo=clean_photo())
    assert Story.objects.count() == 0
    assert media_files(media_root) == []


def test_photo_needs_a_description():
    with pytest.raises(ValidationError) as error:
        services.submit_story(data=story_data(photo_alt=""), photo=clean_photo())
    assert "photo_alt" in error.value.message_dict
    assert Story.objects.count() == 0


# Private link


def test_signed_link_finds_the_story_and_refuses_tampering():
    story = StoryFactory()
    token = services.manage_token(story)
    assert services.story_from_token(token) == story
    other = StoryFactory()
    forged = token.replace(token.split(":")[0], services.manage_token(other).split(":")[0])
    assert services.story_from_token(forged) is None
    assert services.story_from_token(token[:-2] + "xx") is None
    assert services.story_from_token("garbage") is None
    unsalted = signing.dumps({"story": other.pk})  # signed, but not for this purpose
    assert services.story_from_token(unsalted) is None


# Moderation


def test_approve_story_records_who_and_when_and_emails_sharer(
    mod, django_capture_on_commit_callbacks
):
    story = StoryFactory(moderation_status=Story.Moderation.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        story = services.approve_story(story=story, moderator=mod)
    assert story.is_public() and story.moderated_by == mod and story.moderated_at
    assert mail.outbox[0].to == [story.email]
    assert story.get_absolute_url() in mail.outbox[0].body


@pytest.mark.parametrize("make_user", [lambda: None, editor_user, reviewer])
def test_only_moderators_approve(make_user):
    story = StoryFactory(moderation_status=Story.Moderation.PENDING)
    with pytest.raises(PermissionDenied):
        services.approve_story(story=story, moderator=make_user())
    story.refresh_from_db()
    assert story.moderation_status == Story.Moderation.PENDING


@pytest.mark.parametrize("status", ["approved", "rejected", "withdrawn"])
def test_only_pending_stories_can_be_approved(mod, status):
    story = StoryFactory(moderation_status=status)
    with pytest.raises(ValidationError):
        services.approve_story(story=story, moderator=mod)


def test_reject_story_needs_a_reason_and_emails_it(mod, django_capture_on_commit_callbacks):
    story = StoryFactory(moderation_status=Story.Moderation.PENDING)
    with pytest.raises(ValidationError):
        services.reject_story(story=story, moderator=mod, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        story = services.reject_story(
            story=story, moderator=mod, reason="Please leave out your doctor's name."
        )
    assert story.moderation_status == Story.Moderation.REJECTED
    assert story.moderated_by == mod and story.rejection_reason
    assert "Please leave out your doctor's name." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.reject_story(story=story, moderator=mod, reason="again")


def test_reject_refused_for_non_moderators():
    story = StoryFactory(moderation_status=Story.Moderation.PENDING)
    with pytest.raises(PermissionDenied):
        services.reject_story(story=story, moderator=editor_user(), reason="No")


def test_shorten_story_only_with_consent_and_keeps_original(mod):
    refused = StoryFactory(consent_edit=False)
    with pytest.raises(PermissionDenied):
        services.shorten_story(story=refused, moderator=mod, text=refused.text[:310])
    story = StoryFactory(consent_edit=True)
    original = story.text
    with pytest.raises(ValidationError):
        services.shorten_story(story=story, moderator=mod, text=original + " more")
    story = services.shorten_story(story=story, moderator=mod, text=original[:310])
    assert story.text == original[:310]
    assert story.original_text == original
    assert story.moderated_by == mod
    story = services.shorten_story(story=story, moderator=mod, text=original[:305])
    assert story.original_text == original  # the sharer's own words, not the first edit


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"text": "Too short to be a story."}, "text"),
        ({"text": "x" * 10_001}, "text"),
        ({"short_line": "  "}, "short_line"),
        ({"status": ""}, "status"),
    ],
)
def test_submit_story_enforces_the_share_rules_without_the_form(overrides, field):
    with pytest.raises(ValidationError) as refused:
        services.submit_story(data=story_data(**overrides))
    assert field in refused.value.message_dict
    assert not Story.objects.exists()


def test_submit_story_needs_a_cancer_type():
    data = story_data()
    data.cancer_type = None
    with pytest.raises(ValidationError) as refused:
        services.submit_story(data=data)
    assert "cancer_type" in refused.value.message_dict
    assert not Story.objects.exists()


def test_shortening_cannot_go_below_the_minimum_length(mod):
    story = StoryFactory(consent_edit=True)
    original = story.text
    with pytest.raises(ValidationError) as refused:
        services.shorten_story(story=story, moderator=mod, text=original[:120])
    assert "text" in refused.value.message_dict
    story.refresh_from_db()
    assert story.text == original and story.original_text == ""


def test_feature_only_with_quote_consent_and_when_approved(mod):
    no_consent = StoryFactory(consent_quote=False)
    with pytest.raises(PermissionDenied):
        services.set_featured(story=no_consent, moderator=mod, featured=True)
    pending = StoryFactory(consent_quote=True, moderation_status=Story.Moderation.PENDING)
    with pytest.raises(ValidationError):
        services.set_featured(story=pending, moderator=mod, featured=True)
    story = services.set_featured(
        story=StoryFactory(consent_quote=True), moderator=mod, featured=True
    )
    assert story.featured
    assert list(Story.objects.quotable()) == [story]
    story = services.set_featured(story=story, moderator=mod, featured=False)
    assert not story.featured


def test_database_refuses_featuring_without_quote_consent():
    story = StoryFactory(consent_quote=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(featured=True)


def test_database_refuses_approved_story_without_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(consent_publish=False)


# The sharer's own changes


def test_edit_story_goes_back_to_moderation_and_leaves_home_page(
    mod, django_capture_on_commit_callbacks
):
    story = services.set_featured(
        story=StoryFactory(consent_quote=True), moderator=mod, featured=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        story, _ = services.edit_story(
            story=story, data=story_data(short_line="Changed line", consent_quote=True)
        )
    assert story.moderation_status == Story.Moderation.PENDING
    assert not story.featured and story.short_line == "Changed line"
    assert not Story.objects.approved().filter(pk=story.pk).exists()
    assert "changed their story" in mail.outbox[0].body


def test_edit_story_changes_slug_when_going_anonymous():
    story = StoryFactory(display_name="Maria", slug="maria-abc")
    story, _ = services.edit_story(
        story=story, data=story_data(display_name="Maria", publish_anonymously=True)
    )
    assert "maria" not in story.slug
    assert story.shown_name == "M."


def test_withdrawn_story_cannot_be_edited():
    story = services.withdraw_story(story=StoryFactory())
    with pytest.raises(ValidationError):
        services.edit_story(story=story, data=story_data())


def test_withdraw_deletes_text_personal_data_and_every_photo_file(media_root):
    story, _ = services.submit_story(
        data=story_data(photo_alt="Me", content_notes=["loss"]), photo=clean_photo()
    )
    assert len(media_files(media_root)) > 3
    story = services.withdraw_story(story=story)
    assert story.moderation_status == Story.Moderation.WITHDRAWN and story.withdrawn_at
    for field in ["display_name", "email", "text", "short_line", "photo_alt", "original_text"]:
        assert getattr(story, field) == "", field
    assert story.age is None and not story.country and not story.photo
    assert story.content_notes == [] and story.photo_renditions == {}
    assert media_files(media_root) == []
    assert not story.is_public()
    with pytest.raises(ValidationError):
        services.withdraw_story(story=story)


def test_screening_keywords_come_from_the_admin_list():
    ScreeningKeyword.objects.create(kind="medical_claim", phrase="Magic Tea")
    _story, screening = services.submit_story(
        data=story_data(text=story_data().text + " I drank magic   tea every day.")
    )
    assert screening.medical == ["magic tea"]
    ScreeningKeyword.objects.filter(phrase="magic tea").update(active=False)
    _story, screening = services.submit_story(
        data=story_data(text=story_data().text + " I drank magic tea every day.")
    )
    assert not screening.flagged


def test_uploaded_image_bytes_helper_is_a_real_jpeg():
    assert image_bytes()[:2] == b"\xff\xd8"
