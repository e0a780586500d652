"""The public-page cache: what is cached, for whom, and that every change that the public
could see drops it at once (eduportal/pagecache.py)."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Topic
from eduportal import pagecache
from stories import services as story_services
from stories.models import Comment, Story
from tests.factories import ArticleFactory, TopicFactory, approve, moderator, published_article
from tests.images import upload
from tests.stories.factories import CommentFactory, StoryFactory, cancer_type

pytestmark = pytest.mark.django_db


def clean_photo():
    from eduportal.images import clean_uploaded_image

    return clean_uploaded_image(upload()).content


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and its after-commit callbacks (the invalidation), as in production."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def topic(db):
    return cancer_type()


@pytest.fixture
def article(topic):
    return published_article(title="Living with immunotherapy", topics=[topic])


def get(path, client=None, **headers):
    return (client or Client()).get(path, headers=headers)


def test_a_second_anonymous_visit_is_served_from_the_cache(article):
    first = get(article.get_absolute_url())
    second = get(article.get_absolute_url())
    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "s-maxage=5" in second["Cache-Control"]
    # The headers every page carries are on cached pages too.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_hit_is_answered_before_the_session_and_auth_middleware_run(article, monkeypatch):
    """The cheap path that makes cached pages fast: a hit never reaches the session,
    language, CSRF, auth or message middleware, yet carries every header they and the
    security middleware give a fresh page."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.csrf import CsrfViewMiddleware

    reached = []
    for middleware in (SessionMiddleware, CsrfViewMiddleware):
        original = middleware.process_request

        def spy(self, request, original=original, name=middleware.__name__):
            reached.append(name)
            return original(self, request)

        monkeypatch.setattr(middleware, "process_request", spy)
    first = get(article.get_absolute_url())
    assert first["X-Cache"] == "miss" and reached == ["SessionMiddleware", "CsrfViewMiddleware"]
    reached.clear()
    second = get(article.get_absolute_url())
    assert second["X-Cache"] == "hit" and reached == []
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
        "Content-Language",
    ):
        assert second.get(header) == first.get(header) and first.get(header), header


def test_a_cached_page_answers_304_by_etag_and_by_last_modified(article):
    first = get(article.get_absolute_url())
    by_etag = get(article.get_absolute_url(), If_None_Match=first["ETag"])
    by_date = get(article.get_absolute_url(), If_Modified_Since=first["Last-Modified"])
    assert by_etag.status_code == 304 and by_date.status_code == 304
    assert by_etag.content == b""


def test_304_also_with_the_full_page_cache_off(settings, article):
    settings.PAGE_CACHE_ENABLED = False
    first = get(article.get_absolute_url())
    assert first.status_code == 200 and "X-Cache" not in first
    assert get(article.get_absolute_url(), If_None_Match=first["ETag"]).status_code == 304


def test_html_is_compressed_for_browsers_that_accept_gzip(article):
    for _ in range(2):  # a miss, then a hit
        response = get(article.get_absolute_url(), Accept_Encoding="gzip, br")
        assert response["Content-Encoding"] == "gzip"
        assert b"Living with immunotherapy" in gzip.decompress(response.content)


def test_cached_pages_carry_no_csrf_token_or_cookie(article):
    response = get(article.get_absolute_url())
    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def comment_form(html: str) -> dict:
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*comment-form.*?</form>', html, re.S)
    assert form, "the article page has a comment form"
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[0]))
    return {"action": form[1], "hidden": hidden}


def comment_post(hidden: dict, **extra) -> dict:
    return {
        **hidden,
        "name": "Second visitor",
        "email": "second@example.org",
        "body": "Thank you, this helped me before my first treatment.",
        "consent_privacy": "on",
        **extra,
    }


