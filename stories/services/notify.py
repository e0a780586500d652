"""Emails about stories and comments, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from eduportal.roles import MODERATORS


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def moderator_emails() -> list[str]:
    users = (
        get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def send(template: str, context: dict, recipients: list[str]) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    context = {"site_name": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"stories/email/{template}_subject.txt", context).split())
    body = render_to_string(f"stories/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
