"""JSON-LD for specialist profiles, and the review facts on article pages. Clinicians
appear from credential checks only (see selectors.article_clinicians)."""

from __future__ import annotations

from django.http import HttpRequest

from articles.models import Article, ArticleRevision
from articles.structured_data import picture_url
from eduportal.site import absolute_url

from .models import CredentialCheck, Specialist
from .selectors import article_clinicians


def _person(checked: CredentialCheck, url: str | None) -> dict:
    """A clinician as a credential check recorded them, linked only when public."""
    data = {"@type": "Person", "name": checked.display_name}
    if url:
        data["url"] = url
    if checked.honorific:
        data["honorificPrefix"] = checked.honorific
    if checked.post_nominals:
        data["honorificSuffix"] = checked.post_nominals
    return data


def specialist_json_ld(specialist: Specialist, request: HttpRequest) -> dict:
    """A Person (schema.org's Physician is an organisation, a practice, so not used):
    credentials, each hospital once as an affiliation, specialties, interests."""
    check = specialist.current_check()
    # Posts, hospitals and interests as the check in force recorded them.
    positions = check.job_positions()
    institutions = dict.fromkeys(p.institution for p in check.checked_positions() if p.institution)
    data = {
        "@context": "https://schema.org",
        **_person(check, absolute_url(specialist.get_absolute_url())),
        "description": specialist.bio,
        # medicalSpecialty belongs to organisations; a person knows about a field.
        "knowsAbout": [
            *(s.name for s in specialist.specialties.all()),
            *(interest.name for interest in check.checked_interests()),
        ],
        "hasOccupation": {"@type": "Occupation", "name": "Physician"},
        "hasCredential": [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "Professional registration",
                "name": f"{check.registration_council} {check.registration_number}",
                "recognizedBy": {"@type": "Organization", "name": check.registration_council},
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


def review_json_ld(
    article: Article, revision: ArticleRevision | None, request: HttpRequest
) -> dict:
    """reviewedBy and lastReviewed for the exact revision a page shows, with the signer
    as checked when they signed; and a clinician author as checked today."""
    clinicians = article_clinicians(article, revision)
    data = {}
    approval = clinicians.approval
    if approval is not None:
        url = (
            absolute_url(approval.specialist.get_absolute_url())
            if approval.signer_is_public
            else None
        )
        if approval.credential_check is not None:
            reviewer = _person(approval.credential_check, url)
        else:  # signed before checks were recorded: the names copied at the time
            reviewer = {"@type": "Person", "name": approval.reviewer_name_snapshot}
            if url:
                reviewer["url"] = url
            if approval.credentials_snapshot:
                reviewer["honorificSuffix"] = approval.credentials_snapshot
        data = {"reviewedBy": reviewer, "lastReviewed": approval.signed_at.date().isoformat()}
    if clinicians.author is not None:
        # As checked, never the writer's typed role.
        profile = clinicians.author.profile
        check = profile.current_check()
        author = _person(check, absolute_url(profile.get_absolute_url()))
        if check.job_positions():
            author["jobTitle"] = check.job_positions()[0].title
        data["author"] = author
    return data
