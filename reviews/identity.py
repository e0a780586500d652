"""Who a clinician is: saving specialist profiles, recording and voiding credential
checks, and whether (and why not) a login may sign off or speak as a clinician.

Every change to a profile or a check goes through these functions (the admin, the demo
and commands call them), so anything that must follow such a change — emails, cache
invalidation — has one place to hook in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from eduportal import pagecache
from eduportal.roles import MEDICAL_REVIEWERS

from .models import CredentialCheck, Specialist
from .models.credentials import snapshot_of

AGAIN = "A credentials officer must check your registration again before you can sign off."


def human_date(day) -> str:
    return date_format(day, "j F Y")


def _require_checker(by) -> None:
    if by is None or not by.is_active or not by.has_perm("reviews.verify_specialist"):
        raise PermissionDenied("Only credentials officers may record or void credential checks.")


@transaction.atomic
def save_specialist(*, specialist: Specialist, by) -> list[CredentialCheck]:
    """Save a new or edited profile. Returns the checks the edit voided: a changed
    name, title, credentials, registration or login link is no longer what was
    checked (the model voids them on save; this names who made the change)."""
    adding = specialist._state.adding
    permission = "reviews.add_specialist" if adding else "reviews.change_specialist"
    if by is None or not by.is_active or not by.has_perm(permission):
        raise PermissionDenied("You may not edit specialist profiles.")
    specialist._history_user = by
    specialist.full_clean()
    specialist.save()
    pagecache.invalidate_specialist(specialist)
    return list(getattr(specialist, "_voided_checks", []))


@transaction.atomic
def record_credential_check(
    *,
    specialist: Specialist,
    by,
    registration_expires: date,
    evidence: str,
) -> CredentialCheck:
    """A credentials officer records that they checked this profile's registration.

    The check copies what it vouches for (title, name, credentials, registration body
    and number, review languages, linked login). It replaces the profile's open check,
    and it lapses at the registration's expiry or after CREDENTIAL_CHECK_VALID_DAYS,
    whichever is first.
    """
    _require_checker(by)
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    if specialist.user_id is not None and specialist.user_id == by.pk:
        raise PermissionDenied(
            "This profile is linked to your own login. Another credentials officer must check it."
        )
    today = timezone.localdate()
    errors = {}
    evidence = (evidence or "").strip()
    if not evidence:
        errors["evidence"] = "Say what you checked, e.g. the register's page and today's date."
    if registration_expires is None or registration_expires <= today:
        errors["registration_expires"] = "The registration must be valid after today."
    if not specialist.registration_council.strip() or not specialist.registration_number.strip():
        errors["__all__"] = "Add the registration body and number to the profile first."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for previous in CredentialCheck.objects.open().filter(specialist=specialist):
        previous.void(reason=f"Replaced by a new check on {human_date(today)}.", by=by, now=now)
    check = CredentialCheck(
        specialist=specialist,
        user_id=specialist.user_id,
        honorific=specialist.honorific,
        full_name=specialist.full_name,
        post_nominals=specialist.post_nominals,
        registration_council=specialist.registration_council,
        registration_number=specialist.registration_number,
        languages=list(specialist.languages),
        **snapshot_of(specialist),
        registration_expires=registration_expires,
        valid_until=min(
            registration_expires, today + timedelta(days=settings.CREDENTIAL_CHECK_VALID_DAYS)
        ),
        evidence=evidence,
        checked_by=by,
        checked_at=now,
    )
    check.full_clean()
    check._history_user = by
    check.save()
    pagecache.invalidate_specialist(specialist)
    return check


@transaction.atomic
def void_credential_check(*, check: CredentialCheck, by, reason: str) -> CredentialCheck:
    """A credentials officer withdraws a check (a registration was suspended, the
    evidence was wrong). The clinician cannot sign off until checked again."""
    _require_checker(by)
    check = CredentialCheck.objects.select_for_update().get(pk=check.pk)
    if check.voided_at is not None:
        raise ValidationError("This check is already void.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the check no longer holds."})
    check.void(reason=reason, by=by)
    return check


# Standing: may this login sign off, and if not, exactly why ------------------------------


@dataclass
class Standing:
    """What a login may do as a clinician today, and the reasons it may not."""

    specialist: Specialist | None = None
    check: CredentialCheck | None = None
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def may_sign_off(self) -> bool:
        return not self.reasons and self.check is not None

    @property
    def is_checked_clinician(self) -> bool:
        """May appear on the site as a clinician (a checked, active profile)."""
        return self.check is not None and self.specialist is not None and self.specialist.is_active

    @property
    def explanation(self) -> str:
        return " ".join(self.reasons)


def _check_reason(specialist: Specialist, today: date) -> str:
    """Why the profile has no check in force, from its latest check."""
    latest = specialist.credential_checks.select_related("specialist").first()
    if latest is None:
        return (
            "No one has checked your registration yet. A credentials officer must check "
            "it before you can sign off."
        )
    checked = human_date(latest.checked_at)
    if latest.voided_at is not None:
        return f"Your credential check of {checked} was voided. {latest.void_reason} {AGAIN}"
    differences = latest.differences(specialist)
    if differences:
        changes = "; ".join(differences)
        return f"Your profile changed after it was checked on {checked}: {changes}. {AGAIN}"
    return f"Your credential check of {checked} lapsed on {human_date(latest.valid_until)}. {AGAIN}"


def standing_of(user, *, today: date | None = None) -> Standing:
    """Whether `user` may sign off (and appear as a clinician), with every reason why
    not, in the words the reviewer's queue shows them. Instance twin of
    Specialist.objects.verified() (a test proves they agree)."""
    today = today or timezone.localdate()
    if user is None or not user.is_authenticated:
        return Standing(reasons=["Sign in with your own login first."])
    specialist = Specialist.objects.filter(user=user).select_related("user").first()
    if specialist is None:
        return Standing(
            reasons=[
                "Your login is not linked to a specialist profile. An editor links it; a "
                "credentials officer then checks your registration."
            ]
        )
    standing = Standing(specialist=specialist)
    check = CredentialCheck.objects.in_force(today).filter(specialist=specialist).first()
    if check is None:
        standing.reasons.append(_check_reason(specialist, today))
    else:
        standing.check = check
        if check.valid_until <= today + timedelta(days=settings.CREDENTIAL_CHECK_REMINDER_DAYS):
            standing.warnings.append(
                f"Your credential check lapses after {human_date(check.valid_until)}. Ask a "
                "credentials officer to check your registration again before then."
            )
    if not specialist.is_active:
        standing.reasons.append(
            "Your specialist profile is marked as no longer reviewing for us. An editor "
            "can make it active again."
        )
    if not user.is_active:
        standing.reasons.append("Your login is deactivated.")
    if not user.groups.filter(name=MEDICAL_REVIEWERS).exists():
        standing.reasons.append(
            f"Your login is not in the {MEDICAL_REVIEWERS} group. An administrator adds it."
        )
    return standing


def signer_for(user) -> tuple[Specialist, CredentialCheck]:
    """The profile and the check a sign-off by `user` stands on; PermissionDenied with
    the reasons otherwise. The profile's row is locked, so a concurrent re-link or
    rename waits for the sign-off (or the sign-off sees it)."""
    if user is not None and user.is_authenticated:
        Specialist.objects.select_for_update().filter(user=user).first()
    standing = standing_of(user)
    if not standing.may_sign_off:
        raise PermissionDenied(f"You cannot sign off yet. {standing.explanation}")
    # The rule is written once for querysets; the standing must agree with it.
    if not Specialist.objects.verified().filter(pk=standing.specialist.pk).exists():
        raise PermissionDenied("You cannot sign off yet.")
    return standing.specialist, standing.check
