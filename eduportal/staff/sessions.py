"""Staff sessions: tracked per user so they can all be ended at once, and limited to
30 minutes without activity and 12 hours in all (settings.STAFF_SESSION_*)."""

from __future__ import annotations

import time
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from eduportal.models import StaffSession

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN = "staff_last_seen"
TRACKED_KEY = "staff_tracked_key"
# The session store forgets a staff session a little after the idle limit, as a
# backstop; the middleware ends it on time and tells the person why.
STORE_GRACE_SECONDS = 5 * 60
SIGNED_OUT_REASON = "staff_signed_out_reason"


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def start(request) -> None:
    """Called right after a staff member has fully signed in."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS + STORE_GRACE_SECONDS)
    track(request)


def track(request) -> None:
    """Remember which sessions belong to the user (again after a key change)."""
    session = request.session
    if session.session_key is None:
        session.save()
    if session.get(TRACKED_KEY) == session.session_key:
        return
    StaffSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user": request.user}
    )
    session[TRACKED_KEY] = session.session_key
    # Sessions older than the longest allowed are gone anyway; forget them.
    StaffSession.objects.filter(
        user=request.user,
        started_at__lt=timezone.now() - timedelta(seconds=settings.STAFF_SESSION_MAX_SECONDS),
    ).delete()


def expired_reason(session) -> str | None:
    """ "idle" or "too_long" when the session has outlived its limits, else None."""
    now = time.time()
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if signed_in_at is None or last_seen is None:
        return None
    if now - float(last_seen) > settings.STAFF_SESSION_IDLE_SECONDS:
        return "idle"
    if now - float(signed_in_at) > settings.STAFF_SESSION_MAX_SECONDS:
        return "too_long"
    return None


def touch(request) -> None:
    session = request.session
    now = time.time()
    session.setdefault(SIGNED_IN_AT, now)
    session[LAST_SEEN] = now
    session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS + STORE_GRACE_SECONDS)


def end_all(user) -> int:
    """End every session of this user, in every browser. Returns how many."""
    keys = list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        _store(key).delete()
    StaffSession.objects.filter(session_key__in=keys).delete()
    return len(keys)
