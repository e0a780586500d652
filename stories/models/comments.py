from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGE_MAX_LENGTH, WrittenInLanguage, page_language, validate_language

COMMENT_MAX_CHARS = 3000


class SpeakerRole(models.TextChoices):
    """In what capacity a member of staff replied, decided from their account."""

    CLINICIAN = "clinician", _("Checked clinician")
    MODERATOR = "moderator", _("Moderator")
    EDITORIAL = "editorial", _("Editorial team")


@dataclass(frozen=True)
class Speaker:
    """How a staff reply is labelled on the site."""

    label: str
    badge: str
    url: str = ""


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        """The one rule for "the public may see it": a moderator approved it (or it is
        a staff reply, which is approved when written)."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)

    def with_speakers(self) -> CommentQuerySet:
        """What public_speaker() needs for each staff reply, in the same query: the
        author's profile and whether a credential check is in force for it *now*."""
        from reviews.models import CredentialCheck

        return self.select_related("author_user__specialist_profile").annotate(
            speaker_checked_now=Exists(
                CredentialCheck.objects.in_force().filter(
                    specialist__user=OuterRef("author_user"), specialist__is_active=True
                )
            )
        )


class Comment(WrittenInLanguage, models.Model):
    """A reader's comment on an article, or a reply to one (one level only)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

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
    language = models.CharField(
        max_length=LANGUAGE_MAX_LENGTH,
        default=page_language,
        validators=[validate_language],
        help_text="The language of the article page the comment was written on.",
    )
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
    speaker_role = models.CharField(
        "replied as",
        max_length=20,
        choices=SpeakerRole.choices,
        blank=True,
        help_text="Set from the staff account when the reply is written, never typed.",
    )
    speaker_check = models.ForeignKey(
        "reviews.CredentialCheck",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The credential check in force when a clinician replied.",
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
                condition=Q(author_user__isnull=True, speaker_role="")
                | (Q(author_user__isnull=False) & ~Q(speaker_role="")),
                name="comment_staff_reply_has_speaker",
            ),
            models.CheckConstraint(
                condition=~Q(speaker_role="clinician") | Q(speaker_check__isnull=False),
                name="comment_clinician_reply_has_check",
            ),
            models.CheckConstraint(
                condition=Q(speaker_role__in=["", "clinician", "moderator", "editorial"]),
                name="comment_speaker_role_valid",
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

    def public_speaker(self) -> Speaker | None:
        """The label of a staff reply, from the account and the check in force today.

        A clinician's reply shows their checked name and credentials with a link to
        their profile only while a check is in force; once it lapses or is voided the
        reply is labelled as the editorial team's, so nobody unchecked is presented as
        a clinician. Readers' comments have no speaker (their name is shown)."""
        if not self.is_staff_reply:
            return None
        if self.speaker_role == SpeakerRole.CLINICIAN:
            profile = getattr(self.author_user, "specialist_profile", None)
            checked = getattr(self, "speaker_checked_now", None)
            if checked is None:
                checked = profile is not None and profile.is_public
            if checked and profile is not None:
                return Speaker(
                    label=profile.name_with_credentials,
                    badge=_g("Specialist"),
                    url=profile.get_absolute_url(),
                )
            return Speaker(label=str(SpeakerRole.EDITORIAL.label), badge=_g("Staff"))
        return Speaker(label=str(SpeakerRole(self.speaker_role).label), badge=_g("Staff"))

    def clean(self):
        if self.parent_id is not None:
            parent = self.parent
            if parent.parent_id is not None:
                raise ValidationError({"parent": _("Replies can only be made to a comment.")})
            if parent.article_id != self.article_id:
                raise ValidationError({"parent": _("That comment belongs to another article.")})
            if self.pk is not None and parent.pk == self.pk:
                raise ValidationError({"parent": _("A comment cannot reply to itself.")})
