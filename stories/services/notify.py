"""Emails about stories and comments, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from eduportal import emails
from eduportal.emails import absolute_url as absolute
from eduportal.roles import MODERATORS

from ..models.languages import is_supported

__all__ = ["absolute", "in_language", "moderator_emails", "send"]


def in_language(code: str | None = None):
    """Write an email (and the links in it) in this language: a sharer's or reader's
    emails are in the language they wrote to us in; moderators' emails are in the site's
    default language, whatever page the writer used."""
    return translation.override(code if code and is_supported(code) else settings.LANGUAGE_CODE)


def moderator_emails() -> list[str]:
    users = (
        get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def send(
    template: str,
    context: dict,
    recipients: list[str],
    *,
    headers: dict | None = None,
    language: str | None = None,
) -> None:
    """Render stories/email/<template>(_subject).txt in `language` (the site's default
    when not given) and send it."""
    if not any(recipients):
        return
    with in_language(language):
        _render_and_send(template, context, recipients, headers=headers)


def _render_and_send(template: str, context: dict, recipients: list[str], *, headers) -> None:
    context = {
        "site_name": settings.SITE_NAME,
        # Private links expire; every email with one says how to get a fresh one.
        "link_days": getattr(settings, "STORIES_LINK_MAX_AGE_DAYS", 180),
        "resend_url": absolute(reverse("stories:resend-link")),
        **context,
    }
    subject = " ".join(render_to_string(f"stories/email/{template}_subject.txt", context).split())
    body = render_to_string(f"stories/email/{template}.txt", context)
    emails.send(subject, body, recipients, headers=headers)
