"""Plain-text email shared by the apps (sent by services, after commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, send_mail

from .site import absolute_url

__all__ = ["absolute_url", "send"]


def send(
    subject: str, body: str, recipients: list[str], *, headers: dict[str, str] | None = None
) -> int:
    """Email each real address once. Demo accounts use the reserved .invalid domain,
    which can never receive mail, so they are left out. With `headers` (for example
    List-Unsubscribe, which names one reader) each address gets its own message."""
    addresses = sorted({a for a in recipients if a and not a.lower().endswith(".invalid")})
    if not addresses:
        return 0
    if headers:
        return sum(
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [address], headers=headers
            ).send()
            for address in addresses
        )
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
