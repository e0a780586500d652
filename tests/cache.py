"""Redis for the tests that need a real one: TEST_REDIS_URL (our own database number),
skipped with a reason when no Redis answers (and failed in CI, which has one)."""

import os

import pytest

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


def require_redis(url: str = TEST_REDIS_URL):
    """A client for `url` (TEST_REDIS_URL), or skip the test; in CI, fail it."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs Redis at {url}: {error}")
        pytest.skip(f"No Redis at {url} (set TEST_REDIS_URL)")
    return client
