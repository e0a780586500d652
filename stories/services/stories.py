from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eduportal import pagecache
from eduportal.images import delete_image_files

from ..models import Story
from ..models.languages import page_language
from ..models.stories import CONSENT_VERSION
from ..screening import Screening, screen_text
from . import notify

MANAGE_SALT = "stories.manage"


class LinkExpired(Exception):
    """A genuine private link, older than STORIES_LINK_MAX_AGE_DAYS."""


def link_max_age_seconds() -> int:
    return int(getattr(settings, "STORIES_LINK_MAX_AGE_DAYS", 180)) * 24 * 60 * 60


@dataclass
class StoryData:
    """What a sharer tells us on the share form (or changes on their private page)."""

    display_name: str
    email: str
    short_line: str
    text: str
    cancer_type: object
    status: str
    status_year: int | None = None
    age: int | None = None
    country: str = ""
    publish_anonymously: bool = False
    content_notes: list[str] = field(default_factory=list)
    photo_alt: str = ""
    # The language the story is written in; the page's language unless the sharer chose.
    language: str = field(default_factory=page_language)
    consent_publish: bool = False
    consent_privacy: bool = False
    consent_edit: bool = False
    consent_quote: bool = False


def _can_moderate(user) -> bool:
    return user is not None and user.is_active and user.has_perm("stories.moderate_story")


def _require_moderator(user) -> None:
    if not _can_moderate(user):
        raise PermissionDenied("Only moderators may do this.")


def manage_token(story: Story) -> str:
    """The signed token in the sharer's private link (no login needed). It carries the
    time it was made, so it stops working after STORIES_LINK_MAX_AGE_DAYS."""
    return signing.dumps({"story": story.pk}, salt=MANAGE_SALT, compress=True)


def story_from_token(token: str) -> Story | None:
    """The story a private link belongs to, or None for a tampered or unknown link.
    Raises LinkExpired for a real link that is too old (the sharer can ask for a
    fresh one)."""
    try:
        payload = signing.loads(str(token)[:500], salt=MANAGE_SALT, max_age=link_max_age_seconds())
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        return None
    story_id = payload.get("story") if isinstance(payload, dict) else None
    if not isinstance(story_id, int):
        return None
    return Story.objects.select_related("cancer_type").filter(pk=story_id).first()


def manage_url(story: Story) -> str:
    return notify.absolute(reverse("stories:manage", kwargs={"token": manage_token(story)}))


def _new_slug(story: Story) -> str:
    base = slugify(story.shown_name)[:60] or "story"
    return f"{base}-{secrets.token_hex(4)}"


def _apply(story: Story, data: StoryData) -> None:
    for name, value in vars(data).items():
        setattr(story, name, value)
    story.text = story.text.strip()
    story.short_line = story.short_line.strip()
    story.display_name = story.display_name.strip()


def _apply_screening(story: Story, screening: Screening) -> None:
    story.flagged_crisis = bool(screening.crisis)
    story.flagged_medical = bool(screening.medical)
    story.flag_keywords = screening.keywords


def _screen(story: Story) -> Screening:
    return screen_text(story.display_name, story.short_line, story.text, story.photo_alt)


def _save_with_photo(story: Story, photo: ContentFile | None) -> None:
    """Save a story and store its photo; if anything fails, no file is left behind."""
    if photo is not None:
        story.photo = photo
    try:
        with transaction.atomic():
            story.full_clean()
            story.save()
    except BaseException:
        if photo is not None and story.photo and story.photo.name:
            delete_image_files(story.photo.name, story.photo_renditions)
        raise


@transaction.atomic
def submit_story(*, data: StoryData, photo: ContentFile | None = None) -> tuple[Story, Screening]:
    """A survivor shares a story: held for moderation, screened, and both the sharer
    (with their private link) and the moderators are emailed once it is saved.

    The photo, if any, is a verified and re-encoded file (eduportal.images). The story
    row and the stored photo are saved together or not at all.
    """
    story = Story()
    _apply(story, data)
    if not (data.consent_publish and data.consent_privacy):
        raise ValidationError(_("We need permission to publish and your privacy confirmation."))
    story.moderation_status = Story.Moderation.PENDING
    story.consented_at = timezone.now()
    story.consent_version = CONSENT_VERSION
    story.slug = _new_slug(story)
    screening = _screen(story)
    _apply_screening(story, screening)
    _save_with_photo(story, photo)
    # Each email on its own, so one failed delivery neither stops the other nor turns
    # the sharer's saved story into an error page (robust: the failure is logged).
    transaction.on_commit(lambda: _thank_sharer(story), robust=True)
    transaction.on_commit(lambda: _tell_moderators(story), robust=True)
    return story, screening


