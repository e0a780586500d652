"""Plain-text email shared by the apps (sent by services, after commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail


def absolute_url(path: str) -> str:
    """A full link for an email: there is no request to build it from."""
    return f"{settings.SITE_URL}{path}"


def send(subject: str, body: str, recipients: list[str]) -> int:
    """Email each real address once. Demo accounts use the reserved .invalid domain,
    which can never receive mail, so they are left out."""
    addresses = sorted({a for a in recipients if a and not a.lower().endswith(".invalid")})
    if not addresses:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
