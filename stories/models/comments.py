from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

COMMENT_MAX_CHARS = 3000


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        """The one rule for "the public may see it": a moderator approved it (or it is
        a staff reply, which is approved when written)."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A reader's comment on an article, or a reply to one (one level only)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The comment this replies to. Replies cannot be replied to.",
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(
        "email (personal data — never shown)",
        blank=True,
        help_text="Personal data. Only moderators see it. Never shown on the site.",
    )
    email_updates = models.BooleanField(
        "email me about this comment",
        default=False,
        help_text="The reader asked for an email when the comment is approved and when "
        "someone replies. Every email has a one-click unsubscribe link.",
    )
    body = models.TextField("comment", max_length=COMMENT_MAX_CHARS)
    consent_privacy = models.BooleanField("read the privacy notice", default=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    flagged_crisis = models.BooleanField("crisis flag", default=False)
    flagged_medical = models.BooleanField("medical claim flag", default=False)
    flag_keywords = models.JSONField(default=list, blank=True, editable=False)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set for replies written by staff.",
    )
    role_label = models.CharField(
        max_length=40, blank=True, help_text='Shown beside a staff reply, e.g. "Specialist".'
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "comment"
        verbose_name_plural = "comments"
        permissions = [
            ("moderate_comment", "Can approve and reject comments"),
            ("reply_comment", "Can reply to readers' comments as staff"),
        ]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(author_user__isnull=False) | Q(consent_privacy=True),
                name="comment_reader_privacy_consent",
            ),
            models.CheckConstraint(
                condition=Q(author_user__isnull=True) | ~Q(role_label=""),
                name="comment_staff_reply_has_role",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
            models.CheckConstraint(
                condition=Q(email_updates=False) | ~Q(email=""),
                name="comment_updates_need_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.article_id}: {self.body[:40]}"

    def is_public(self) -> bool:
        """Instance twin of CommentQuerySet.approved()."""
        return self.status == self.Status.APPROVED

    @property
    def is_staff_reply(self) -> bool:
        return self.author_user_id is not None

    def clean(self):
        if self.parent_id is not None:
            parent = self.parent
            if parent.parent_id is not None:
                raise ValidationError({"parent": "Replies can only be made to a comment."})
            if parent.article_id != self.article_id:
                raise ValidationError({"parent": "That comment belongs to another article."})
            if self.pk is not None and parent.pk == self.pk:
                raise ValidationError({"parent": "A comment cannot reply to itself."})
