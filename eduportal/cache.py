"""A Redis cache that keeps the site up when Redis is not (built on
eduportal.cachebackends.RedisCache, which reuses its Redis client objects).

With Redis unreachable (down, restarting, a wrong port) Django's RedisCache raises on
every call, so every page and form that touches the cache would be a 500. This
backend turns those failures into misses: pages are served uncached, nothing is
stored, and one warning is logged each time Redis goes away. Counters (`add`,
`incr`, used by the rate limits) carry on in this process's memory until Redis is
back, so the limits still hold per app server rather than not at all.

After a failure Redis is left alone for RETRY_SECONDS, so an unreachable server
costs one connection attempt per process per interval, not one per call.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

from eduportal.cachebackends import RedisCache

logger = logging.getLogger("eduportal.cache")

RETRY_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._state_lock = threading.Lock()
        self._fallback = LocMemCache(f"eduportal-redis-fallback-{id(self)}", {"TIMEOUT": None})

    # Availability bookkeeping.

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        with self._state_lock:
            was_up = self._available()
            self._down_until = time.monotonic() + RETRY_SECONDS
        if was_up:
            logger.warning(
                "cache_unavailable",
                extra={
                    "event": "cache_unavailable",
                    "operation": operation,
                    "error": type(error).__name__,
                    "detail": str(error)[:200],
                    "retry_seconds": RETRY_SECONDS,
                },
            )

    def _call(self, operation: str, default, *args, **kwargs):
        if not self._available():
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._failed(operation, error)
            return default

    # Reads miss, writes are dropped.

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        self._fallback.delete(key, version)
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._fallback.delete_many(keys, version)
        return self._call("delete_many", None, keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear", False)

    # Counters fall back to this process's memory.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._available():
            try:
                return super().add(key, value, timeout, version)
            except (RedisError, OSError) as error:
                self._failed("add", error)
        return self._fallback.add(key, value, self.get_backend_timeout(timeout), version)

    def incr(self, key, delta=1, version=None):
        if self._available():
            try:
                return super().incr(key, delta, version)
            except (RedisError, OSError) as error:
                self._failed("incr", error)
        return self._fallback.incr(key, delta, version)
