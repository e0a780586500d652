"""Redis for the tests that need a real one: TEST_REDIS_URL (our own database number),
skipped with a reason when no Redis answers."""

import os

import pytest

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


def require_redis():
    """A client for TEST_REDIS_URL, or skip the test."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"No Redis at {TEST_REDIS_URL} (set TEST_REDIS_URL)")
    return client
