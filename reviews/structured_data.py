"""JSON-LD for specialist profiles, and the review facts on article pages."""

from __future__ import annotations

from django.http import HttpRequest

from articles.models import ArticleRevision
from articles.structured_data import picture_url
from eduportal.site import absolute_url

from .models import Specialist
from .selectors import approval_for


def _person(specialist: Specialist, request: HttpRequest) -> dict:
    data = {"@type": "Person", "name": specialist.display_name}
    if specialist.is_public:
        data["url"] = absolute_url(specialist.get_absolute_url())
    if specialist.honorific:
        data["honorificPrefix"] = specialist.honorific
    if specialist.post_nominals:
        data["honorificSuffix"] = specialist.post_nominals
    return data


def specialist_json_ld(specialist: Specialist, request: HttpRequest) -> dict:
    """A Person (schema.org's Physician is an organisation, a practice, so not used):
    credentials, each hospital once as an affiliation, specialties, interests."""
    positions = specialist.job_positions()
    institutions = dict.fromkeys(p.institution for p in specialist.positions.all() if p.institution)
    data = {
        "@context": "https://schema.org",
        **_person(specialist, request),
        "description": specialist.bio,
        # medicalSpecialty belongs to organisations; a person knows about a field.
        "knowsAbout": [
            *(s.name for s in specialist.specialties.all()),
            *(tag.name for tag in specialist.clinical_interests.all()),
        ],
        "hasOccupation": {"@type": "Occupation", "name": "Physician"},
        "hasCredential": [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "Professional registration",
                "name": f"{specialist.registration_council} {specialist.registration_number}",
                "recognizedBy": {"@type": "Organization", "name": specialist.registration_council},
            }
        ],
        "affiliation": [{"@type": "Organization", "name": name} for name in institutions],
    }
    if positions:
        data["jobTitle"] = positions[0].title
    image = picture_url(specialist.photo_renditions, request)
    if image:
        data["image"] = image
    return data


def review_json_ld(revision: ArticleRevision | None, request: HttpRequest) -> dict:
    """reviewedBy and lastReviewed for the exact revision a page shows."""
    approval = approval_for(revision)
    if approval is None:
        return {}
    reviewer = _person(approval.specialist, request)
    reviewer["name"] = approval.reviewer_name_snapshot
    return {"reviewedBy": reviewer, "lastReviewed": approval.signed_at.date().isoformat()}
