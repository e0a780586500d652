from eduportal.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Editors keep the specialist directory, check registrations and send articles for
    # review; they never sign off.
    EDITORS: [
        "reviews.view_specialist",
        "reviews.add_specialist",
        "reviews.change_specialist",
        "reviews.verify_specialist",
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
        "reviews.view_reminderlog",
    ],
    # Reviewers read their queue and decide; the service checks they are verified.
    MEDICAL_REVIEWERS: [
        "reviews.view_specialist",
        "reviews.view_review",
        "reviews.view_reviewqueueitem",
        "reviews.view_signoff",
        "reviews.add_signoff",
    ],
    MODERATORS: [],
}