def _thank_sharer(story: Story) -> None:
    with notify.in_language(story.language):
        notify.send(
            "story_received",
            {"story": story, "manage_url": manage_url(story)},
            [story.email],
            language=story.language,
        )


def _tell_moderators(story: Story) -> None:
    notify.send(
        "moderators_new_story",
        {
            "story": story,
            "admin_url": notify.absolute(reverse("admin:stories_story_change", args=[story.pk])),
        },
        notify.moderator_emails(),
    )


@transaction.atomic
def edit_story(
    *, story: Story, data: StoryData, photo: ContentFile | None = None, remove_photo: bool = False
) -> tuple[Story, Screening]:
    """The sharer changes their story through their private link: it goes back to
    moderation, is screened again and leaves the home page until approved again."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.is_withdrawn:
        raise ValidationError(_("This story was withdrawn and can no longer be changed."))
    old_photo, old_renditions = story.photo.name, dict(story.photo_renditions or {})
    old_name = story.shown_name
    _apply(story, data)
    story.consented_at = timezone.now()
    story.consent_version = CONSENT_VERSION
    story.moderation_status = Story.Moderation.PENDING
    story.featured = False
    story.original_text = ""
    if story.shown_name != old_name:
        story.slug = _new_slug(story)
    if remove_photo and photo is None:
        story.photo = ""
        story.photo_alt = ""
    screening = _screen(story)
    _apply_screening(story, screening)
    _save_with_photo(story, photo)
    # Back to moderation: it leaves every public page at once.
    pagecache.invalidate_story(story)
    if old_photo and story.photo.name != old_photo:
        # sync_renditions already removed the replaced photo; make sure of it.
        transaction.on_commit(lambda: delete_image_files(old_photo, old_renditions), robust=True)
    transaction.on_commit(
        lambda: notify.send(
            "moderators_new_story",
            {
                "story": story,
                "edited": True,
                "admin_url": notify.absolute(
                    reverse("admin:stories_story_change", args=[story.pk])
                ),
            },
            notify.moderator_emails(),
        ),
        robust=True,
    )
    return story, screening


def _decide(story: Story, moderator, status: str) -> None:
    story.moderation_status = status
    story.moderated_by = moderator
    story.moderated_at = timezone.now()


@transaction.atomic
def approve_story(*, story: Story, moderator) -> Story:
    _require_moderator(moderator)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.moderation_status != Story.Moderation.PENDING:
        raise ValidationError("Only a story waiting for moderation can be approved.")
    _decide(story, moderator, Story.Moderation.APPROVED)
    story.rejection_reason = ""
    story.full_clean()
    story.save()
    pagecache.invalidate_story(story)
    transaction.on_commit(lambda: _tell_sharer_approved(story), robust=True)
    return story


def _tell_sharer_approved(story: Story) -> None:
    with notify.in_language(story.language):
        notify.send(
            "story_approved",
            {
                "story": story,
                "story_url": notify.absolute(story.get_absolute_url()),
                "manage_url": manage_url(story),
            },
            [story.email],
            language=story.language,
        )


def _tell_sharer_rejected(story: Story, reason: str) -> None:
    with notify.in_language(story.language):
        notify.send(
            "story_rejected",
            {"story": story, "reason": reason, "manage_url": manage_url(story)},
            [story.email],
            language=story.language,
        )


@transaction.atomic
def reject_story(*, story: Story, moderator, reason: str) -> Story:
    """Decline a pending story (or take down an approved one), with a reason the
    sharer receives by email."""
    _require_moderator(moderator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Please give the sharer a reason.")
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.moderation_status not in {Story.Moderation.PENDING, Story.Moderation.APPROVED}:
        raise ValidationError("Only a pending or approved story can be rejected.")
    _decide(story, moderator, Story.Moderation.REJECTED)
    story.rejection_reason = reason
    story.featured = False
    story.full_clean()
    story.save()
    pagecache.invalidate_story(story)
    transaction.on_commit(lambda: _tell_sharer_rejected(story, reason), robust=True)
    return story


@transaction.atomic
def shorten_story(*, story: Story, moderator, text: str) -> Story:
    """Edit a story for length, only when the sharer allowed it. The sharer's own
    words stay in original_text."""
    _require_moderator(moderator)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.consent_edit:
        raise PermissionDenied("The sharer did not allow edits for length.")
    if story.is_withdrawn:
        raise ValidationError("This story was withdrawn.")
    text = (text or "").strip()
    if not text:
        raise ValidationError("The story cannot be empty.")
    if len(text) >= len(story.text):
        raise ValidationError("An edit for length must make the story shorter.")
    if not story.original_text:
        story.original_text = story.text
    story.text = text
    story.moderated_by = moderator
    story.moderated_at = timezone.now()
    story.full_clean()
    story.save()
    pagecache.invalidate_story(story)
    return story


@transaction.atomic
def set_featured(*, story: Story, moderator, featured: bool) -> Story:
    """Quote a story on the home page, only when the sharer allowed quoting."""
    _require_moderator(moderator)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if featured and not story.consent_quote:
        raise PermissionDenied("The sharer did not allow quoting on the home page.")
    if featured and not story.is_public():
        raise ValidationError("Only an approved story can be featured.")
    story.featured = featured
    story.moderated_by = moderator
    story.moderated_at = timezone.now()
    story.full_clean()
    story.save()
    pagecache.invalidate_story(story)
    return story


@transaction.atomic
def withdraw_story(*, story: Story) -> Story:
    """The sharer takes their story back. It leaves the site at once; its text, personal
    data and photo files (every rendition) are deleted. Only a tombstone stays, so
    moderators see that a story was withdrawn and nothing more."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.is_withdrawn:
        raise ValidationError("This story has already been withdrawn.")
    take_down(story=story, keep_tombstone=True)
    story.refresh_from_db()
    return story


