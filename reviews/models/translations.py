"""Sign-offs of translations: a clinician who declared the language on their checked
profile decides on one exact translation revision. Append-only, like SignOff."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TranslationSignoffQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Sign-offs are permanent; they cannot be changed.")

    def delete(self):
        raise ValidationError("Sign-offs are kept for the record and cannot be deleted.")

    def approvals(self) -> TranslationSignoffQuerySet:
        return self.filter(decision=TranslationSignoff.Decision.APPROVE)

    def latest_first(self) -> TranslationSignoffQuerySet:
        return self.order_by("-decided_at", "-pk")


class TranslationSignoff(models.Model):
    """A clinician's decision on one translation revision. Never changed or deleted."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approve"
        REQUEST_CHANGES = "request_changes", "Request changes"

    revision = models.ForeignKey(
        "articles.TranslationRevision", on_delete=models.PROTECT, related_name="signoffs"
    )
    translation = models.ForeignKey(
        "articles.ArticleTranslation", on_delete=models.PROTECT, related_name="signoffs"
    )
    language = models.CharField(max_length=15, help_text="The language that was reviewed.")
    content_hash = models.CharField(
        max_length=64, help_text="The fingerprint of the exact translation that was decided."
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    specialist = models.ForeignKey(
        "reviews.Specialist", on_delete=models.PROTECT, related_name="translation_signoffs"
    )
    credential_check = models.ForeignKey(
        "reviews.CredentialCheck",
        on_delete=models.PROTECT,
        related_name="translation_signoffs",
        help_text="The check in force when they signed, which vouched for this language.",
    )
    # Copied from the check at the moment of signing, as the public pages show them.
    reviewer_name_snapshot = models.CharField("reviewer name at the time", max_length=150)
    credentials_snapshot = models.CharField("credentials at the time", max_length=120, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    objects = TranslationSignoffQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = "translation sign-off"
        verbose_name_plural = "translation sign-offs"
        get_latest_by = "decided_at"
        indexes = [
            models.Index(
                fields=["translation", "decision", "-decided_at"],
                name="tsignoff_translation_idx",
            ),
        ]
        constraints = [
            # One decision per translation revision: a second, concurrent decision on the
            # same revision fails here.
            models.UniqueConstraint(
                fields=["revision"], name="translation_signoff_one_per_revision"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["approve", "request_changes"]),
                name="translation_signoff_decision_valid",
            ),
            models.CheckConstraint(
                condition=~Q(decision="request_changes") | ~Q(note=""),
                name="translation_signoff_changes_need_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.revision}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Sign-offs are permanent; they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Sign-offs are kept for the record and cannot be deleted.")

    @property
    def reviewer_with_credentials(self) -> str:
        return ", ".join(p for p in (self.reviewer_name_snapshot, self.credentials_snapshot) if p)
