"""Several app servers: two gunicorn processes on one PostgreSQL database and one Redis.
What one server changes, the other shows on its next response; a withdrawal purges the
other's cache; a rate limit counts across both; a session made on one is valid on the
other. Needs PostgreSQL and Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379/3);
the servers' keys carry a prefix of their own, removed afterwards."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from tests.cache import require_redis
from tests.factories import UserFactory, published_article
from tests.processes import AppServer, Browser, require_postgresql
from tests.stories.factories import StoryFactory, cancer_type

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
PORTS = [int(p) for p in os.environ.get("TEST_SERVER_PORTS", "8134,8135").split(",")]


@pytest.fixture
def servers():
    require_postgresql()
    client = require_redis(REDIS_URL)
    prefix = f"eduportal-test-{uuid.uuid4().hex[:12]}"
    env = {
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "TASKS_IMMEDIATE": "1",
        "COMMENTS_RATE_LIMIT": "2",
        "PAGE_CACHE": "1",
    }
    started = []
    try:
        for port in PORTS:
            started.append(AppServer(port, env))
        yield started
    finally:
        for server in started:
            server.stop()
        for key in client.scan_iter(f"{prefix}:*", count=1000):
            client.delete(key)


def token_from(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def sign_in(browser: Browser, server: AppServer, username: str) -> None:
    """Both steps of a staff sign-in: password, then the authenticator's code."""
    from django.contrib.auth import get_user_model

    from tests.staff import enrol_authenticator, totp_code

    device = enrol_authenticator(get_user_model().objects.get(username=username))
    _, _, html = browser.request(f"{server.url}/admin/login/")
    status, _, _ = browser.request(
        f"{server.url}/admin/login/",
        {
            "username": username,
            "password": "password",
            "csrfmiddlewaretoken": token_from(html),
            "next": "/admin/",
        },
    )
    assert status == 302, "password accepted"
    _, _, html = browser.request(f"{server.url}/admin/two-factor/")
    status, _, _ = browser.request(
        f"{server.url}/admin/two-factor/",
        {"token": totp_code(device), "csrfmiddlewaretoken": token_from(html)},
    )
    assert status == 302, "signed in"


def test_two_app_servers_share_sessions_changes_caches_and_limits(servers):
    from django.apps import apps

    from eduportal.roles import sync_roles

    sync_roles(apps, None)  # an earlier transactional test may have flushed the groups
    one, two = servers
    topic = cancer_type()
    article = published_article(title="Caring for your skin", topics=[topic])
    story = StoryFactory(cancer_type=topic, display_name="Oluwaseun", moderation_status="pending")
    moderator = UserFactory(username="mod", role="Moderators")
    assert moderator.has_perm("stories.moderate_story")

    visitor = Browser()
    for _ in range(2):
        status, headers, html = visitor.request(f"{two.url}/stories/")
    assert status == 200 and headers.get("X-Cache") == "hit" and "Oluwaseun" not in html

    # A session made on one server is valid on the other.
    staff = Browser()
    sign_in(staff, one, "mod")
    status, _, _ = staff.request(f"{two.url}/admin/")
    assert status == 200, "the session from server one opens the admin on server two"

    # An approval through one server shows on the other's next response.
    _, _, changelist = staff.request(f"{one.url}/admin/stories/story/")
    status, _, _ = staff.request(
        f"{one.url}/admin/stories/story/",
        {
            "action": "approve_selected",
            "_selected_action": [story.pk],
            "index": 0,
            "csrfmiddlewaretoken": token_from(changelist),
        },
    )
    assert status == 302
    _, _, html = visitor.request(f"{two.url}/stories/")
    assert "Oluwaseun" in html
    story_url = f"{two.url}/stories/{story.slug}/"
    for _ in range(2):
        status, headers, html = visitor.request(story_url)
    assert status == 200 and headers.get("X-Cache") == "hit" and "Oluwaseun" in html

    # The sharer withdraws through server one: server two stops showing it at once.
    from stories.services import manage_token

    sharer = Browser()
    manage = f"{one.url}/stories/manage/{manage_token(story)}/"
    _, _, html = sharer.request(manage)
    status, _, _ = sharer.request(
        f"{manage}withdraw/", {"confirm": "on", "csrfmiddlewaretoken": token_from(html)}
    )
    assert status == 302
    assert visitor.request(story_url)[0] == 404
    assert "Oluwaseun" not in visitor.request(f"{two.url}/stories/")[2]

    # The comment rate limit (2 an hour here) counts across both servers.
    commenter = Browser()
    statuses = []
    for server in (one, two, one):
        status, _, _ = commenter.request(
            f"{server.url}/stories/comments/{article.slug}/",
            {
                "name": "Reader",
                "email": "reader@example.org",
                "body": "Thank you for this page.",
                "consent_privacy": "on",
            },
            headers={"Origin": server.url},
        )
        statuses.append(status)
    assert statuses == [302, 302, 429]