def test_a_second_visitor_can_comment_from_the_cached_article_page(article):
    Client().get(article.get_absolute_url())  # the first visitor fills the cache
    second = Client(enforce_csrf_checks=True)
    page = second.get(article.get_absolute_url())
    assert page["X-Cache"] == "hit"
    form = comment_form(page.content.decode())
    response = second.post(
        form["action"], comment_post(form["hidden"]), headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Comment.objects.get().name == "Second visitor"


def test_a_browser_sending_only_sec_fetch_site_may_comment(article):
    form = comment_form(get(article.get_absolute_url()).content.decode())
    response = Client(enforce_csrf_checks=True).post(
        form["action"], comment_post(form["hidden"]), headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 302 and Comment.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}, {}],
)
def test_a_cross_site_or_unproven_comment_is_refused_but_the_text_is_kept(article, headers):
    form = comment_form(get(article.get_absolute_url()).content.decode())
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(form["action"], comment_post(form["hidden"]), headers=headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert "could not accept this form" in html
    assert "Thank you, this helped me before my first treatment." in html
    assert Comment.objects.count() == 0
    if not headers:
        # The page shown again carries a token of this visitor's own: sending it works.
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        again = browser.post(
            form["action"], comment_post(form["hidden"], csrfmiddlewaretoken=token)
        )
        assert again.status_code == 302 and Comment.objects.count() == 1


def test_feedback_from_the_cached_page_is_origin_checked(article):
    url = reverse("articles:feedback", kwargs={"slug": article.slug})
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(url, {"kind": "helpful"}, headers={"Origin": "https://evil.example"})
    accepted = browser.post(url, {"kind": "helpful"}, headers={"Origin": "http://testserver"})
    assert refused.status_code == 403 and accepted.status_code == 302
    assert article.feedback.count() == 1


def test_logged_in_staff_neither_get_nor_fill_the_cache(article, editor):
    get(article.get_absolute_url())
    staff = Client()
    staff.force_login(editor)
    as_staff = staff.get(article.get_absolute_url())
    assert as_staff["X-Cache"] == "bypass" and "private" in as_staff["Cache-Control"]
    # Staff pages are never stored: after a change only staff saw, anonymous visitors
    # get a fresh page, not one a staff member rendered.
    pagecache.bump_site_version()
    staff.get(article.get_absolute_url())
    assert get(article.get_absolute_url())["X-Cache"] == "miss"


def test_pages_that_set_cookies_or_are_private_are_never_stored():
    for path in (reverse("stories:share"), "/healthz", "/admin/login/"):
        get(path)
        again = get(path)
        assert again.get("X-Cache") != "hit", path
        assert "public" not in again.get("Cache-Control", ""), path


def test_approving_a_new_revision_shows_at_once(article, commit):
    assert b"Living with immunotherapy" in get(article.get_absolute_url()).content
    article.title = "Living well with immunotherapy"
    article.save()
    revision = article_services.record_revision(article=article, by=None)
    assert b"Living well" not in get(article.get_absolute_url()).content  # not approved yet
    commit(article_services.make_revision_live, article=article, revision=revision)
    for path in (article.get_absolute_url(), "/", reverse("articles:list")):
        assert b"Living well with immunotherapy" in get(path).content, path


def test_publishing_and_archiving_show_at_once_on_every_list(topic, commit):
    draft = approve(ArticleFactory(title="Brand new article", topics=[topic]))
    pages = ["/", reverse("articles:list"), f"{reverse('articles:list')}?topic={topic.slug}"]
    for path in pages:
        assert b"Brand new article" not in get(path).content
    commit(article_services.publish_article, article=draft, by=None)
    for path in [*pages, draft.get_absolute_url()]:
        assert b"Brand new article" in get(path).content, path
    commit(article_services.archive_article, article=draft, by=None)
    for path in pages:
        assert b"Brand new article" not in get(path).content, path
    assert get(draft.get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_when_its_time_comes_without_any_edit(topic, commit):
    when = timezone.now() + timedelta(minutes=30)
    scheduled = approve(ArticleFactory(title="Scheduled for later", topics=[topic]))
    commit(article_services.publish_article, article=scheduled, by=None, when=when)
    assert b"Scheduled for later" not in get("/").content
    assert get("/").get("X-Cache", "hit") == "hit"
    with time_machine.travel(when + timedelta(seconds=1)):
        assert b"Scheduled for later" in get("/").content
        assert get(scheduled.get_absolute_url()).status_code == 200


def test_a_withdrawn_story_vanishes_from_every_cached_page_photo_included(topic, article, commit):
    story = StoryFactory(
        cancer_type=topic, display_name="Priya", photo=clean_photo(), photo_alt="Priya smiling"
    )
    story.refresh_from_db()
    photo_files = [story.photo.path]
    pages = [story.get_absolute_url(), reverse("stories:list"), article.get_absolute_url()]
    for path in pages:
        assert b"Priya" in get(path).content, path
        assert get(path).get("X-Cache", "hit") == "hit"
    commit(story_services.withdraw_story, story=story)
    assert get(pages[0]).status_code == 404
    for path in pages[1:]:
        assert b"Priya" not in get(path).content, path
    import os

    assert not any(os.path.exists(path) for path in photo_files)


def test_story_pages_are_kept_out_of_shared_caches_so_a_withdrawal_is_at_once(
    topic, article, commit
):
    """nginx's micro-cache keeps a page as long as s-maxage says and cannot be purged:
    a story's own page and the story list say 0, so only the app's cache (purged
    exactly) holds them. Other pages, which show a story's card at most, keep the
    PAGE_CACHE_PROXY_SECONDS micro-cache (see the README's Caching section)."""
    story = StoryFactory(cancer_type=topic, display_name="Priya")
    story_pages = [story.get_absolute_url(), reverse("stories:list")]
    for path in story_pages:
        miss, hit = get(path), get(path)
        assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit"), path
        for response in (miss, hit):
            assert response["Cache-Control"] == "public, max-age=0, s-maxage=0", path
            assert response.has_header("ETag")
    assert get(reverse("stories:list") + "?page=1")["Cache-Control"].endswith("s-maxage=0")
    assert get(article.get_absolute_url())["Cache-Control"].endswith("s-maxage=5")
    assert get("/")["Cache-Control"].endswith("s-maxage=5")


def test_a_proxy_that_follows_the_version_may_keep_story_pages_too(topic, article, settings):
    """deploy/nginx's micro-cache keys its copies by the content version, so the app lets
    it keep every public page (X-Accel-Expires, which nginx reads before Cache-Control
    and removes); CDNs still read s-maxage=0 on story pages. Private pages never say so."""
    story = StoryFactory(cancer_type=topic)
    paths = [story.get_absolute_url(), reverse("stories:list"), article.get_absolute_url()]
    for path in paths:
        assert not get(path).has_header("X-Accel-Expires"), path
    settings.PAGE_CACHE_PROXY_FOLLOWS_VERSION = True  # no new version: pages of its own
    for path in paths:
        for response in (get(path), get(path)):  # a miss, then a hit
            names = [name.lower() for name, _ in response.items()]
            assert response["X-Accel-Expires"] == "5", path
            assert names.index("x-accel-expires") < names.index("cache-control"), path
    assert get(paths[0])["Cache-Control"].endswith("s-maxage=0")
    for path in (reverse("stories:share"), "/admin/login/"):
        assert not get(path).has_header("X-Accel-Expires"), path


def test_story_pages_stay_out_of_shared_caches_with_the_page_cache_off(topic, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = StoryFactory(cancer_type=topic)
    assert get(story.get_absolute_url())["Cache-Control"].endswith("s-maxage=0")


def test_the_micro_cache_honours_the_apps_cache_control():
    """s-maxage=0 keeps a page out of nginx only while nginx reads Cache-Control."""
    from tests.processes import ROOT

    conf = (ROOT / "deploy" / "nginx" / "micro-cache.conf").read_text()
    directives = [line.split("#", 1)[0] for line in conf.splitlines()]
    assert not any("proxy_ignore_headers" in line for line in directives)
    assert not any("proxy_cache_valid" in line for line in directives)


@pytest.mark.parametrize("decision", ["reject", "edit"])
def test_a_story_leaving_the_site_drops_the_cached_pages(topic, commit, decision):
    mod = moderator(username="mod")
    story = StoryFactory(cancer_type=topic, display_name="Tomasz")
    assert b"Tomasz" in get(reverse("stories:list")).content
    if decision == "reject":
        commit(story_services.reject_story, story=story, moderator=mod, reason="Off topic")
    else:
        data = story_services.StoryData(
            display_name="Tomasz",
            email="t@example.org",
            short_line="New line",
            text=story.text,
            cancer_type=topic,
            status=Story.Status.CANCER_FREE,
            consent_publish=True,
            consent_privacy=True,
        )
        commit(story_services.edit_story, story=story, data=data)
    assert b"Tomasz" not in get(reverse("stories:list")).content


def test_approving_a_story_shows_it(topic, commit):
    story = StoryFactory(
        cancer_type=topic, display_name="Amara", moderation_status=Story.Moderation.PENDING
    )
    assert b"Amara" not in get(reverse("stories:list")).content
    commit(story_services.approve_story, story=story, moderator=moderator(username="mod"))
    assert b"Amara" in get(reverse("stories:list")).content


def test_a_comment_decision_drops_only_its_article_page(article, commit):
    other = published_article(title="Another article")
    comment = CommentFactory(article=article, status=Comment.Status.PENDING, body="Lovely page")
    get(article.get_absolute_url())
    get(other.get_absolute_url())
    get("/")
    commit(story_services.approve_comment, comment=comment, moderator=moderator(username="m"))
    assert b"Lovely page" in get(article.get_absolute_url()).content
    # Comments show on their own article only: the rest stays cached.
    assert get(other.get_absolute_url()).get("X-Cache", "hit") == "hit"
    assert get("/").get("X-Cache", "hit") == "hit"
    commit(story_services.reject_comment, comment=comment, moderator=moderator(username="m"))
    assert b"Lovely page" not in get(article.get_absolute_url()).content


def admin_client(user=None):
    user = user or get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_a_topic_edit_in_the_admin_shows_at_once(
    article, topic, django_capture_on_commit_callbacks
):
    assert b"Breast cancer" in get(article.get_absolute_url()).content
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client().post(
            reverse("admin:articles_topic_change", args=[topic.pk]),
            {"name": "Breast cancers", "slug": topic.slug, "kind": topic.kind, "position": 0},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert b"Breast cancers" in get(article.get_absolute_url()).content


def test_an_author_edit_in_the_admin_shows_at_once(article, django_capture_on_commit_callbacks):
    author = article.author
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client().post(
            reverse("admin:articles_author_change", args=[author.pk]),
            {"name": "Renamed Writer", "slug": author.slug, "role": author.role},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert b"Renamed Writer" in get(article.get_absolute_url()).content


def test_every_admin_for_public_content_invalidates():
    from django.contrib import admin
    from django.contrib.flatpages.models import FlatPage
    from taggit.models import Tag

    from articles.models import Author
    from eduportal.admin import PublicContentAdminMixin
    from reviews.models import ClinicalInterest, Position, Specialist, Specialty

    public = [Article, Topic, Author, Story, Comment, Specialist, Specialty, ClinicalInterest]
    public += [Tag, FlatPage]
    for model in public:
        assert isinstance(admin.site._registry[model], PublicContentAdminMixin), model
    # Positions are edited inline on the specialist, whose admin invalidates.
    assert Position not in admin.site._registry


def test_a_specialist_verification_shows_at_once(article, commit):
    from reviews import identity
    from tests.reviews.factories import SpecialistFactory, credentials_officer

    specialist = SpecialistFactory(full_name="Ines Verified", author=article.author)
    get(article.get_absolute_url())
    commit(
        identity.record_credential_check,
        specialist=specialist,
        by=credentials_officer(),
        registration_expires=timezone.localdate() + timedelta(days=300),
        evidence="Read the register today.",
    )
    html = get(article.get_absolute_url())
    assert html["X-Cache"] == "miss"
    assert "Ines Verified" in html.content.decode()  # the checked clinician author


def test_voiding_a_check_drops_cached_pages_at_once(article, commit):
    from reviews import identity
    from tests.reviews.factories import SpecialistFactory, credentials_officer, record_check

    specialist = SpecialistFactory(full_name="Ines Verified", author=article.author)
    officer = credentials_officer()
    check = record_check(specialist, by=officer)
    assert get(specialist.get_absolute_url()).status_code == 200
    assert get(specialist.get_absolute_url())["X-Cache"] == "hit"
    commit(identity.void_credential_check, check=check, by=officer, reason="Suspended.")
    assert get(specialist.get_absolute_url()).status_code == 404


def test_the_version_survives_a_cache_flush_without_reusing_old_keys(article):
    get("/")
    before = pagecache.current_version().site
    from django.core.cache import cache

    cache.clear()
    assert pagecache.current_version().site > before
    assert get("/")["X-Cache"] == "miss"


def test_a_new_topic_filter_page_and_tag_page_are_cached_separately(article):
    TopicFactory(slug="side-effects", name="Side effects")
    article.tags.add("fatigue")
    tag_page = reverse("articles:tag", kwargs={"tag_slug": "fatigue"})
    assert get(tag_page)["X-Cache"] == "miss" and get(tag_page)["X-Cache"] == "hit"
    assert get(f"{tag_page}?page=1")["X-Cache"] == "miss"
