"""nginx's micro-cache (deploy/nginx/micro-cache.conf) in front of a real app server:
it keeps every public page, story pages included, and leaves its copies behind the
moment the app's content version moves, because it reads that version from the same
Redis before each lookup. Needs PostgreSQL, Redis and nginx with its Lua module
(`apt-get install nginx libnginx-mod-http-lua lua-nginx-redis`; CI installs them)."""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid

import pytest

from bench import nginx
from tests.cache import require_redis
from tests.factories import published_article
from tests.processes import AppServer, Browser, ServerProcess, require_postgresql
from tests.stories.factories import StoryFactory, cancer_type

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
APP_PORT, NGINX_PORT, SPARE_PORT = (
    int(p) for p in os.environ.get("TEST_NGINX_PORTS", "8136,8137,8138").split(",")
)


class Proxy(ServerProcess):
    """nginx with deploy's micro-cache in front of the app server (bench/nginx.py)."""

    name = "nginx"

    def __init__(self, work, *, port: int, redis_url: str, prefix: str):
        work.mkdir(exist_ok=True)
        conf = nginx.write_config(
            work, listen_port=port, app_port=APP_PORT, redis_url=redis_url, key_prefix=prefix
        )
        super().__init__(port, nginx.command(conf), timeout=15)


@pytest.fixture
def site(tmp_path):
    """One app server (page cache on, following the proxy) and a way to put nginx in
    front of it; the servers' Redis keys carry a prefix of their own."""
    require_postgresql()
    client = require_redis(REDIS_URL)
    if reason := nginx.missing():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs {reason}")
        pytest.skip(reason)
    prefix = f"eduportal-test-{uuid.uuid4().hex[:12]}"
    app = AppServer(
        APP_PORT,
        {
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
            "TASKS_IMMEDIATE": "1",
            "PAGE_CACHE": "1",
            "PAGE_CACHE_PROXY_FOLLOWS_VERSION": "1",
        },
    )
    proxies = []

    def proxy(redis_url: str = REDIS_URL, port: int = NGINX_PORT) -> Proxy:
        proxies.append(Proxy(tmp_path / str(port), port=port, redis_url=redis_url, prefix=prefix))
        return proxies[-1]

    try:
        yield {"proxy": proxy, "redis": client, "prefix": prefix}
    finally:
        for started in proxies:
            started.stop()
        app.stop()
        for key in client.scan_iter(f"{prefix}:*", count=1000):
            client.delete(key)


def test_nginx_keeps_story_pages_and_drops_every_copy_at_once_on_a_withdrawal(site):
    from stories.services import manage_token

    front = site["proxy"]()
    topic = cancer_type()
    article = published_article(title="Living with immunotherapy", topics=[topic])
    story = StoryFactory(cancer_type=topic, display_name="Oluwaseun")
    pages = [story.get_absolute_url(), "/stories/", article.get_absolute_url()]
    visitor = Browser()
    # Until the app has started a content version, nginx passes pages through.
    assert visitor.request(front.url + "/")[1]["X-Proxy-Cache"] == "BYPASS"
    for path in pages:
        first = visitor.request(front.url + path)
        status, headers, html = visitor.request(front.url + path)
        assert (first[1]["X-Proxy-Cache"], headers["X-Proxy-Cache"]) == ("MISS", "HIT"), path
        assert status == 200 and "Oluwaseun" in html, path
        # Only nginx reads how long it may keep the page; CDNs still see s-maxage.
        assert "X-Accel-Expires" not in headers, path
    assert visitor.request(front.url + pages[0])[1]["Cache-Control"].endswith("s-maxage=0")

    # The app keeps the numbers nginx reads as plain integers.
    keys = site["redis"]
    prefix = f"{site['prefix']}:1:pagecache:"
    assert keys.get(prefix + "site").isdigit() and keys.get(prefix + "due-ms").isdigit()

    # The sharer withdraws through nginx: every page nginx serves drops the story at once.
    sharer = Browser()
    manage = f"{front.url}/stories/manage/{manage_token(story)}/"
    _, _, html = sharer.request(manage)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    status, _, _ = sharer.request(
        f"{manage}withdraw/", {"confirm": "on", "csrfmiddlewaretoken": token}
    )
    assert status == 302
    assert visitor.request(front.url + pages[0])[0] == 404
    for path in pages[1:]:
        status, headers, html = visitor.request(front.url + path)
        assert status == 200 and "Oluwaseun" not in html, path
        assert headers["X-Proxy-Cache"] == "MISS", path


def test_a_comment_counter_drops_only_its_page_and_a_due_article_reaches_the_app(site):
    front = site["proxy"]()
    article = published_article(title="Counted page")
    other = "/stories/"
    visitor = Browser()
    visitor.request(front.url + "/")  # the app starts the content version
    for path in (article.get_absolute_url(), other):
        visitor.request(front.url + path)
        assert visitor.request(front.url + path)[1]["X-Proxy-Cache"] == "HIT"
    # What the app does on a comment decision (pagecache.bump_path_version).
    prefix = f"{site['prefix']}:1:pagecache:"
    digest = hashlib.md5(article.get_absolute_url().encode()).hexdigest()
    site["redis"].set(prefix + "path:" + digest, 7)
    assert visitor.request(front.url + article.get_absolute_url())[1]["X-Proxy-Cache"] == "MISS"
    assert visitor.request(front.url + other)[1]["X-Proxy-Cache"] == "HIT"
    # A scheduled article's time has come: nginx asks the app, which moves the version on.
    before = int(site["redis"].get(prefix + "site"))
    site["redis"].set(prefix + "due-ms", int(time.time() * 1000) - 1000)
    status, headers, _ = visitor.request(front.url + other)
    assert status == 200 and headers["X-Proxy-Cache"] == "BYPASS"
    assert int(site["redis"].get(prefix + "site")) > before
    due = int(site["redis"].get(prefix + "due-ms"))
    assert due == 0 or due > time.time() * 1000  # the next one, if any
    assert visitor.request(front.url + other)[1]["X-Proxy-Cache"] == "MISS"


def test_without_redis_nginx_passes_every_page_to_the_app(site):
    front = site["proxy"](redis_url="redis://127.0.0.1:1/0", port=SPARE_PORT)
    visitor = Browser()
    for _ in range(2):
        status, headers, _ = visitor.request(front.url + "/stories/")
        assert status == 200 and headers["X-Proxy-Cache"] == "BYPASS"


def test_signed_in_visitors_always_reach_the_app(site):
    front = site["proxy"]()
    published_article(title="Private view")
    visitor = Browser()
    for _ in range(3):  # the version is started, the page stored
        visitor.request(front.url + "/stories/")
    status, headers, _ = visitor.request(
        front.url + "/stories/", headers={"Cookie": "sessionid=someone"}
    )
    assert status == 200 and headers["X-Proxy-Cache"] == "BYPASS"
    assert headers["X-Cache"] == "bypass" and "private" in headers["Cache-Control"]
