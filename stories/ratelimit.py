"""Per-address rate limits kept in the cache (Redis in production, shared by all app
servers). Addresses are hashed before they become cache keys; none is stored."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _key(scope: str, request) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"stories:rate:{scope}:{digest}"


def limit_reached(scope: str, request, limit: int) -> bool:
    return (cache.get(_key(scope, request)) or 0) >= limit


def record(scope: str, request) -> int:
    """Count one more use by this address within the current hour."""
    key = _key(scope, request)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
