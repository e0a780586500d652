"""Topics and authors: how articles are classified and who wrote them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from eduportal.fields import VerifiedImageField, sync_renditions
from eduportal.history import QuietHistoricalRecords


class Topic(models.Model):
    """A small curated taxonomy: the cancer type or the treatment an article is about."""

    class Kind(models.TextChoices):
        CANCER_TYPE = "cancer_type", "Cancer type"
        TREATMENT = "treatment", "Treatment type"

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, help_text="One or two plain sentences for patients.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    # Descriptions are shown to patients: every change is recorded (who, when, what).
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["cancer_type", "treatment"]), name="topic_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('articles:list')}?topic={self.slug}"


class Author(models.Model):
    """A writer. Writers need not be clinicians; a clinician's author profile links to
    their specialist profile (reviews.Specialist.author) and the byline says so."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, help_text='For example "Medical writer".')
    bio = models.TextField(blank=True)
    photo = VerifiedImageField(upload_to="authors/", blank=True)
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The admin login of this writer, if they have one.",
    )

    # The role and bio are shown on every byline: every change is recorded.
    history = QuietHistoricalRecords(excluded_fields=["photo_renditions"])

    class Meta:
        ordering = ["name"]
        verbose_name = "author"
        verbose_name_plural = "authors"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if sync_renditions(self, "photo", "photo_renditions"):
            super().save(update_fields=["photo_renditions"])
