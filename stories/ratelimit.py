"""Per-address rate limits kept in the cache (Redis in production, shared by all app
servers). Addresses are hashed before they become cache keys; none is stored.

Counting and checking are one atomic step: `reserve` adds one to the counter with a
single cache increment (INCR in Redis, a locked increment in local memory) and the
value that increment returns decides, so under any number of concurrent posts
exactly `limit` get through in a window. A reservation whose form then fails
validation is given back with `release`, so a person who mistypes is not counted.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from eduportal.clientip import client_ip

WINDOW_SECONDS = 60 * 60


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def _key(scope: str, subject: str) -> str:
    return f"stories:rate:{scope}:{_digest(subject)}"


def _increment(key: str) -> int:
    # add() only writes when the key is missing, so it starts the window once;
    # incr() is the atomic step every request takes.
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: start a new one
        cache.add(key, 0, WINDOW_SECONDS)
        return cache.incr(key)


class Reservation:
    """One use taken from a limit; `release()` gives it back."""

    def __init__(self, key: str, allowed: bool):
        self.key = key
        self.allowed = allowed
        self._released = False

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        with contextlib.suppress(ValueError):  # the window has ended anyway
            cache.decr(self.key)


def reserve(scope: str, request: HttpRequest, limit: int, *, subject: str | None = None):
    """Take one use of `scope` for this visitor's address (or for `subject`, e.g. an
    email address) within the hour. Returns a Reservation; when it is not `allowed`,
    the use was already given back and the request must be refused."""
    key = _key(scope, subject if subject is not None else (client_ip(request) or "unknown"))
    count = _increment(key)
    reservation = Reservation(key, allowed=count <= limit)
    if not reservation.allowed:
        reservation.release()
    return reservation
