"""Plain-text emails to staff about reviews."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse


def admin_url(name: str, *args) -> str:
    """An absolute admin link for an email (there is no request to build it from)."""
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def send(subject: str, body: str, recipients: list[str]) -> int:
    """Email real addresses. Demo accounts use the reserved .invalid domain, which can
    never receive mail, so they are left out."""
    addresses = sorted({a for a in recipients if a and not a.lower().endswith(".invalid")})
    if not addresses:
        return 0
    return send_mail(subject, body, None, addresses)
