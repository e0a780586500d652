"""Specialist profiles and the medical review workflow."""

from .credentials import CredentialCheck, CredentialCheckQuerySet, CredentialReminder
from .specialists import (
    ClinicalInterest,
    Position,
    Specialist,
    SpecialistQuerySet,
    Specialty,
    TaggedClinicalInterest,
)
from .translations import TranslationSignoff, TranslationSignoffQuerySet
from .workflow import ReminderLog, Review, ReviewQuerySet, ReviewQueueItem, SignOff, SignOffQuerySet

__all__ = [
    "ClinicalInterest",
    "CredentialCheck",
    "CredentialCheckQuerySet",
    "CredentialReminder",
    "Position",
    "ReminderLog",
    "Review",
    "ReviewQuerySet",
    "ReviewQueueItem",
    "SignOff",
    "SignOffQuerySet",
    "Specialist",
    "SpecialistQuerySet",
    "Specialty",
    "TaggedClinicalInterest",
    "TranslationSignoff",
    "TranslationSignoffQuerySet",
]
