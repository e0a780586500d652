"""Data requests: a copy of everything held about an email address, or its erasure.

What is held about an address: the stories sent from it (with the consents given,
their dates and version, the moderation record and the photo) and the comments
written with it. Both requests are recorded as a DataRequest, without the address.

The background-job table also holds, for a few days (eduportal.tasks.prune_jobs), the
emails sent to the address. An erasure deletes them with the rest. The export leaves
them out: they are copies of messages the person was sent, made from the stories and
comments the export already holds, and their text carries the private links that let
anyone holding them change or withdraw a story, which an export file must not spread.
"""

from __future__ import annotations

import base64

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from eduportal.tasks import delete_email_jobs

from ..models import Comment, DataRequest, Story, email_fingerprint
from .comments import erase_comments
from .stories import take_down

PERMISSION = "stories.handle_data_request"
STORY_FIELDS = [
    "display_name",
    "publish_anonymously",
    "age",
    "country",
    "status",
    "status_year",
    "short_line",
    "text",
    "original_text",
    "content_notes",
    "photo_alt",
    "email",
    "consent_publish",
    "consent_privacy",
    "consent_edit",
    "consent_quote",
    "consented_at",
    "consent_version",
    "moderation_status",
    "moderated_at",
    "rejection_reason",
    "featured",
    "created_at",
    "updated_at",
]
COMMENT_FIELDS = ["name", "email", "body", "consent_privacy", "status", "created_at"]


def _require(by) -> None:
    if by is None or not by.is_active or not by.has_perm(PERMISSION):
        raise PermissionDenied("Only moderators may answer data requests.")


def _address(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError("Please enter the email address the request is about.") from None
    return email


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "code"):  # a django-countries Country
        return value.code or ""
    return value


def _stories(email: str):
    return Story.objects.filter(email__iexact=email).select_related("cancer_type")


def _comments(email: str):
    return Comment.objects.filter(email__iexact=email, author_user=None).select_related("article")


def _photo(story: Story) -> dict | None:
    if not story.photo:
        return None
    try:
        with default_storage.open(story.photo.name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return {"name": story.photo.name, "missing": True}
    return {
        "name": story.photo.name.rsplit("/", 1)[-1],
        "description": story.photo_alt,
        "base64": base64.b64encode(content).decode(),
    }


def _record(
    kind: str, email: str, by, *, stories: int, comments: int, files: int, emails: int = 0
) -> DataRequest:
    return DataRequest.objects.create(
        kind=kind,
        email_fingerprint=email_fingerprint(email),
        stories=stories,
        comments=comments,
        files=files,
        emails=emails,
        handled_by=by,
        handled_by_username=by.get_username(),
    )


@transaction.atomic
def export_personal_data(*, email: str, by) -> dict:
    """Everything held about this address, as a JSON-ready dict (photos included)."""
    _require(by)
    email = _address(email)
    stories = [
        {
            "reference": f"story-{story.pk}",
            "cancer_type": story.cancer_type.name if story.cancer_type_id else "",
            **{name: _plain(getattr(story, name)) for name in STORY_FIELDS},
            "moderation_status_label": story.get_moderation_status_display(),
            "public_page": story.get_absolute_url() if story.is_public() else None,
            "photo": _photo(story),
        }
        for story in _stories(email)
    ]
    comments = [
        {
            "reference": f"comment-{comment.pk}",
            "article": comment.article.slug,
            "reply_to": f"comment-{comment.parent_id}" if comment.parent_id else None,
            **{name: _plain(getattr(comment, name)) for name in COMMENT_FIELDS},
        }
        for comment in _comments(email)
    ]
    files = sum(1 for story in stories if story["photo"])
    record = _record(
        DataRequest.Kind.EXPORT,
        email,
        by,
        stories=len(stories),
        comments=len(comments),
        files=files,
    )
    return {
        "about": email,
        "exported_at": timezone.now().isoformat(),
        "request": f"data-request-{record.pk}",
        "stories": stories,
        "comments": comments,
    }


@transaction.atomic
def erase_personal_data(*, email: str, by) -> DataRequest:
    """Delete every story (photos and renditions too) and comment of this address,
    through the same take-down path as a withdrawal, so the pages showing them are
    dropped as well, and every email job to the address or about those stories and
    comments (moderators' notices link to them). Recorded with counts only."""
    _require(by)
    email = _address(email)
    stories = list(Story.objects.filter(email__iexact=email).select_for_update())
    own_comments = list(_comments(email))
    # The replies under them go too (erase_comments), and so do the notices about them.
    comment_ids = Comment.objects.filter(
        Q(pk__in=[c.pk for c in own_comments]) | Q(parent__in=own_comments)
    ).values_list("pk", flat=True)
    mentions = [reverse("admin:stories_story_change", args=[story.pk]) for story in stories] + [
        reverse("admin:stories_comment_change", args=[pk]) for pk in comment_ids
    ]
    files = sum(take_down(story=story, keep_tombstone=False) for story in stories)
    comments = erase_comments(comments=own_comments)
    emails = delete_email_jobs(address=email, mentions=mentions)
    return _record(
        DataRequest.Kind.ERASE,
        email,
        by,
        stories=len(stories),
        comments=comments,
        files=files,
        emails=emails,
    )
