"""Credential checks: a named person looked up a clinician's registration and recorded
exactly what they checked.

A check belongs to the profile *as it stood*: its name, credentials, registration and
the login linked to it. It is in force only while all of those still match the profile,
it has not been voided and it has not lapsed. The match is part of the query itself
(`in_force()`), so no route that changes a profile, not even `QuerySet.update()` or
raw SQL, can present a renamed or re-linked profile as checked; `void_stale_checks`
also records *why* a check stopped counting, for the people who must redo it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

# What a check vouches for, as (profile field, label). The login link is the last.
# The languages are the ones the clinician may review translations in: a sign-off of a
# Nepali translation stands on a check that vouched for their Nepali.
CHECKED_FIELDS = (
    ("honorific", "title"),
    ("full_name", "name"),
    ("post_nominals", "credentials"),
    ("registration_council", "registration body"),
    ("registration_number", "registration number"),
    ("languages", "review languages"),
)


def normalise_languages(codes) -> list[str]:
    """Language codes as stored: known to the site, each once, in a fixed order, so a
    check and its profile compare equal whatever order they were ticked in."""
    known = [code for code, _name in settings.LANGUAGES]
    chosen = set(codes or [])
    return [code for code in known if code in chosen]


def languages_display(codes) -> str:
    names = dict(settings.LANGUAGES)
    return ", ".join(names.get(code, code) for code in codes) or "none"


VOID_FIELDS = frozenset({"voided_at", "voided_by", "void_reason"})
POSITION_KINDS = ("position", "programme_role")  # reviews.Position.Kind, in order


@dataclass(frozen=True)
class CheckedPosition:
    """A post or programme role as a credential check recorded it (the page shows these,
    never the profile's current rows, which editors may have changed since)."""

    kind: str
    title: str
    department: str = ""
    institution: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.title, self.department, self.institution) if part)


@dataclass(frozen=True)
class CheckedInterest:
    name: str
    slug: str


def snapshot_of(specialist) -> dict:
    """The profile's positions and clinical interests as they stand, for a check to
    record. Keys are CredentialCheck field names."""
    return {
        "positions": [
            {
                "kind": p.kind,
                "title": p.title,
                "department": p.department,
                "institution": p.institution,
            }
            for p in specialist.positions.order_by("position", "pk")
        ],
        "clinical_interests": [
            {"name": tag.name, "slug": tag.slug}
            for tag in specialist.clinical_interests.order_by("name")
        ],
    }


def _matches_profile() -> Q:
    """The check's recorded identity equals the profile's current one (null-safe login)."""
    same = Q()
    for name, _label in CHECKED_FIELDS:
        same &= Q(**{name: F(f"specialist__{name}")})
    same_login = Q(user=F("specialist__user")) | Q(user__isnull=True, specialist__user__isnull=True)
    return same & same_login


class CredentialCheckQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if set(kwargs) - VOID_FIELDS:
            raise ValidationError(
                "A credential check cannot be changed. Void it and record a new check."
            )
        return super().update(**kwargs)

    def delete(self):
        raise ValidationError("Credential checks are kept for the record and cannot be deleted.")

    def open(self) -> CredentialCheckQuerySet:
        """Not voided (they may have lapsed or stopped matching the profile)."""
        return self.filter(voided_at__isnull=True)

    def matching_profile(self) -> CredentialCheckQuerySet:
        return self.filter(_matches_profile())

    def in_force(self, today: date | None = None) -> CredentialCheckQuerySet:
        """Checks that vouch for their profile today. Instance twin: is_in_force()."""
        today = today or timezone.localdate()
        return self.open().filter(valid_until__gte=today).matching_profile()

    def lapsing(self, *, within_days: int, today: date | None = None) -> CredentialCheckQuerySet:
        today = today or timezone.localdate()
        return self.in_force(today).filter(valid_until__lte=today + timedelta(days=within_days))

    def lapsed(self, today: date | None = None) -> CredentialCheckQuerySet:
        """Still open and still about the profile as it is, but past their date."""
        today = today or timezone.localdate()
        return self.open().matching_profile().filter(valid_until__lt=today)


