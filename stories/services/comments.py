from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eduportal import pagecache

from ..models import Comment
from ..screening import Screening, screen_text
from . import notify


def _require_moderator(user) -> None:
    if user is None or not user.is_active or not user.has_perm("stories.moderate_comment"):
        raise PermissionDenied("Only moderators may do this.")


def _check_thread(*, article, parent: Comment | None) -> None:
    if not article.is_published():
        raise ValidationError("Comments are only taken on published articles.")
    if not article.comments_open:
        raise ValidationError("Comments are closed on this article.")
    if parent is not None:
        if parent.article_id != article.pk:
            raise ValidationError("That comment belongs to another article.")
        if parent.parent_id is not None:
            raise ValidationError("Replies can only be made to a comment, not to a reply.")
        if not parent.is_public():
            raise ValidationError("That comment is not shown on the site.")


def _returning_commenter(email: str) -> bool:
    return (
        getattr(settings, "COMMENTS_AUTO_APPROVE_RETURNING", False)
        and bool(email)
        and Comment.objects.approved().filter(email__iexact=email, author_user=None).exists()
    )


@transaction.atomic
def submit_comment(
    *,
    article,
    name: str,
    email: str,
    body: str,
    consent_privacy: bool,
    parent: Comment | None = None,
) -> tuple[Comment, Screening]:
    """A reader comments on an article (or replies to a comment). Every comment is held
    for moderation, except, when COMMENTS_AUTO_APPROVE_RETURNING is on, an unflagged
    comment from an address with an approved comment already."""
    _check_thread(article=article, parent=parent)
    if not consent_privacy:
        raise ValidationError("Please confirm you have read the privacy notice.")
    comment = Comment(
        article=article,
        parent=parent,
        name=name.strip(),
        email=email.strip(),
        body=body.strip(),
        consent_privacy=True,
    )
    screening = screen_text(comment.name, comment.body)
    comment.flagged_crisis = bool(screening.crisis)
    comment.flagged_medical = bool(screening.medical)
    comment.flag_keywords = screening.keywords
    if not screening.flagged and _returning_commenter(comment.email):
        comment.status = Comment.Status.APPROVED
    comment.full_clean()
    comment.save()
    if comment.is_public():
        pagecache.invalidate_article_comments(article)
    if screening.crisis:
        transaction.on_commit(
            lambda: notify.send(
                "moderators_crisis_comment",
                {
                    "comment": comment,
                    "admin_url": notify.absolute(
                        reverse("admin:stories_comment_change", args=[comment.pk])
                    ),
                },
                notify.moderator_emails(),
            ),
            robust=True,
        )
    return comment, screening


@transaction.atomic
def reply_as_staff(*, parent: Comment, author, body: str, role_label: str) -> Comment:
    """A specialist or editor answers a reader. Staff replies are shown at once, marked
    with the role."""
    if author is None or not author.is_active or not author.has_perm("stories.reply_comment"):
        raise PermissionDenied("You may not reply to comments as staff.")
    role_label = (role_label or "").strip()
    if not role_label:
        raise ValidationError("Please say in what role you reply, e.g. “Specialist”.")
    _check_thread(article=parent.article, parent=parent)
    name = author.get_full_name() or author.get_username()
    comment = Comment(
        article=parent.article,
        parent=parent,
        name=name,
        email="",
        body=(body or "").strip(),
        author_user=author,
        role_label=role_label,
        status=Comment.Status.APPROVED,
        moderated_by=author,
        moderated_at=timezone.now(),
    )
    comment.full_clean()
    comment.save()
    pagecache.invalidate_article_comments(comment.article)
    return comment


def _decide(comment: Comment, moderator, status: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == status:
        raise ValidationError(f"This comment is already {comment.get_status_display().lower()}.")
    comment.status = status
    comment.moderated_by = moderator
    comment.moderated_at = timezone.now()
    comment.full_clean()
    comment.save()
    pagecache.invalidate_article_comments(comment.article)
    return comment


@transaction.atomic
def approve_comment(*, comment: Comment, moderator) -> Comment:
    _require_moderator(moderator)
    if comment.parent_id and not Comment.objects.approved().filter(pk=comment.parent_id).exists():
        raise ValidationError("Approve the comment this replies to first.")
    return _decide(comment, moderator, Comment.Status.APPROVED)


@transaction.atomic
def reject_comment(*, comment: Comment, moderator) -> Comment:
    _require_moderator(moderator)
    return _decide(comment, moderator, Comment.Status.REJECTED)
