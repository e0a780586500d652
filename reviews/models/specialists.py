"""Specialist profiles: who the clinicians behind our reviews are, and whether they may
sign off."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from eduportal.fields import VerifiedImageField, sync_renditions
from eduportal.history import QuietHistoricalRecords
from eduportal.roles import MEDICAL_REVIEWERS

from .credentials import (
    CHECKED_FIELDS,
    CheckedInterest,
    CheckedPosition,
    CredentialCheck,
    languages_display,
    normalise_languages,
    void_stale_checks,
)

CHECKED_PROFILE_FIELDS = {name for name, _label in CHECKED_FIELDS} | {"user", "user_id"}


class Specialty(models.Model):
    """A small curated list: medical oncology, surgical oncology, …"""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    # Shown in every specialist box and profile: renames are recorded.
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "specialty"
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class ClinicalInterest(TagBase):
    """Free tags for clinical interests, kept apart from the article tags."""

    # A rename changes every profile that has the interest: recorded.
    history = HistoricalRecords()

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

    # Interests are added and removed as rows of this table; the specialist's history
    # page lists these records beside the profile's own.
    history = HistoricalRecords()

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
    def update(self, **kwargs):
        """Bulk edits void the checks they make untrue, as a form save does."""
        if not CHECKED_PROFILE_FIELDS & set(kwargs):
            return super().update(**kwargs)
        ids = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        void_stale_checks(specialist_ids=ids)
        return count

    def checked(self) -> SpecialistQuerySet:
        """Profiles with a credential check in force: the name, credentials,
        registration and login it checked are still the profile's, and it has neither
        lapsed nor been voided. Instance twin: current_check()."""
        return self.filter(
            Exists(CredentialCheck.objects.in_force().filter(specialist=OuterRef("pk")))
        )

    def public(self) -> SpecialistQuerySet:
        """Profiles the public may see, as clinicians: active and checked."""
        return self.checked().filter(is_active=True)

    def verified(self) -> SpecialistQuerySet:
        """Who may sign off today: public (active, checked) and linked to an active
        login in the Medical reviewers group. Instance twin: can_sign_off()."""
        return self.public().filter(
            user__isnull=False,
            user__is_active=True,
            user__groups__name=MEDICAL_REVIEWERS,
        )

    def with_current_check(self) -> SpecialistQuerySet:
        """Prefetch the check in force, so current_check() needs no query per row."""
        return self.prefetch_related(
            Prefetch(
                "credential_checks",
                queryset=CredentialCheck.objects.in_force(),
                to_attr="_checks_in_force",
            )
        )

    def for_cards(self) -> SpecialistQuerySet:
        """Cards show the primary position as checked: the check in force is enough."""
        return self.with_current_check().prefetch_related("specialties")


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
    languages = models.JSONField(
        "review languages",
        default=list,
        blank=True,
        help_text="The languages this clinician can medically review translations in. A "
        "credentials officer checks them with the registration; changing them needs a new "
        "check.",
    )
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

    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    # Photo renditions are derived from the photo; the audit trail needs only the photo.
    history = QuietHistoricalRecords(
        m2m_fields=["specialties"], excluded_fields=["photo_renditions", "modified_at"]
    )
    objects = SpecialistQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = "specialist"
        verbose_name_plural = "specialists"
        permissions = [("verify_specialist", "Can record credential checks of specialists")]
        indexes = [models.Index(fields=["is_active", "full_name"], name="specialist_active_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_council", "registration_number"],
                name="specialist_unique_registration",
            ),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="specialist_photo_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        self.languages = normalise_languages(self.languages)
        super().save(*args, **kwargs)
        if sync_renditions(self, "photo", "photo_renditions"):
            super().save(update_fields=["photo_renditions"])
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or CHECKED_PROFILE_FIELDS & set(update_fields)):
            # A renamed, re-credentialled or re-linked profile is no longer what was
            # checked. `_history_user` is who made the change (set by the services).
            self._voided_checks = void_stale_checks(
                specialist_ids=[self.pk], by=getattr(self, "_history_user", None)
            )
        # The cached check may no longer be the one in force.
        self.__dict__.pop("_checks_in_force", None)

    def get_absolute_url(self) -> str:
        return reverse("reviews:specialist-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = "Please describe the photo for screen readers."
        known = {code for code, _name in settings.LANGUAGES}
        if not isinstance(self.languages, list) or set(self.languages) - known:
            errors["languages"] = "Choose languages from the site's languages."
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        """ "Dr Adaeze Okafor"."""
        return f"{self.honorific} {self.full_name}".strip()

    @property
    def name_with_credentials(self) -> str:
        """ "Dr Adaeze Okafor, MD, PhD"."""
        return ", ".join(part for part in (self.display_name, self.post_nominals) if part)

    @property
    def languages_display(self) -> str:
        return languages_display(self.languages)

    def current_check(self) -> CredentialCheck | None:
        """The credential check in force for this profile, if any. Instance twin of
        SpecialistQuerySet.checked(); uses with_current_check()'s prefetch when there."""
        if not hasattr(self, "_checks_in_force"):
            if self.pk is None:
                return None
            self._checks_in_force = list(
                CredentialCheck.objects.in_force().filter(specialist=self)[:1]
            )
        return self._checks_in_force[0] if self._checks_in_force else None

    @property
    def is_checked(self) -> bool:
        return self.current_check() is not None

    @property
    def is_public(self) -> bool:
        """Instance twin of SpecialistQuerySet.public()."""
        return self.is_active and self.is_checked

    def can_sign_off(self) -> bool:
        """Instance twin of SpecialistQuerySet.verified()."""
        return (
            self.is_public
            and self.user is not None
            and self.user.is_active
            and self.user.groups.filter(name=MEDICAL_REVIEWERS).exists()
        )

    # What the public sees of posts and interests is what the check in force recorded
    # (CredentialCheck.positions/clinical_interests); edits since wait for a new check.
    def job_positions(self) -> list[CheckedPosition]:
        check = self.current_check()
        return check.job_positions() if check else []

    def programme_roles(self) -> list[CheckedPosition]:
        check = self.current_check()
        return check.programme_roles() if check else []

    def primary_position(self) -> CheckedPosition | None:
        positions = self.job_positions()
        return positions[0] if positions else None

    def checked_interests(self) -> list[CheckedInterest]:
        check = self.current_check()
        return check.checked_interests() if check else []


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

    history = HistoricalRecords()

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
