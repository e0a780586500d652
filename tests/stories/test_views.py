import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from stories import services
from stories.models import Comment, Story
from tests.factories import published_article
from tests.images import upload
from tests.reviews.factories import verified_specialist

from .factories import CommentFactory, StoryFactory, cancer_type, share_post

pytestmark = pytest.mark.django_db

SHARE = "/stories/share/"
HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "{{ request.META }}",
    "{% debug %}",
    "\"'><svg onload=alert(1)>",
]
# Also what only arrives through forms (PostgreSQL cannot store NUL characters).
HOSTILE_INPUT = [*HOSTILE, "nul\x00byte"]
# What would show that a hostile string was executed or evaluated instead of shown.
DANGEROUS = ["<script>alert", "<img src=x", "<svg onload", 'href="javascript:', "wsgi.", "HTTP_"]


def media_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def manage_url(story) -> str:
    return reverse("stories:manage", kwargs={"token": services.manage_token(story)})


# Sharing


def test_share_form_sends_story_emails_and_shows_what_happens_next(
    client, topic, mod, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SHARE, share_post(topic), follow=True)
    assert response.redirect_chain[-1][0] == reverse("stories:thanks")
    html = response.content.decode()
    assert "Here is what happens next" in html
    assert "You do not have to face this alone" not in html
    story = Story.objects.get()
    assert story.moderation_status == Story.Moderation.PENDING
    assert story.country.code == "ES" and story.cancer_type == topic
    sharer_mail = mail.outbox[0]
    link = re.search(r"https?://\S+/stories/manage/\S+/", sharer_mail.body).group(0)
    assert link.startswith(f"{settings.SITE_URL}/stories/manage/")
    page = client.get(link.replace(settings.SITE_URL, ""))
    assert "Waiting for a moderator" in page.content.decode()
    assert mail.outbox[1].to == ["mod@example.org"]


