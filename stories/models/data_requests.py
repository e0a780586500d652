from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from eduportal.records import AppendOnlyModel


def email_fingerprint(email: str) -> str:
    """A keyed hash of an address: it shows that two requests were about the same
    address without keeping the address itself."""
    normalised = (email or "").strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()[:32]


class DataRequest(AppendOnlyModel):
    """A data request answered by a moderator: an export of everything held about an
    email address, or its erasure. Recorded without the personal data itself (only a
    keyed hash of the address and what was found). Append-only."""

    class Kind(models.TextChoices):
        EXPORT = "export", "Export (a copy of the data)"
        ERASE = "erase", "Erasure"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    email_fingerprint = models.CharField(
        max_length=32, db_index=True, help_text="Keyed hash of the address, not the address."
    )
    stories = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    files = models.PositiveIntegerField(default=0, help_text="Photos and their renditions.")
    emails = models.PositiveIntegerField(
        default=0,
        help_text="Emails to or about the address (queued, sent or failed) removed from the "
        "background-job table.",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handled_by_username = models.CharField(max_length=150)
    handled_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-handled_at", "-pk"]
        verbose_name = "data request"
        verbose_name_plural = "data requests"
        permissions = [
            ("handle_data_request", "Can export and erase the personal data of an address"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["export", "erase"]), name="datarequest_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} by {self.handled_by_username} ({self.handled_at:%Y-%m-%d})"
        )
