"""The record of every lifecycle move an article made: who, when, from what to what."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .articles import Article


class StatusChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("The status history is permanent; it cannot be changed.")


class StatusChange(models.Model):
    """One move of articles.lifecycle.move_article. Append-only."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    move = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    revision = models.ForeignKey(
        "ArticleRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="The publication date the move set, if any."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "status change"
        verbose_name_plural = "status history"
        indexes = [models.Index(fields=["article", "-at"], name="status_change_article_idx")]

    def __str__(self) -> str:
        return f"{self.article}: {self.move} ({self.from_status} → {self.to_status})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("The status history is permanent; it cannot be changed.")
        super().save(*args, **kwargs)
