"""What readers tell editors, and the vocabulary for "did you mean"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .articles import Article


class Feedback(models.Model):
    """ "Was this page helpful?" answers and error reports; editors read them in the admin."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", _("Helpful")
        NOT_HELPFUL = "not_helpful", _("Not helpful")
        ERROR = "error", _("Error report")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["resolved", "-created_at"]
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        indexes = [models.Index(fields=["resolved", "-created_at"], name="feedback_inbox_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["helpful", "not_helpful", "error"]),
                name="feedback_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.article}"


class SearchTerm(models.Model):
    """Words that occur in published articles: the vocabulary for "did you mean"."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["word"]
        verbose_name = "search term"
        verbose_name_plural = "search terms"

    def __str__(self) -> str:
        return self.word
