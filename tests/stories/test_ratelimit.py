"""Rate limits: one atomic count-and-check per post, by the address worked out from
TRUSTED_PROXY_COUNT. Twenty concurrent posts against a limit of five let exactly five
through (threads on PostgreSQL, with local memory and with Redis)."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from stories import ratelimit
from stories.models import Comment, Story
from tests.cache import TEST_REDIS_URL, require_redis
from tests.factories import published_article

from .factories import cancer_type, share_post

SHARE = "/stories/share/"


@pytest.mark.django_db
def test_a_refused_form_gives_its_use_back(client, topic, settings):
    settings.STORIES_RATE_LIMIT = 1
    # A mistake is not counted: the sharer fixes it and sends again.
    assert client.post(SHARE, share_post(topic, text="too short")).status_code == 200
    assert client.post(SHARE, share_post(topic)).status_code == 302
    assert client.post(SHARE, share_post(topic)).status_code == 429
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_behind_one_trusted_proxy_visitors_are_counted_apart(client, topic, settings):
    settings.STORIES_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", **proxy}
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.4", **proxy}
    assert client.post(SHARE, share_post(topic), **first).status_code == 302
    assert client.post(SHARE, share_post(topic), **first).status_code == 429
    assert client.post(SHARE, share_post(topic), **second).status_code == 302
    # A forged entry to the left of the proxy's own does not give a fresh allowance.
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.55, 203.0.113.7", **proxy}
    assert client.post(SHARE, share_post(topic), **forged).status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_forwarded_headers_are_ignored(client, topic, settings):
    settings.STORIES_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 0
    assert client.post(SHARE, share_post(topic), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    response = client.post(SHARE, share_post(topic), HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code == 429


def post_concurrently(count: int, url: str, data_for) -> list[int]:
    """`count` browsers post at the same moment, each in its own thread and database
    connection; returns their status codes."""
    barrier = threading.Barrier(count)
    codes: list = [None] * count

    def worker(index):
        client = Client()
        try:
            barrier.wait(timeout=20)
            codes[index] = client.post(url, data_for(index)).status_code
        except Exception as error:  # the outcome is what we assert
            codes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """The rate limits' cache: local memory (one app server) or Redis (several)."""
    if request.param == "locmem":
        yield request.param
        return
    client = require_redis()
    original = settings.CACHES
    prefix = f"eduportal-test-{uuid.uuid4().hex}"
    # Our own keys only: nothing else in that database is touched.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        },
        # As in production: every page's chrome is a cached fragment.
        "fragments": original["fragments"],
    }
    yield request.param
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    settings.CACHES = original


@pytest.mark.parametrize("posts,limit", [(20, 5)])
@pytest.mark.usefixtures("shared_cache")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so posts never really overlap there.",
)
def test_concurrent_story_posts_let_exactly_the_limit_through(settings, posts, limit):
    settings.STORIES_RATE_LIMIT = limit
    topic = cancer_type()
    codes = post_concurrently(posts, SHARE, lambda i: share_post(topic, display_name=f"Sharer {i}"))
    assert codes.count(302) == limit, codes
    assert codes.count(429) == posts - limit, codes
    assert Story.objects.count() == limit


@pytest.mark.usefixtures("shared_cache")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so posts never really overlap there.",
)
def test_concurrent_comments_let_exactly_the_limit_through(settings):
    settings.COMMENTS_RATE_LIMIT = 5
    article = published_article()
    url = f"/stories/comments/{article.slug}/"
    data = {
        "name": "Reader",
        "email": "r@example.org",
        "body": "Thank you.",
        "consent_privacy": "on",
    }
    codes = post_concurrently(20, url, lambda i: data)
    assert codes.count(302) == 5, codes
    assert Comment.objects.count() == 5


def test_reservations_count_atomically_and_give_back(rf, settings):
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    taken = [ratelimit.reserve("unit", request, 2) for _ in range(3)]
    assert [r.allowed for r in taken] == [True, True, False]
    taken[0].release()
    taken[0].release()  # twice is still once
    assert ratelimit.reserve("unit", request, 2).allowed
    assert not ratelimit.reserve("unit", request, 2).allowed


def test_without_any_peer_address_the_client_is_unknown_not_an_error(rf, settings):
    from eduportal.clientip import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="")
    assert client_ip(request) is None
    assert ratelimit.reserve("unit", request, 1).allowed
    settings.TRUSTED_PROXY_COUNT = 1
    assert (
        client_ip(rf.get("/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.9")) == "203.0.113.9"
    )
    assert (
        client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="bogus")) == "10.0.0.1"
    )
