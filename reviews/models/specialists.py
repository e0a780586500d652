"""Specialist profiles: who the clinicians behind our reviews are, and whether they may
sign off."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from eduportal.fields import VerifiedImageField, sync_renditions
from eduportal.roles import MEDICAL_REVIEWERS


class Specialty(models.Model):
    """A small curated list: medical oncology, surgical oncology, …"""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "specialty"
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class ClinicalInterest(TagBase):
    """Free tags for clinical interests, kept apart from the article tags."""

    class Meta:
        ordering = ["name"]
        verbose_name = "clinical interest"
        verbose_name_plural = "clinical interests"


class TaggedClinicalInterest(ItemBase):
    tag = models.ForeignKey(
        ClinicalInterest, on_delete=models.CASCADE, related_name="tagged_specialists"
    )
    content_object = models.ForeignKey(
        "Specialist", on_delete=models.CASCADE, related_name="tagged_interests"
    )

    class Meta:
        ordering = ["tag__name"]
        verbose_name = "clinical interest of a specialist"
        verbose_name_plural = "clinical interests of specialists"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="specialist_interest_unique"
            )
        ]


class SpecialistQuerySet(models.QuerySet):
    def public(self) -> SpecialistQuerySet:
        """Profiles the public may see: active, and their registration was checked."""
        return self.filter(is_active=True, verified_at__isnull=False)

    def verified(self) -> SpecialistQuerySet:
        """Who may sign off today: verified, active, registration still valid, and linked
        to a user in the Medical reviewers group. Instance twin: can_sign_off()."""
        return self.filter(
            is_active=True,
            verified_at__isnull=False,
            registration_valid_until__gte=timezone.localdate(),
            user__isnull=False,
            user__is_active=True,
            user__groups__name=MEDICAL_REVIEWERS,
        )

    def for_cards(self) -> SpecialistQuerySet:
        return self.prefetch_related("positions", "specialties")


class Specialist(models.Model):
    honorific = models.CharField(max_length=20, blank=True, help_text='For example "Dr" or "Prof".')
    full_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, help_text="The profile's web address.")
    post_nominals = models.CharField(
        "credentials",
        max_length=80,
        blank=True,
        help_text='Post-nominal letters as the clinician uses them, e.g. "MD, PhD".',
    )
    registration_council = models.CharField(
        max_length=150, help_text="The body that licenses this clinician to practise."
    )
    registration_number = models.CharField(max_length=40)
    specialties = models.ManyToManyField(Specialty, related_name="specialists", blank=True)
    clinical_interests = TaggableManager(
        through=TaggedClinicalInterest,
        blank=True,
        verbose_name="clinical interests",
        help_text="Separate interests with commas, e.g. immunotherapy, clinical trials.",
    )
    photo = VerifiedImageField(upload_to="specialists/", blank=True)
    photo_alt = models.CharField(
        "photo alt text",
        max_length=200,
        blank=True,
        help_text="Describe the photo for someone who cannot see it. Required with a photo.",
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    bio = models.TextField("biography", blank=True, help_text="A short paragraph for patients.")
    conflict_of_interest = models.TextField(
        "conflict-of-interest statement",
        default="None declared.",
        help_text="Payments, grants or roles that a reader should know about.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="specialist_profile",
        help_text="Their admin login. Needed to sign off reviews.",
    )
    author = models.OneToOneField(
        "articles.Author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="specialist",
        help_text="Their writer byline, if they also write articles.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick when they no longer review for us."
    )

    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    registration_valid_until = models.DateField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = SpecialistQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = "specialist"
        verbose_name_plural = "specialists"
        permissions = [("verify_specialist", "Can record that a registration was checked")]
        indexes = [models.Index(fields=["is_active", "full_name"], name="specialist_active_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_council", "registration_number"],
                name="specialist_unique_registration",
            ),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="specialist_photo_has_alt"
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True)
                | (Q(verified_by__isnull=False) & Q(registration_valid_until__isnull=False)),
                name="specialist_verification_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if sync_renditions(self, "photo", "photo_renditions"):
            super().save(update_fields=["photo_renditions"])

    def get_absolute_url(self) -> str:
        return reverse("reviews:specialist-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Please describe the photo for screen readers."})

    @property
    def display_name(self) -> str:
        """ "Dr Adaeze Okafor"."""
        return f"{self.honorific} {self.full_name}".strip()

    @property
    def name_with_credentials(self) -> str:
        """ "Dr Adaeze Okafor, MD, PhD"."""
        return ", ".join(part for part in (self.display_name, self.post_nominals) if part)

    @property
    def is_public(self) -> bool:
        """Instance twin of SpecialistQuerySet.public()."""
        return self.is_active and self.verified_at is not None

    def can_sign_off(self) -> bool:
        """Instance twin of SpecialistQuerySet.verified()."""
        return (
            self.is_active
            and self.verified_at is not None
            and self.registration_valid_until is not None
            and self.registration_valid_until >= timezone.localdate()
            and self.user is not None
            and self.user.is_active
            and self.user.groups.filter(name=MEDICAL_REVIEWERS).exists()
        )

    def job_positions(self) -> list[Position]:
        return [p for p in self.positions.all() if p.kind == Position.Kind.POSITION]

    def programme_roles(self) -> list[Position]:
        return [p for p in self.positions.all() if p.kind == Position.Kind.PROGRAMME_ROLE]

    def primary_position(self) -> Position | None:
        positions = self.job_positions()
        return positions[0] if positions else None


class Position(models.Model):
    """A current post ("Consultant Medical Oncologist, Medical Oncology, St Brigid's") or
    a programme role ("Director, Breast Cancer Program"), in the order shown."""

    class Kind(models.TextChoices):
        POSITION = "position", "Position"
        PROGRAMME_ROLE = "programme_role", "Programme role"

    specialist = models.ForeignKey(Specialist, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.POSITION)
    title = models.CharField(max_length=150)
    department = models.CharField(max_length=150, blank=True)
    institution = models.CharField(max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["specialist", "position", "pk"]
        verbose_name = "position"
        verbose_name_plural = "positions and programme roles"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["position", "programme_role"]), name="position_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.title, self.department, self.institution) if part)