def test_a_mail_failure_after_saving_neither_errors_nor_stops_the_other_email(
    client, topic, mod, settings, caplog, django_capture_on_commit_callbacks
):
    from tests.mail import BACKEND

    settings.EMAIL_BACKEND = BACKEND
    post = share_post(topic, email="maria@unreachable.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SHARE, post)
    assert response.status_code == 302 and response["Location"] == reverse("stories:thanks")
    assert Story.objects.get().email == "maria@unreachable.example"
    # The sharer's email failed and was logged; the moderators still heard of it.
    assert [message.to for message in mail.outbox] == [["mod@example.org"]]
    # The email job failed (and was retried up to its limit); the saved row stays.
    assert "email given up" in caplog.text


def test_crisis_story_shows_support_at_once(client, topic):
    text = share_post(topic)["text"] + " Some nights I thought about ending my life."
    response = client.post(SHARE, share_post(topic, text=text), follow=True)
    html = response.content.decode()
    assert "You do not have to face this alone" in html
    assert "116 123" in html
    assert Story.objects.get().flagged_crisis


def test_share_form_errors_shown_next_to_fields(client, topic):
    response = client.post(SHARE, share_post(topic, text="Short", email="nope"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="story-text_error"' in html
    assert re.search(r'<textarea[^>]*aria-describedby="story-text_helptext story-text_error"', html)
    assert 'aria-invalid="true"' in html
    assert "There is a problem" in html
    assert Story.objects.count() == 0


def test_share_photo_error_shown_next_to_photo(client, topic):
    response = client.post(
        SHARE,
        {**share_post(topic, photo_alt="Me"), "photo": upload("x.jpg", b"not an image")},
    )
    assert 'id="story-photo_error"' in response.content.decode()
    assert "could not read this file as an image" in response.content.decode()
    assert Story.objects.count() == 0


def test_share_rate_limited_with_kind_429(client, topic, settings):
    settings.STORIES_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(SHARE, share_post(topic)).status_code == 302
    response = client.post(SHARE, share_post(topic))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please try again a little later" in html
    # The person learns that this story was not received, and how to keep their text.
    assert "has <strong>not</strong> been sent" in html and "Back button" in html
    assert Story.objects.count() == 2
    # Another address is not affected.
    assert client.post(SHARE, share_post(topic), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_rate_limit_is_kept_in_the_shared_cache(client, topic, settings):
    from django.core.cache import cache

    settings.STORIES_RATE_LIMIT = 1
    client.post(SHARE, share_post(topic))
    keys = [key for key in cache._cache if "stories:rate:share" in key]
    assert len(keys) == 1 and "127.0.0.1" not in keys[0]


def test_honeypot_refuses_and_saves_nothing(client, topic):
    response = client.post(SHARE, share_post(topic, website="http://spam.example"))
    assert response.status_code == 400
    assert "spam check" in response.content.decode()
    assert Story.objects.count() == 0


def test_csrf_is_required(topic):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(SHARE, share_post(topic))
    assert response.status_code == 403
    assert Story.objects.count() == 0


def test_oversized_request_gets_a_kind_page_not_a_500(client, topic, settings):
    response = client.post(
        SHARE, share_post(topic, text="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    )
    assert response.status_code == 413
    assert "too large to send" in response.content.decode()
    response = client.generic(
        "POST", SHARE, b"x", content_type="text/plain", CONTENT_LENGTH=str(50 * 1024 * 1024)
    )
    assert response.status_code == 413


@pytest.mark.parametrize("hostile", HOSTILE_INPUT)
def test_hostile_input_in_every_share_field_never_500(client, topic, hostile):
    fields = ["display_name", "age", "country", "status", "status_year", "cancer_type",
              "short_line", "email", "photo_alt", "content_notes", "consent_publish"]  # fmt: skip
    for field in fields:
        response = client.post(SHARE, share_post(topic, **{field: hostile}))
        assert response.status_code in {200, 302}, field
        html = response.content.decode()
        for bad in DANGEROUS:
            assert bad not in html, (field, bad)


def test_hostile_story_shows_as_text_everywhere(client, topic, mod):
    hostile = " ".join(HOSTILE)
    story = StoryFactory(
        display_name=HOSTILE[0],
        short_line=HOSTILE[1] + HOSTILE[3],
        text=(hostile + " ") * 4,
    )
    for url in [reverse("stories:list"), story.get_absolute_url()]:
        html = client.get(url).content.decode()
        for bad in DANGEROUS:
            assert bad not in html, (url, bad)
        assert "&lt;script&gt;" in html
        assert "{{ request.META }}" in html  # shown, not evaluated


# Listing and reading


def test_story_list_shows_cards_with_24_per_page_in_at_most_6_queries(
    client, django_assert_max_num_queries
):
    from eduportal.images import clean_uploaded_image

    for index in range(30):
        StoryFactory(
            cancer_type=cancer_type(f"type-{index % 3}", f"Type {index % 3}"),
            country=["GB", "ES", "NG"][index % 3],
        )
    photo_story = StoryFactory(display_name="Photo", photo_alt="A smile", country="ES")
    photo_story.photo = clean_uploaded_image(upload()).content
    photo_story.save()
    StoryFactory(moderation_status=Story.Moderation.PENDING, display_name="Hidden")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("stories:list"))
    html = response.content.decode()
    assert html.count('class="card story-card"') == 24
    assert "Hidden" not in html
    assert "Your story could inspire others — share yours" in html
    assert "<picture>" in html and 'class="story-avatar"' in html
    assert "Cancer-free since 2021" in html and "Spain" in html
    with django_assert_max_num_queries(6):
        page_two = client.get(reverse("stories:list") + "?page=2")
    assert page_two.content.decode().count('class="card story-card"') == 7


def test_story_list_filters(client):
    gb = StoryFactory(country="GB", status="in_treatment", display_name="Alpha")
    es = StoryFactory(
        country="ES",
        status="caregiver",
        display_name="Bravo",
        cancer_type=cancer_type("lung", "Lung cancer"),
    )
    html = client.get(reverse("stories:list") + "?country=GB").content.decode()
    assert gb.shown_name in html and es.shown_name not in html
    html = client.get(reverse("stories:list") + "?status=caregiver").content.decode()
    assert es.shown_name in html and gb.shown_name not in html
    html = client.get(reverse("stories:list") + "?cancer_type=lung").content.decode()
    assert es.shown_name in html and gb.shown_name not in html
    response = client.get(reverse("stories:list") + "?country=<x>&status=';--&cancer_type=%00")
    assert response.status_code == 200


def test_story_detail_shows_content_notes_before_text_and_related_articles(client, topic):
    article = published_article(topics=[topic], title="Breast cancer basics")
    story = StoryFactory(content_notes=["recurrence", "loss"])
    html = client.get(story.get_absolute_url()).content.decode()
    notes = html.index("This story talks about: Cancer coming back (recurrence), Loss")
    assert notes < html.index("When I was diagnosed")
    assert "Shared <time" in html
    assert article.approved_revision.title in html
    assert story.email not in html


def test_story_page_query_count_does_not_grow_with_related_articles(
    client, topic, django_assert_max_num_queries
):
    story = StoryFactory()
    for index in range(5):
        published_article(topics=[topic], title=f"Related {index}")
    # The story, the support box's helplines, related articles and their topics.
    with django_assert_max_num_queries(5):
        html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("Related ") == 3


@pytest.mark.parametrize("status", ["pending", "rejected", "withdrawn"])
def test_unapproved_stories_are_404(client, status):
    story = StoryFactory(moderation_status=status)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_emails_never_appear_on_public_pages(client, article):
    story = StoryFactory(email="secret-sharer@example.org")
    CommentFactory(article=article, email="secret-reader@example.org")
    for url in [reverse("stories:list"), story.get_absolute_url(), article.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "secret-" not in html


# The private link


def test_tampered_link_is_refused(client):
    story = StoryFactory()
    url = manage_url(story)
    assert client.get(url).status_code == 200
    response = client.get(url[:-3] + "zz/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.post(url[:-3] + "zz/withdraw/", {"confirm": "on"}).status_code == 404
    assert Story.objects.get().moderation_status == Story.Moderation.APPROVED


def test_private_page_is_not_cached_or_leaked(client):
    response = client.get(manage_url(StoryFactory()))
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_sharer_edits_story_back_to_moderation(client, topic):
    story = StoryFactory()
    url = manage_url(story)
    response = client.post(
        url + "edit/", share_post(topic, short_line="Stronger every week."), follow=True
    )
    assert "A moderator will read your story again" in response.content.decode()
    story.refresh_from_db()
    assert story.short_line == "Stronger every week."
    assert story.moderation_status == Story.Moderation.PENDING
    assert client.get(story.get_absolute_url()).status_code == 404


def test_sharer_edit_mentioning_a_crisis_shows_support_at_once(client, topic):
    story = StoryFactory()
    url = manage_url(story)
    calm = client.post(url + "edit/", share_post(topic), follow=True)
    assert "You do not have to face this alone" not in calm.content.decode()
    text = share_post(topic)["text"] + " Some nights I thought about ending my life."
    response = client.post(url + "edit/", share_post(topic, text=text), follow=True)
    html = response.content.decode()
    assert "You do not have to face this alone" in html and "116 123" in html
    story.refresh_from_db()
    assert story.flagged_crisis
    # Shown once, right after the edit, not on every later visit.
    assert "You do not have to face this alone" not in client.get(url).content.decode()


def test_sharer_edit_errors_are_shown(client, topic):
    url = manage_url(StoryFactory())
    response = client.post(url + "edit/", share_post(topic, text="short"))
    assert response.status_code == 200
    assert 'id="story-text_error"' in response.content.decode()


def test_withdraw_removes_story_and_files_in_the_same_request(client, topic, media_root):
    response = client.post(
        SHARE, {**share_post(topic, photo_alt="Me"), "photo": upload()}, follow=True
    )
    story = Story.objects.get()
    assert len(media_files(media_root)) > 2
    url = manage_url(story)
    # The box must be ticked.
    response = client.post(url + "withdraw/", {})
    assert "Please tick the box to confirm" in response.content.decode()
    response = client.post(url + "withdraw/", {"confirm": "on"}, follow=True)
    assert "Your story has been withdrawn" in response.content.decode()
    story.refresh_from_db()
    assert story.is_withdrawn and story.text == "" and story.email == ""
    assert media_files(media_root) == []
    assert client.post(url + "edit/", share_post(topic)).status_code == 409


# Comments


def comment_post(**overrides):
    data = {
        "name": "Priya",
        "email": "priya@example.org",
        "body": "Thank you for this.",
        "consent_privacy": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def comment_url(article) -> str:
    return reverse("stories:comment", kwargs={"slug": article.slug})


def test_article_page_shows_thread_with_staff_role_and_form(client, article):
    parent = CommentFactory(article=article, body="Visit https://example.org/help today")
    CommentFactory(article=article, parent=parent, body="Thanks!", name="Ann")
    clinician = verified_specialist(full_name="Adaeze Okafor", slug="adaeze-okafor")
    services.reply_as_staff(parent=parent, author=clinician.user, body="Ask your team.")
    CommentFactory(article=article, status=Comment.Status.PENDING, body="Not yet shown")
    html = client.get(article.get_absolute_url()).content.decode()
    title = article.approved_revision.title
    assert f"3 thoughts on “{title}”" in html
    assert "Not yet shown" not in html
    assert (
        '<a class="comment-author" href="/specialists/adaeze-okafor/">Dr Adaeze Okafor, MD, '
        'PhD</a> <span class="role-badge">Specialist</span>'
    ) in html
    assert '<a href="https://example.org/help" rel="nofollow ugc">' in html
    assert "Leave a comment" in html and comment_url(article) in html


def test_article_with_200_comments_adds_at_most_2_queries(client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parents = [CommentFactory(article=article) for _ in range(100)]
    for parent in parents:
        CommentFactory(article=article, parent=parent)
    StoryFactory()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert "200 thoughts on" in response.content.decode()
    comment_queries = [q for q in queries if "stories_comment" in q["sql"]]
    assert len(comment_queries) <= 2
    # The article page's whole budget (tests/eduportal/test_query_budget.py): 13.
    assert len(queries) <= 13, [q["sql"][:80] for q in queries]


def test_article_page_queries_do_not_grow_with_comments(client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CommentFactory(article=article)
    # The first request also reads what is then cached (content types, content version).
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(article.get_absolute_url())
    for _ in range(50):
        CommentFactory(article=article)
    with CaptureQueriesContext(connection) as many:
        client.get(article.get_absolute_url())
    assert len(many) == len(few)


def test_comment_post_held_then_confirmation(client, article):
    response = client.post(comment_url(article), comment_post(), follow=True)
    assert "A moderator reads every comment" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.article == article
    assert "Thank you for this." not in client.get(article.get_absolute_url()).content.decode()


def test_comment_reply_via_form(client, article):
    parent = CommentFactory(article=article)
    client.post(comment_url(article), comment_post(parent=str(parent.pk)))
    assert Comment.objects.get(name="Priya").parent == parent
    reply = Comment.objects.get(name="Priya")
    response = client.post(comment_url(article), comment_post(parent=str(reply.pk)))
    assert response.status_code == 400
    assert "not to a reply" in response.content.decode()


def test_crisis_comment_shows_support(client, article):
    response = client.post(
        comment_url(article), comment_post(body="I want to kill myself."), follow=True
    )
    assert "You do not have to face this alone" in response.content.decode()


def test_closed_comments_notice_and_refusal(client, article):
    article.comments_open = False
    article.save(update_fields=["comments_open"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed on this article." in html
    assert "Leave a comment" not in html
    response = client.post(comment_url(article), comment_post())
    assert response.status_code == 400 and Comment.objects.count() == 0


def test_comment_form_errors_honeypot_and_rate_limit(client, article, settings):
    response = client.post(comment_url(article), comment_post(body="", consent_privacy=None))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="comment-body_error"' in html and "Please write your comment" in html
    response = client.post(comment_url(article), comment_post(website="x"))
    assert response.status_code == 400 and Comment.objects.count() == 0
    settings.COMMENTS_RATE_LIMIT = 2  # the honeypot hit counts too
    assert client.post(comment_url(article), comment_post()).status_code == 302
    assert client.post(comment_url(article), comment_post()).status_code == 429
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("hostile", HOSTILE_INPUT)
def test_hostile_input_in_every_comment_field_never_500(client, article, hostile):
    for field in ["name", "email", "body", "parent", "consent_privacy"]:
        response = client.post(comment_url(article), comment_post(**{field: hostile}))
        assert response.status_code in {302, 400}, field
        html = response.content.decode()
        for bad in DANGEROUS:
            assert bad not in html, (field, bad)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_comment_shows_as_text(client, article, hostile):
    CommentFactory(article=article, name=hostile, body=hostile)
    html = client.get(article.get_absolute_url()).content.decode()
    comments_html = html[html.index('id="comments"') :]
    for bad in DANGEROUS:
        assert bad not in comments_html
    assert "&lt;" in comments_html or "{" in comments_html


def test_unknown_article_comment_is_404(client):
    assert client.post("/stories/comments/no-such-article/", comment_post()).status_code == 404


def test_home_page_quotes_only_featured_stories_with_quote_consent(client, mod):
    quoted = services.set_featured(
        story=StoryFactory(consent_quote=True, short_line="Quoted line"),
        moderator=mod,
        featured=True,
    )
    StoryFactory(consent_quote=True, short_line="Not featured line")
    html = client.get("/").content.decode()
    assert "Quoted line" in html and "Not featured line" not in html
    assert quoted.get_absolute_url() in html


def test_article_shows_related_stories_by_cancer_type(client, article):
    StoryFactory(short_line="Same cancer type")
    StoryFactory(short_line="Other type", cancer_type=cancer_type("lung", "Lung cancer"))
    StoryFactory(short_line="Pending one", moderation_status=Story.Moderation.PENDING)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Same cancer type" in html
    assert "Other type" not in html and "Pending one" not in html


@pytest.mark.parametrize("hostile", HOSTILE_INPUT)
def test_hostile_input_on_the_private_page_never_500(client, topic, hostile):
    story = StoryFactory()
    url = manage_url(story)
    for field in ["display_name", "short_line", "text", "country", "cancer_type", "photo_alt"]:
        response = client.post(url + "edit/", share_post(topic, **{field: hostile}))
        assert response.status_code in {200, 302}, field
        for bad in DANGEROUS:
            assert bad not in response.content.decode(), (field, bad)
    response = client.post(url + "withdraw/", {"confirm": hostile})
    assert response.status_code in {200, 302}
    from urllib.parse import quote

    assert client.get(f"/stories/manage/{quote(hostile, safe='')}/").status_code == 404


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_rejection_reason_shows_as_text(client, mod, hostile):
    story = services.reject_story(
        story=StoryFactory(moderation_status="pending"), moderator=mod, reason=hostile
    )
    html = client.get(manage_url(story)).content.decode()
    for bad in DANGEROUS:
        assert bad not in html


def test_oversized_body_caught_before_the_view_still_gets_a_kind_page(topic, settings):
    from django.test import Client

    settings.DEBUG = False
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get(SHARE)
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        SHARE,
        share_post(
            topic,
            text="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10),
            csrfmiddlewaretoken=token,
        ),
    )
    # The CSRF check reads the body first, so Django's 400 page answers: ours, kind.
    assert response.status_code == 400
    assert "it may have been too large" in response.content.decode()
    assert Story.objects.count() == 0


def test_sitemap_lists_only_approved_stories(client):
    shown = StoryFactory()
    hidden = StoryFactory(moderation_status=Story.Moderation.PENDING)
    xml = client.get("/sitemap.xml").content.decode()
    assert shown.get_absolute_url() in xml and hidden.get_absolute_url() not in xml
    assert reverse("stories:list") in xml and reverse("stories:share") not in xml
