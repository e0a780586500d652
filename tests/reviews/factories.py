"""Factories for specialists and reviews. Reviews are made through the real services."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from reviews import services
from reviews.models import Position, Review, SignOff, Specialist, Specialty
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


def mark_verified(specialist: Specialist, *, valid_days: int = 365) -> Specialist:
    """Test shortcut for a staff member's registration check (the service is tested
    on its own)."""
    specialist.verified_by = UserFactory(username="registrar", is_staff=True)
    specialist.verified_at = timezone.now()
    specialist.registration_valid_until = timezone.localdate() + timedelta(days=valid_days)
    specialist.save()
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
