from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eduportal import pagecache
from eduportal.roles import EDITORS

from ..models import Comment, SpeakerRole
from ..models.languages import page_language
from ..screening import Screening, screen_text
from . import notify

UNSUBSCRIBE_SALT = "stories.comment-unsubscribe"


def _require_moderator(user) -> None:
    if user is None or not user.is_active or not user.has_perm("stories.moderate_comment"):
        raise PermissionDenied("Only moderators may do this.")


def _check_thread(*, article, parent: Comment | None) -> None:
    if not article.is_published():
        raise ValidationError(_("Comments are only taken on published articles."))
    if not article.comments_open:
        raise ValidationError(_("Comments are closed on this article."))
    if parent is not None:
        if parent.article_id != article.pk:
            raise ValidationError(_("That comment belongs to another article."))
        if parent.parent_id is not None:
            raise ValidationError(_("Replies can only be made to a comment, not to a reply."))
        if not parent.is_public():
            raise ValidationError(_("That comment is not shown on the site."))


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
    email_updates: bool = False,
    language: str | None = None,
) -> tuple[Comment, Screening]:
    """A reader comments on an article (or replies to a comment). Every comment is held
    for moderation, except, when COMMENTS_AUTO_APPROVE_RETURNING is on, an unflagged
    comment from an address with an approved comment already.

    The comment is in `language`, by default the language of the page it was posted
    from (the article page the reader was on)."""
    _check_thread(article=article, parent=parent)
    if not consent_privacy:
        raise ValidationError(_("Please confirm you have read the privacy notice."))
    comment = Comment(
        article=article,
        parent=parent,
        name=name.strip(),
        email=email.strip(),
        body=body.strip(),
        consent_privacy=True,
        email_updates=bool(email_updates and email.strip()),
        language=language or page_language(),
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
    if comment.is_public():
        transaction.on_commit(lambda: notify_reply(comment), robust=True)
    return comment, screening


def speaking_as(user) -> tuple[str, object | None]:
    """In what capacity `user` replies to readers, from their account, never from text:
    a checked clinician (with the check in force), else a moderator, else the
    editorial team. PermissionDenied for anyone else, and for a clinician whose check
    is not in force (they may not answer readers until it is)."""
    from reviews.identity import standing_of

    if user is None or not user.is_active or not user.has_perm("stories.reply_comment"):
        raise PermissionDenied("You may not reply to comments as staff.")
    standing = standing_of(user)
    if standing.is_checked_clinician:
        return SpeakerRole.CLINICIAN, standing.check
    if user.has_perm("stories.moderate_comment"):
        return SpeakerRole.MODERATOR, None
    if user.is_superuser or user.groups.filter(name=EDITORS).exists():
        return SpeakerRole.EDITORIAL, None
    if standing.specialist is not None:
        raise PermissionDenied(
            "You can reply as a clinician only while your profile is active and a "
            f"credential check is in force for it. {standing.explanation}"
        )
    raise PermissionDenied("Only checked clinicians, moderators and editors reply to readers.")


def check_staff_reply(*, parent: Comment, author, body: str) -> tuple[str, object | None]:
    """Everything reply_as_staff refuses, without saving: for the admin form to show a
    refusal as a form error."""
    role, check = speaking_as(author)
    _check_thread(article=parent.article, parent=parent)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"reply": "Please write your reply."})
    if role != SpeakerRole.CLINICIAN:
        medical = screen_text(body).medical
        if medical:
            raise ValidationError(
                {
                    "reply": f"Your reply mentions {', '.join(medical)}, which reads as "
                    "medical advice. Only a checked clinician answers medical questions "
                    "here: ask one to reply, or point the reader to their care team."
                }
            )
    return role, check


