"""Factories for specialists and reviews. Reviews are made through the real services."""

from __future__ import annotations

from datetime import timedelta

import factory
import time_machine
from django.utils import timezone

from eduportal.roles import CREDENTIALS_OFFICERS
from reviews import identity, services
from reviews.models import CredentialCheck, Position, Review, SignOff, Specialist, Specialty
from tests.factories import UserFactory, reviewer


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.Sequence(lambda n: f"specialty-{n}")


class SpecialistFactory(factory.django.DjangoModelFactory):
    """An unverified profile without a login."""

    class Meta:
        model = Specialist
        skip_postgeneration_save = True

    honorific = "Dr"
    full_name = factory.Sequence(lambda n: f"Morgan Clinician{n}")
    slug = factory.Sequence(lambda n: f"morgan-clinician-{n}")
    post_nominals = "MD, PhD"
    registration_council = "Northland Medical Council"
    registration_number = factory.Sequence(lambda n: f"NMC-{100000 + n}")
    bio = "Treats people with breast cancer."

    @factory.post_generation
    def positions(self, create, extracted, **kwargs):
        if create:
            for order, title in enumerate(extracted or ["Consultant Medical Oncologist"]):
                Position.objects.create(
                    specialist=self, title=title, institution="St Brigid's", position=order
                )


def credentials_officer(**kwargs):
    kwargs.setdefault("username", "registrar")
    return UserFactory(role=CREDENTIALS_OFFICERS, **kwargs)


def record_check(specialist: Specialist, *, by=None, valid_days: int = 365) -> CredentialCheck:
    """A credentials officer checks the profile as it stands, through the service."""
    return identity.record_credential_check(
        specialist=specialist,
        by=by or credentials_officer(),
        registration_expires=timezone.localdate() + timedelta(days=valid_days),
        evidence="Read the council's public register today.",
    )


def mark_verified(specialist: Specialist, *, valid_days: int = 365) -> Specialist:
    """Shortcut: the profile gets a credential check valid until `valid_days` from today
    (0: lapses after today; negative: already lapsed, recorded earlier on a controlled
    clock, as the service refuses registrations that expired)."""
    if valid_days > 0:
        record_check(specialist, valid_days=valid_days)
    else:
        checked_on = timezone.localdate() + timedelta(days=valid_days - 10)
        with time_machine.travel(f"{checked_on.isoformat()} 09:00:00+00:00", tick=False):
            record_check(specialist, valid_days=10)
    specialist.__dict__.pop("_checks_in_force", None)
    return specialist


def verified_specialist(user=None, **kwargs) -> Specialist:
    """A specialist who may sign off: verified, active, a user in Medical reviewers."""
    return mark_verified(SpecialistFactory(user=user or reviewer(), **kwargs))


def submit(article, *, by, reviewer=None) -> Review:
    return services.submit_for_review(article=article, by=by, reviewer=reviewer)


def approve_review(review: Review, specialist: Specialist, **kwargs) -> SignOff:
    kwargs.setdefault("comment", "")
    return services.sign_off(
        review=review, reviewer=specialist.user, decision=SignOff.Decision.APPROVE, **kwargs
    )
