"""Every public surface reads signed-off fields from the approved revision only.

One published article, reviewed by a clinician; then an editor changes every signed-off
field in the working copy (and sends it for review). No surface may show any of the
changes until a clinician approves them. docs/clinical-governance.md lists the fields
and surfaces.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import BodyImage, Reference, SearchTerm
from eduportal.images import clean_uploaded_image
from tests.factories import TopicFactory, editor_user, published_article
from tests.images import image_bytes, upload
from tests.reviews.factories import approve_review, submit, verified_specialist
from tests.stories.factories import StoryFactory, cancer_type

pytestmark = pytest.mark.django_db

WORKING = {
    "title": "Workingtitle changed",
    "summary": "Workingsummary changed.",
    "body": "Workingbody zebraquartz changed.",
    "reference": "Workingreference changed.",
    "seo_title": "Workingseotitle",
    "seo_description": "Workingseodescription",
    "hero_alt": "Workingheroalt",
    "hero_credit": "Workingherocredit",
    "figure_alt": "Workingfigurealt",
    "figure_caption": "Workingfigurecaption",
}


def picture(colour) -> ContentFile:
    return clean_uploaded_image(upload(content=image_bytes((900, 500), colour=colour))).content


@pytest.fixture
def scene(django_capture_on_commit_callbacks):
    """An approved, published article and a working copy that changed every signed-off
    field since."""
    editor = editor_user()
    specialist = verified_specialist()
    topic = cancer_type()
    treatment = TopicFactory(name="Immunotherapy", slug="immunotherapy")
    with django_capture_on_commit_callbacks(execute=True):
        article = published_article(
            title="Approved title",
            summary="Approved summary.",
            topics=[topic, treatment],
            tags=["approvedtag"],
            references=["Approved reference."],
        )
        article.seo_title = "Approved SEO title"
        article.seo_description = "Approved SEO description"
        article.hero_image = picture((10, 90, 100))
        article.hero_alt = "Approved hero alt"
        article.hero_credit = "Approved hero credit"
        article.save()
        figure = BodyImage.objects.create(
            article=article, image=picture((90, 10, 100)), alt_text="Approved figure alt",
            caption="Approved figure caption",
        )  # fmt: skip
        article.body = f"## Dose\n\nApproved body text.\n\n{figure.markdown()}"
        article.save()
        approve_review(submit(article, by=editor), specialist)
        article.refresh_from_db()
        approved = article.approved_revision
        # Another article sharing a topic, so this one shows as "related" on it.
        neighbour = published_article(title="Neighbour article", topics=[treatment])
        story = StoryFactory(cancer_type=topic)

        # The working copy changes every signed-off field and goes to review.
        article.title = WORKING["title"]
        article.summary = WORKING["summary"]
        article.seo_title = WORKING["seo_title"]
        article.seo_description = WORKING["seo_description"]
        article.hero_image = picture((200, 30, 30))
        article.hero_alt = WORKING["hero_alt"]
        article.hero_credit = WORKING["hero_credit"]
        article.save()
        figure.image = picture((30, 200, 30))
        figure.alt_text = WORKING["figure_alt"]
        figure.caption = WORKING["figure_caption"]
        figure.save()
        article.body = f"{WORKING['body']}\n\n{figure.markdown()}"
        article.save()
        Reference.objects.filter(article=article).update(citation=WORKING["reference"])
        submit(article, by=editor)
    article.refresh_from_db()
    assert article.approved_revision == approved
    return {
        "article": article,
        "approved": approved,
        "neighbour": neighbour,
        "story": story,
        "specialist": specialist,
        "topic": topic,
        "new_files": [article.hero_image.name, figure.image.name],
        "new_urls": [url for _w, url in article.hero_renditions["jpeg"]]
        + [url for _w, url in figure.renditions["jpeg"]],
    }


SURFACES = {
    "article page": lambda s: s["article"].get_absolute_url(),
    "home page": lambda s: reverse("articles:home"),
    "article list": lambda s: reverse("articles:list"),
    "topic page": lambda s: f"{reverse('articles:list')}?topic={s['topic'].slug}",
    "tag page": lambda s: reverse("articles:tag", kwargs={"tag_slug": "approvedtag"}),
    "related articles": lambda s: s["neighbour"].get_absolute_url(),
    "story page": lambda s: s["story"].get_absolute_url(),
    "specialist page": lambda s: s["specialist"].get_absolute_url(),
    "change history": lambda s: reverse(
        "reviews:article-history", kwargs={"slug": s["article"].slug}
    ),
    "search results": lambda s: f"{reverse('articles:search')}?q=approved",
    "search for new words": lambda s: f"{reverse('articles:search')}?q=zebraquartz",
    "RSS feed": lambda s: reverse("articles:feed"),
    "Atom feed": lambda s: reverse("articles:atom-feed"),
    "sitemap": lambda s: reverse("sitemap"),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_no_public_surface_shows_unapproved_changes(client, scene, surface):
    html = client.get(SURFACES[surface](scene)).content.decode()
    for field, value in WORKING.items():
        assert value not in html, f"{surface} shows the unapproved {field}"
    for name in scene["new_files"] + scene["new_urls"]:
        assert name not in html, f"{surface} shows the unapproved picture {name}"


@pytest.mark.parametrize(
    "surface", ["article page", "home page", "article list", "topic page", "tag page",
                "related articles", "story page", "specialist page"],
)  # fmt: skip
def test_cards_and_pages_show_the_approved_title_and_hero(client, scene, surface):
    html = client.get(SURFACES[surface](scene)).content.decode()
    approved = scene["approved"]
    assert "Approved title" in html
    assert approved.hero_renditions["jpeg"][0][1] in html
    assert 'alt="Approved hero alt"' in html


def test_article_page_head_and_body_read_the_approved_revision(client, scene):
    html = client.get(scene["article"].get_absolute_url()).content.decode()
    assert "<title>Approved SEO title · eduportal</title>" in html
    assert '<meta name="description" content="Approved SEO description">' in html
    assert '<meta property="og:title" content="Approved SEO title">' in html
    assert '<meta property="og:description" content="Approved SEO description">' in html
    hero_url = scene["approved"].hero_renditions["jpeg"][-1][1]
    assert f'<meta property="og:image" content="{settings.SITE_URL}{hero_url}">' in html
    assert '<meta property="og:image:alt" content="Approved hero alt">' in html
    assert '<figcaption class="credit">Approved hero credit</figcaption>' in html
    assert 'alt="Approved figure alt"' in html and "Approved figure caption" in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["headline"] == "Approved title" and data["name"] == "Approved SEO title"
    assert data["description"] == "Approved SEO description"
    assert data["image"] == f"{settings.SITE_URL}{hero_url}"


def test_did_you_mean_vocabulary_holds_approved_words_only(scene):
    services.rebuild_vocabulary()
    words = set(SearchTerm.objects.values_list("word", flat=True))
    assert "approved" in words
    assert not words & {"zebraquartz", "workingbody", "workingtitle", "workingsummary"}


def test_search_finds_approved_words_not_working_copy_words(client, scene):
    from articles.search import search_articles

    assert [r.article for r in search_articles("approved").results] == [scene["article"]]
    assert search_articles("zebraquartz").results == []


def test_the_changes_show_once_a_clinician_approves_them(
    client, scene, django_capture_on_commit_callbacks
):
    article = scene["article"]
    review = article.reviews.get(status="open")
    with django_capture_on_commit_callbacks(execute=True):
        approve_review(review, scene["specialist"])
    html = client.get(article.get_absolute_url()).content.decode()
    for field in ("title", "summary", "seo_title", "seo_description", "hero_alt", "hero_credit",
                  "figure_alt", "figure_caption", "reference"):  # fmt: skip
        assert WORKING[field] in html, field
    assert "zebraquartz" in html
    card = client.get(reverse("articles:list")).content.decode()
    assert WORKING["title"] in card and scene["new_urls"][0] in card


def test_staff_preview_shows_the_working_revision_with_its_hero(client, scene, admin_user):
    client.force_login(admin_user)
    html = client.get(
        reverse("articles:preview", kwargs={"slug": scene["article"].slug})
    ).content.decode()
    assert WORKING["hero_alt"] in html and WORKING["seo_title"] in html


def test_a_hero_change_alone_makes_a_new_revision_to_review(scene):
    article = scene["article"]
    latest = services.latest_revision(article)
    article.hero_credit = "Another credit"
    article.save()
    revision = services.record_revision(article=article, by=None)
    assert revision.number == latest.number + 1 and revision.hero_credit == "Another credit"
    for field, value in [("seo_title", "New SEO"), ("seo_description", "New description")]:
        setattr(article, field, value)
        article.save()
        assert (
            services.record_revision(article=article, by=None).content_hash != revision.content_hash
        )


def test_text_only_revisions_keep_their_fingerprint():
    """Signed-off before the hero and SEO fields joined the revision: same hash."""
    from articles.models import content_hash

    old = {"title": "T", "summary": "S", "body": "B", "references": []}
    new = {
        **old,
        "seo_title": "",
        "seo_description": "",
        "hero": {"image": "", "alt": "", "credit": ""},
    }
    assert content_hash(new) == content_hash(old)
    assert content_hash({**new, "seo_title": "X"}) != content_hash(old)


def test_scheduled_article_cards_wait_for_the_date(client, scene):
    article = scene["neighbour"]
    services.unpublish_article(article=article, by=None)
    services.publish_article(article=article, by=None, when=timezone.now() + timedelta(days=2))
    assert "Neighbour article" not in client.get(reverse("articles:list")).content.decode()
