"""Plain-text emails to staff about reviews."""

from __future__ import annotations

from django.urls import reverse

from eduportal.emails import absolute_url, send

__all__ = ["admin_url", "send"]


def admin_url(name: str, *args) -> str:
    """An absolute admin link for an email."""
    return absolute_url(reverse(name, args=args))