class CredentialCheck(models.Model):
    """One person's check of one clinician's registration. Append-only: the only change
    ever made to a check is voiding it."""

    specialist = models.ForeignKey(
        "reviews.Specialist", on_delete=models.PROTECT, related_name="credential_checks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="linked login",
        help_text="The admin login linked to the profile when it was checked.",
    )
    honorific = models.CharField("title as checked", max_length=20, blank=True)
    full_name = models.CharField("name as checked", max_length=120)
    post_nominals = models.CharField("credentials as checked", max_length=80, blank=True)
    registration_council = models.CharField("registration body", max_length=150)
    registration_number = models.CharField(max_length=40)
    languages = models.JSONField(
        "review languages as checked",
        default=list,
        blank=True,
        help_text="The languages the clinician declared they can review translations in, "
        "as the profile stood when it was checked.",
    )
    registration_expires = models.DateField(
        "registration valid until", help_text="The expiry date the register shows."
    )
    valid_until = models.DateField(
        "check valid until",
        help_text="The registration's expiry or the end of the check period, whichever "
        "comes first. The check lapses after this day.",
    )
    # What the check saw of the profile's posts and interests: the specialist box and the
    # profile page show these, so a post typed in later is not shown as checked.
    positions = models.JSONField(
        "positions as checked",
        default=list,
        blank=True,
        help_text="Posts and programme roles (kind, title, department, hospital) as checked.",
    )
    clinical_interests = models.JSONField("clinical interests as checked", default=list, blank=True)
    evidence = models.TextField(
        help_text="What you looked at: the register's page and the date you read it, a "
        "certificate you saw, who you spoke to."
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who made the change that voided it (empty when no one was signed in).",
    )
    void_reason = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()
    objects = CredentialCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_at", "-pk"]
        get_latest_by = "checked_at"
        verbose_name = "credential check"
        verbose_name_plural = "credential checks"
        indexes = [
            models.Index(
                fields=["specialist", "voided_at", "valid_until"], name="check_current_idx"
            ),
            models.Index(fields=["voided_at", "valid_until"], name="check_lapsing_idx"),
        ]
        constraints = [
            # A new check replaces the open one (the service voids it first).
            models.UniqueConstraint(
                fields=["specialist"],
                condition=Q(voided_at__isnull=True),
                name="check_one_open_per_specialist",
            ),
            # Nobody vouches for the profile their own login is linked to.
            models.CheckConstraint(
                condition=~Q(checked_by=F("user")), name="check_not_by_linked_login"
            ),
            models.CheckConstraint(condition=~Q(evidence=""), name="check_has_evidence"),
            models.CheckConstraint(
                condition=Q(valid_until__lte=F("registration_expires")),
                name="check_not_past_registration",
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, void_reason="")
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="check_void_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.name_with_credentials}: {self.registration_council} {self.registration_number}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if not update_fields or set(update_fields) - VOID_FIELDS:
                raise ValidationError(
                    "A credential check cannot be changed. Void it and record a new check."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Credential checks are kept for the record and cannot be deleted.")

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}".strip()

    @property
    def name_with_credentials(self) -> str:
        return ", ".join(part for part in (self.display_name, self.post_nominals) if part)

    def signer_fields(self) -> dict:
        """What a sign-off (of an article or a translation) keeps of this check: the
        check, and the name and credentials it confirmed, which public pages show as
        they were at signing, not as the profile may read later."""
        return {
            "credential_check": self,
            "reviewer_name_snapshot": self.display_name,
            "credentials_snapshot": self.post_nominals,
        }

    @property
    def languages_display(self) -> str:
        return languages_display(self.languages)

    def vouches_for_language(self, language: str) -> bool:
        """The clinician declared this language and the check vouched for it."""
        return language in (self.languages or [])

    @property
    def registration(self) -> str:
        return f"{self.registration_council}, number {self.registration_number}"

    def differences(self, specialist=None) -> list[str]:
        """How the profile now differs from what was checked, in plain words."""
        specialist = specialist or self.specialist
        changes = []
        for name, label in CHECKED_FIELDS:
            checked, now = getattr(self, name), getattr(specialist, name)
            if name == "languages":
                checked, now = languages_display(checked), languages_display(now)
            if checked != now:
                changes.append(f"the {label} changed from “{checked}” to “{now}”")
        if self.user_id != specialist.user_id:
            if specialist.user_id is None:
                changes.append("the login was unlinked")
            else:
                changes.append("the profile was linked to another login")
        return changes

    def checked_positions(self) -> list[CheckedPosition]:
        return [CheckedPosition(**row) for row in self.positions or []]

    def job_positions(self) -> list[CheckedPosition]:
        return [p for p in self.checked_positions() if p.kind == POSITION_KINDS[0]]

    def programme_roles(self) -> list[CheckedPosition]:
        return [p for p in self.checked_positions() if p.kind == POSITION_KINDS[1]]

    def checked_interests(self) -> list[CheckedInterest]:
        return [CheckedInterest(**row) for row in self.clinical_interests or []]

    def unchecked_changes(self, specialist=None) -> list[str]:
        """Changes to the profile's positions or interests since this check, which the
        site does not show until a new check (two queries)."""
        specialist = specialist or self.specialist
        now = snapshot_of(specialist)
        changes = []
        if now["positions"] != (self.positions or []):
            changes.append("the positions and programme roles")

        def by_slug(rows):
            return sorted(rows, key=lambda row: row["slug"])

        if by_slug(now["clinical_interests"]) != by_slug(self.clinical_interests or []):
            changes.append("the clinical interests")
        return changes

    def is_lapsed(self, today: date | None = None) -> bool:
        return self.valid_until < (today or timezone.localdate())

    def is_in_force(self, today: date | None = None) -> bool:
        """Instance twin of CredentialCheckQuerySet.in_force()."""
        return self.voided_at is None and not self.is_lapsed(today) and not self.differences()

    def void(self, *, reason: str, by=None, now=None) -> None:
        if self.voided_at is not None:
            return
        self.voided_at = now or timezone.now()
        self.voided_by = by
        self.void_reason = reason[:300]
        self._history_user = by
        self.save(update_fields=sorted(VOID_FIELDS))
        # The clinician no longer shows as checked anywhere: drop every cached page.
        from eduportal import pagecache

        pagecache.invalidate_specialist(self.specialist_id)


def void_stale_checks(*, specialist_ids, by=None) -> list[CredentialCheck]:
    """Void every open check that no longer matches its profile, saying what changed.

    Called whenever profiles are saved or bulk-updated. Even without it, such checks
    would not count (in_force() compares them with the profile); this keeps the record.
    """
    voided = []
    stale = (
        CredentialCheck.objects.open()
        .filter(specialist_id__in=list(specialist_ids))
        .exclude(_matches_profile())
        .select_related("specialist")
    )
    for check in stale:
        reason = "; ".join(check.differences()) or "the profile changed"
        check.void(reason=f"Voided because {reason}.", by=by)
        voided.append(check)
    return voided


class CredentialReminder(models.Model):
    """That a "check lapses soon" or "check lapsed" email went out, so the daily command
    never repeats it."""

    class Kind(models.TextChoices):
        LAPSING = "lapsing", "Lapses soon"
        LAPSED = "lapsed", "Lapsed"

    check_record = models.ForeignKey(
        CredentialCheck,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name="credential check",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipients = models.TextField(blank=True, help_text="Who was emailed, one per line.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "credential check reminder"
        verbose_name_plural = "credential check reminders"
        constraints = [
            models.UniqueConstraint(
                fields=["check_record", "kind"], name="credential_reminder_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["lapsing", "lapsed"]), name="credential_reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.check_record}"