@transaction.atomic
def reply_as_staff(*, parent: Comment, author, body: str, language: str | None = None) -> Comment:
    """A member of staff answers a reader, published at once and labelled from their
    account (see Comment.public_speaker). The reply is in `language`, by default the
    language of the comment it answers."""
    role, check = check_staff_reply(parent=parent, author=author, body=body)
    comment = Comment(
        article=parent.article,
        parent=parent,
        name=author.get_full_name() or author.get_username(),
        email="",
        body=body.strip(),
        language=language or parent.language,
        author_user=author,
        speaker_role=role,
        speaker_check=check,
        status=Comment.Status.APPROVED,
        moderated_by=author,
        moderated_at=timezone.now(),
    )
    comment.full_clean()
    comment.save()
    transaction.on_commit(lambda: notify_reply(comment), robust=True)
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
    comment = _decide(comment, moderator, Comment.Status.APPROVED)
    transaction.on_commit(lambda: notify_approved(comment), robust=True)
    transaction.on_commit(lambda: notify_reply(comment), robust=True)
    return comment


@transaction.atomic
def unsubscribe_commenter(*, email: str) -> int:
    """Stop every email about comments written from this address (one click in the
    email, or the mail program's own unsubscribe button; RFC 8058). Returns how many
    comments it changed; unsubscribing twice is harmless."""
    if not email:
        return 0
    return Comment.objects.filter(email__iexact=email, email_updates=True).update(
        email_updates=False
    )


def unsubscribe_token(comment: Comment) -> str:
    """A signed token naming the comment's address; it never expires, as an unsubscribe
    link must keep working, and reveals nothing that is not in the email already."""
    return signing.dumps({"e": comment.email.lower()}, salt=UNSUBSCRIBE_SALT, compress=True)


def email_from_unsubscribe_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT).get("e") or None
    except (signing.BadSignature, AttributeError):
        return None


def _unsubscribe_headers(url: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send_update(comment: Comment, template: str, context: dict) -> None:
    """An email to a reader about their comment, in the language of the page they
    commented on, with links to that page."""
    with notify.in_language(comment.language):
        url = notify.absolute(reverse("stories:unsubscribe", args=[unsubscribe_token(comment)]))
        notify.send(
            template,
            {"comment": comment, "unsubscribe_url": url, **context},
            [comment.email],
            headers=_unsubscribe_headers(url),
            language=comment.language,
        )


def notify_approved(comment: Comment) -> None:
    """Tell a reader who asked that their comment is now on the site."""
    comment = Comment.objects.select_related("article__approved_revision").get(pk=comment.pk)
    if not comment.email_updates or comment.author_user_id or not comment.is_public():
        return
    with notify.in_language(comment.language):
        comment_url = notify.absolute(_comment_path(comment))
    _send_update(comment, "comment_approved", {"comment_url": comment_url})


def notify_reply(reply: Comment) -> None:
    """Tell the writer of a comment who asked that a published reply has come in."""
    reply = Comment.objects.select_related("parent", "article__approved_revision").get(pk=reply.pk)
    parent = reply.parent
    if parent is None or not reply.is_public() or not parent.is_public():
        return
    if not parent.email_updates or parent.author_user_id:
        return
    if reply.email and reply.email.lower() == parent.email.lower():
        return  # Nobody needs an email about their own reply.
    with notify.in_language(parent.language):
        comment_url = notify.absolute(_comment_path(reply))
    _send_update(parent, "comment_reply", {"reply": reply, "comment_url": comment_url})


def _comment_path(comment: Comment) -> str:
    return f"{comment.article.get_absolute_url()}#comment-{comment.pk}"


@transaction.atomic
def reject_comment(*, comment: Comment, moderator) -> Comment:
    _require_moderator(moderator)
    return _decide(comment, moderator, Comment.Status.REJECTED)


@transaction.atomic
def erase_comments(*, comments) -> int:
    """Delete comments for a data request, with the replies under them (a reply
    without its comment makes no sense, and may quote it). The one path comments
    leave the site by erasure; cached pages showing them must be dropped here.
    Returns how many rows went."""
    ids = list(Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("pk", flat=True))
    if not ids:
        return 0
    replies = Comment.objects.filter(parent_id__in=ids).exclude(pk__in=ids).count()
    articles = {
        comment.article for comment in Comment.objects.filter(pk__in=ids).select_related("article")
    }
    Comment.objects.filter(pk__in=ids).delete()
    for article in articles:
        pagecache.invalidate_article_comments(article)
    return len(ids) + replies
