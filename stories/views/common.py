"""What the story and comment views share: sizes, limits, session keys and the refusal page."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# A story with the largest photo we take (10 MB) fits well within this.
MAX_SHARE_REQUEST_BYTES = 12 * 1024 * 1024
SESSION_STORY = "stories_sent"
SESSION_COMMENT = "stories_comment_sent"
SESSION_EDIT_CRISIS = "stories_edit_crisis"
SESSION_LINK_SENT = "stories_link_sent"


def _rate_limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _refuse(request: HttpRequest, reason: str, status: int, **context) -> HttpResponse:
    return render(request, "stories/refused.html", {"reason": reason, **context}, status=status)


def _read_post(request: HttpRequest, limit: int = MAX_SHARE_REQUEST_BYTES) -> HttpResponse | None:
    """Parse the request body, turning oversized requests into a kind page, not a 500."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return _refuse(request, "too_large", 413)
    try:
        request.POST  # noqa: B018 - parse now, so size errors surface here
        request.FILES  # noqa: B018
    except (RequestDataTooBig, TooManyFieldsSent):
        return _refuse(request, "too_large", 413)
    return None
