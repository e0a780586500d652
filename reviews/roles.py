from eduportal.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS

ROLE_PERMISSIONS: dict[str, list[str]] = {EDITORS: [], MEDICAL_REVIEWERS: [], MODERATORS: []}
