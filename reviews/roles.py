from eduportal.roles import (
    CREDENTIALS_OFFICERS,
    EDITORS,
    MEDICAL_LEADS,
    MEDICAL_REVIEWERS,
    MODERATORS,
)

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Editors keep the specialist directory and send articles for review; they never
    # sign off, and they never check registrations (an edit of theirs voids a check).
    EDITORS: [
        "reviews.view_specialist",
        "reviews.add_specialist",
        "reviews.change_specialist",
        "reviews.view_credentialcheck",
        "reviews.view_position",
        "reviews.add_position",
        "reviews.change_position",
        "reviews.delete_position",
        "reviews.view_specialty",
        "reviews.add_specialty",
        "reviews.change_specialty",
        "reviews.view_clinicalinterest",
        "reviews.add_clinicalinterest",
        "reviews.change_clinicalinterest",
        "reviews.view_review",
        "reviews.add_review",
        "reviews.view_signoff",
        "reviews.view_translationsignoff",
        "reviews.view_reminderlog",
        "reviews.view_governance_dashboard",
    ],
    # Reviewers read their queue and decide; the service checks they are checked.
    MEDICAL_REVIEWERS: [
        "reviews.view_specialist",
        "reviews.view_review",
        "reviews.view_reviewqueueitem",
        "reviews.view_signoff",
        "reviews.add_signoff",
        "reviews.view_translationsignoff",
        "reviews.add_translationsignoff",
    ],
    MODERATORS: [],
    # Credentials officers check registrations and void checks; they read profiles but
    # do not edit them.
    CREDENTIALS_OFFICERS: [
        "reviews.view_specialist",
        "reviews.view_position",
        "reviews.verify_specialist",
        "reviews.view_credentialcheck",
        "reviews.view_credentialreminder",
        "reviews.view_governance_dashboard",
    ],
    MEDICAL_LEADS: [
        "reviews.view_specialist",
        "reviews.view_credentialcheck",
        "reviews.view_review",
        "reviews.view_signoff",
        "reviews.view_translationsignoff",
        "reviews.view_reminderlog",
        "reviews.view_governance_dashboard",
    ],
}
