"""Permissions-Policy on every response; the CSRF failure, 400, 403 and 429 pages in
the site's design, each saying what to do and that nothing written was published."""

import pytest
from django.test import Client

from tests.factories import moderator, published_article
from tests.stories.factories import cancer_type, share_post

pytestmark = pytest.mark.django_db

NOTHING_PUBLISHED = "Nothing you wrote has been published or sent"


def in_site_design(html: str) -> bool:
    return '<main id="main"' in html and 'class="site-header"' in html


def test_permissions_policy_denies_powerful_features(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    # Also on pages that are not HTML, and on errors.
    assert "camera=()" in client.get("/robots.txt")["Permissions-Policy"]
    assert "camera=()" in client.get("/no-such-page/")["Permissions-Policy"]


def test_a_form_without_its_security_token_gets_the_csrf_page(db):
    topic = cancer_type()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/stories/share/", share_post(topic))
    assert response.status_code == 403
    html = response.content.decode()
    assert in_site_design(html)
    assert "your form could not be sent" in html and NOTHING_PUBLISHED in html
    assert "reload the page" in html and "accepts cookies" in html
    assert "CSRF" not in html  # no jargon, and not Django's own page


def test_comment_without_token_is_not_saved_and_explained(db):
    from stories.models import Comment

    article = published_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/stories/comments/{article.slug}/",
        {"name": "A", "email": "a@example.org", "body": "Hi", "consent_privacy": "on"},
    )
    assert response.status_code == 403 and NOTHING_PUBLISHED in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_bad_request_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="not-our-site.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert in_site_design(html) and NOTHING_PUBLISHED in html
    assert "not-our-site.example" not in html


def test_a_refused_page_gets_the_403_page(client):
    client.force_login(moderator(username="mod"))
    response = client.get("/admin/eduportal/twofactorreset/add/")
    assert response.status_code == 403
    html = response.content.decode()
    assert in_site_design(html) and NOTHING_PUBLISHED in html
    assert "sign in again" in html


def test_the_rate_limited_page_says_nothing_was_published(client, settings):
    settings.STORIES_RATE_LIMIT = 0
    response = client.post("/stories/share/", share_post(cancer_type()))
    assert response.status_code == 429
    html = response.content.decode()
    assert in_site_design(html) and "nothing you wrote has been published" in html


def test_the_generic_429_page_renders(rf):
    from django.template.loader import render_to_string

    html = render_to_string("429.html", {"limit": 5}, request=rf.get("/"))
    assert in_site_design(html) and NOTHING_PUBLISHED in html and "wait an hour" in html
