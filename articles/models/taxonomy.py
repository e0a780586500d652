"""Topics and authors: how articles are classified and who wrote them."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy
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


# Titles and letters that present a person as a doctor or another clinician. Only a
# credential check may do that (reviews.selectors.article_clinicians), so a writer's own
# name never carries them. Honorifics match in any case; letters as written (so "Ms" and
# "Md" as names stay possible), after dots are dropped ("M.D." is "MD").
CLINICAL_HONORIFICS = frozenset({"dr", "doctor", "prof", "professor", "consultant", "surgeon"})
CLINICAL_POST_NOMINALS = frozenset(
    {
        "MD", "DO", "DM", "MS", "MCh", "MBBS", "MBChB", "MBBCh", "MBBChir", "BMBS", "BMedSci",
        "MB", "BCh", "ChB", "BS", "BM", "MBBCH", "MBCHB", "DMD", "DDS", "BDS",
        "PhD", "DPhil", "MPH", "RN", "RGN", "RMN", "NP", "APRN", "BSN", "MSN", "DNP",
        "PA", "PharmD",
    }
)  # fmt: skip
# Royal-college style memberships and fellowships: FRCP, FRCS(Ed), MRCP(UK), FRACP, FACS…
COLLEGE_LETTERS = re.compile(r"^(F|M)(RC|RA|AC|AA|C)[A-Z][A-Za-z]*$")


def clinical_words_in(name: str) -> list[str]:
    """The words of a name that present someone as a clinician."""
    found = []
    for word in re.split(r"[\s,;()/]+", name):
        bare = word.replace(".", "")
        if not bare:
            continue
        if (
            bare.lower() in CLINICAL_HONORIFICS
            or bare in CLINICAL_POST_NOMINALS
            or COLLEGE_LETTERS.match(bare)
        ):
            found.append(word)
    return found


def validate_writer_name(name: str) -> None:
    words = clinical_words_in(name)
    if words:
        raise ValidationError(
            "Write the name without titles or letters (%(words)s). A writer appears as a "
            "clinician only through a specialist profile whose credentials a credentials "
            "officer has checked: link this author to that profile instead.",
            code="clinical_title_in_name",
            params={"words": ", ".join(f"“{word}”" for word in words)},
        )


class Author(models.Model):
    """A writer. Writers need not be clinicians, and a writer's own byline never says
    they are one: the role is a fixed non-clinical choice and the name carries no
    clinical titles or letters. A clinician's author profile links to their specialist
    profile (reviews.Specialist.author); while a credential check is in force for it,
    the byline shows the checked name and credentials instead."""

    class Role(models.TextChoices):
        # Shown after the writer's name on public pages, so in the reader's language.
        MEDICAL_WRITER = "medical_writer", pgettext_lazy("writer's role", "Medical writer")
        PATIENT_INFORMATION_EDITOR = (
            "patient_information_editor",
            pgettext_lazy("writer's role", "Patient information editor"),
        )
        EDITORIAL_TEAM = "editorial_team", pgettext_lazy("writer's role", "Editorial team")

    name = models.CharField(
        max_length=120,
        validators=[validate_writer_name],
        help_text="The writer's name only, without titles such as Dr or letters such as MD.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(
        max_length=40,
        choices=Role.choices,
        default=Role.MEDICAL_WRITER,
        help_text="Shown after a writer's name. A clinician author is shown with the "
        "name and credentials of their credential check instead.",
    )
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
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    role__in=["medical_writer", "patient_information_editor", "editorial_team"]
                ),
                name="author_role_not_clinical",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Every route that saves a writer (forms, services, demo data) keeps the rule;
        # the database constraint covers the role even for bulk writes.
        validate_writer_name(self.name)
        super().save(*args, **kwargs)
        if sync_renditions(self, "photo", "photo_renditions"):
            super().save(update_fields=["photo_renditions"])