@transaction.atomic
def erase_story(*, story: Story) -> int:
    """Delete a story and everything of it: the row, its photo and every rendition.
    For the rejected-story purge and data-request erasure. Returns the files deleted."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    return take_down(story=story, keep_tombstone=False)


def take_down(*, story: Story, keep_tombstone: bool) -> int:
    """The one path by which a story's content leaves the site for good: withdrawal
    (a tombstone row stays), the purge of rejected stories and data-request erasure
    (the row goes). Deletes the photo and every rendition, and is where anything
    else that shows the story (cached pages) must be dropped, so all three are
    covered. Call inside a transaction with the row locked. Returns files deleted."""
    photo_name, renditions = story.photo.name, dict(story.photo_renditions or {})
    if keep_tombstone:
        Story.objects.filter(pk=story.pk).update(
            moderation_status=Story.Moderation.WITHDRAWN,
            withdrawn_at=timezone.now(),
            updated_at=timezone.now(),
            display_name="",
            publish_anonymously=False,
            age=None,
            country="",
            status="",
            status_year=None,
            short_line="",
            text="",
            original_text="",
            content_notes=[],
            photo="",
            photo_alt="",
            photo_renditions={},
            email="",
            flag_keywords=[],
            rejection_reason="",
            featured=False,
            slug=f"withdrawn-{story.pk}",
        )
    else:
        Story.objects.filter(pk=story.pk).delete()
    # Every cached page that showed it (story, lists, articles, home) goes with it.
    pagecache.invalidate_story(story)
    if not photo_name:
        return 0
    return delete_image_files(photo_name, renditions)


@transaction.atomic
def purge_rejected_stories(*, now=None) -> int:
    """Delete rejected stories whose decision is older than
    STORIES_REJECTED_RETENTION_DAYS (run daily: `manage.py purge_rejected_stories`).
    The sharer had that long to change and resend their story. Returns how many."""
    days = int(getattr(settings, "STORIES_REJECTED_RETENTION_DAYS", 30))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = Story.objects.filter(
        moderation_status=Story.Moderation.REJECTED, moderated_at__lt=cutoff
    ).select_for_update()
    count = 0
    for story in expired:
        take_down(story=story, keep_tombstone=False)
        count += 1
    return count


def send_fresh_links(*, email: str) -> int:
    """ "Send me my link again": email a fresh private link for each story sent from
    this address (withdrawn ones have no address left). Says nothing to the caller
    about whether there were any; returns how many links were sent, for tests."""
    email = (email or "").strip()
    if not email:
        return 0
    stories = list(
        Story.objects.filter(email__iexact=email)
        .exclude(moderation_status=Story.Moderation.WITHDRAWN)
        .order_by("created_at", "pk")
    )
    if not stories:
        return 0
    # Asked for from a page in some language: the email and its links are in it.
    language = page_language()
    links = [(story, manage_url(story)) for story in stories]
    transaction.on_commit(
        lambda: notify.send(
            "manage_links",
            {
                "name": stories[0].display_name,
                "links": links,
                "days": getattr(settings, "STORIES_LINK_MAX_AGE_DAYS", 180),
            },
            [stories[0].email],
            language=language,
        ),
        robust=True,
    )
    return len(links)
