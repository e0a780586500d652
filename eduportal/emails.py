"""Plain-text email shared by the apps (sent by services, after commit)."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """A full link for an email: there is no request to build it from."""
    return f"{settings.SITE_URL}{path}"


def send(subject: str, body: str, recipients: list[str]) -> int:
    """Email each real address once, as a background job (eduportal.tasks.send_email,
    which tries again after a failure). Demo accounts use the reserved .invalid
    domain, which can never receive mail, so they are left out.

    Returns the number of emails queued (0 or 1), as send_mail counts them."""
    from eduportal.tasks import send_email

    addresses = sorted({a for a in recipients if a and not a.lower().endswith(".invalid")})
    if not addresses:
        return 0
    send_email.enqueue(subject=subject, body=body, recipients=addresses)
    return 1
