import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Feedback, Reference
from tests.factories import (
    ArticleFactory,
    TopicFactory,
    UserFactory,
    approve,
    editor_user,
    published_article,
)

pytestmark = pytest.mark.django_db


def test_article_page_shows_everything_a_patient_needs(client):
    topic = TopicFactory(name="Immunotherapy", slug="immunotherapy")
    article = published_article(
        title="Checkpoint inhibitors",
        topics=[topic],
        tags=["PD-L1", "pembrolizumab"],
        references=["Schmid P, et al. N Engl J Med. 2020."],
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 id="article-title">Checkpoint inhibitors</h1>' in html
    assert 'aria-label="Breadcrumb"' in html and ">Immunotherapy</a>" in html
    assert 'Written by <span class="byline-name">' in html
    assert re.search(r"Published <time datetime=\"[^\"]+\">\d{1,2} \w+ \d{4}</time>", html)
    assert "1 min read" in html
    assert 'aria-labelledby="toc-heading"' in html  # three headings → table of contents
    assert 'id="ref-1"' in html and 'href="#ref-1"' in html
    assert 'href="/tags/pd-l1/" rel="tag"' in html
    for service in [
        "mailto:?subject=",
        "https://wa.me/",
        "facebook.com/sharer",
        "twitter.com/intent",
        "linkedin.com/sharing",
    ]:
        assert service in html
    assert 'class="copy-link"' in html
    assert 'href="/editorial-policy/"' in html and "About this information" in html
    assert 'action="/articles/' in html and "Was this page helpful?" in html
    assert "<script>" not in html


def test_reference_access_dates_read_as_human_dates(client):
    article = ArticleFactory()
    Reference.objects.create(
        article=article,
        position=1,
        citation="National Cancer Institute. Immunotherapy.",
        url="https://www.cancer.gov/",
        accessed_on=date(2024, 1, 2),
    )
    services.record_revision(article=article, by=None)
    approve(article)
    services.publish_article(article=article, by=None, when=timezone.now() - timedelta(days=1))
    html = client.get(article.get_absolute_url()).content.decode()
    assert '(accessed <time datetime="2024-01-02">2 January 2024</time>)' in html


def test_article_page_meta_and_json_ld(client):
    article = published_article(
        title="What is immunotherapy?", topics=[TopicFactory(name="Immunotherapy")]
    )
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"https://eduportal.test{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="What is immunotherapy?">' in html
    assert '<meta name="twitter:card"' in html
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(payload)
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == "What is immunotherapy?"
    assert data["medicalAudience"]["audienceType"] == "Patient"
    assert data["about"] == [{"@type": "MedicalEntity", "name": "Immunotherapy"}]
    assert {"datePublished", "dateModified", "author", "description"} <= data.keys()


def test_json_ld_cannot_break_out_of_its_script_block(client):
    article = published_article(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_drafts_scheduled_and_archived_articles_are_404_to_the_public(client):
    draft = ArticleFactory()
    approved = approve(ArticleFactory())
    scheduled = published_article(published_at=timezone.now() + timedelta(days=3))
    archived = published_article()
    services.archive_article(article=archived, by=None)
    for article in (draft, approved, scheduled, archived):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_public_page_shows_the_approved_text_not_the_working_copy(client):
    article = published_article(title="Approved title")
    article.title = "Unreviewed title"
    article.body = "Unreviewed body text."
    article.save()
    services.record_revision(article=article, by=None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Approved title" in html
    assert "Unreviewed" not in html


def test_staff_preview_of_a_draft_is_never_cached(client):
    article = ArticleFactory(title="Draft title")
    client.force_login(editor_user())
    response = client.get(reverse("articles:preview", kwargs={"slug": article.slug}))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "Draft title" in html and "Only staff can see this page" in html
    assert '<meta name="robots" content="noindex">' in html


def test_preview_of_a_given_revision(client):
    article = ArticleFactory(title="First")
    article.title = "Second"
    article.save()
    services.record_revision(article=article, by=None)
    client.force_login(editor_user())
    url = reverse("articles:preview", kwargs={"slug": article.slug})
    assert '<h1 id="article-title">First</h1>' in client.get(url + "?revision=1").content.decode()
    assert '<h1 id="article-title">Second</h1>' in client.get(url).content.decode()
    assert client.get(url + "?revision=99").status_code == 404


def test_preview_is_not_for_the_public(client):
    article = ArticleFactory()
    url = reverse("articles:preview", kwargs={"slug": article.slug})
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 302


def test_article_page_query_budget_holds_with_many_tags_references_and_related(
    client, django_assert_max_num_queries
):
    topics = [TopicFactory() for _ in range(4)]
    tags = [f"tag {n}" for n in range(15)]
    article = published_article(
        topics=topics, tags=tags, references=[f"Reference {n}" for n in range(25)]
    )
    for _ in range(8):
        published_article(topics=topics[:2], tags=tags[:5])
    # Including one for the article's public translations (the language chooser).
    with django_assert_max_num_queries(11):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="card article-card"') == 3


def test_related_articles_prefer_shared_topics_and_tags_and_skip_unpublished(client):
    topic = TopicFactory()
    article = published_article(topics=[topic], tags=["rash"])
    close = published_article(title="Close match", topics=[topic], tags=["rash"])
    published_article(title="Unrelated")
    ArticleFactory(title="Draft match", topics=[topic], tags=["rash"])
    html = client.get(article.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"', 1)[1]
    assert close.title in related
    assert "Unrelated" not in related and "Draft match" not in related


def test_article_list_paginates_and_pins_queries(client, django_assert_max_num_queries):
    topic = TopicFactory()
    for _ in range(25):
        published_article(topics=[topic], tags=["a", "b"])
    ArticleFactory(title="Hidden draft")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("articles:list"))
    html = response.content.decode()
    assert html.count('class="card article-card"') == 20
    assert "Hidden draft" not in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1' in html
    second = client.get(reverse("articles:list") + "?page=2").content.decode()
    assert second.count('class="card article-card"') == 5


def test_article_list_filters_by_topic_and_tag(client):
    topic = TopicFactory(name="Side effects", slug="side-effects")
    in_topic = published_article(title="In the topic", topics=[topic])
    tagged = published_article(title="Tagged one", tags=["Fatigue"])
    html = client.get(reverse("articles:list") + "?topic=side-effects").content.decode()
    assert in_topic.title in html and tagged.title not in html
    assert "<h1>Side effects</h1>" in html
    html = client.get(reverse("articles:tag", kwargs={"tag_slug": "fatigue"})).content.decode()
    assert tagged.title in html and in_topic.title not in html
    assert client.get(reverse("articles:list") + "?topic=nope").status_code == 404
    assert client.get(reverse("articles:tag", kwargs={"tag_slug": "nope"})).status_code == 404


def test_home_sections_show_only_when_there_is_content(client):
    html = client.get("/").content.decode()
    for heading in ("featured-heading", "latest-heading", "topics-heading"):
        assert f'id="{heading}"' not in html
    topic = TopicFactory(name="Immunotherapy")
    published_article(title="Featured one", featured=True, topics=[topic])
    published_article(title="Latest one")
    html = client.get("/").content.decode()
    assert "Start here" in html and "Featured one" in html
    assert "Latest articles" in html and "Latest one" in html
    assert "Browse by topic" in html and ">Immunotherapy</a>" in html


def test_home_page_query_budget(client, django_assert_max_num_queries):
    for _ in range(12):
        published_article(featured=True, topics=[TopicFactory()])
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_feedback_reaches_editors(client):
    article = published_article()
    url = reverse("articles:feedback", kwargs={"slug": article.slug})
    response = client.post(url, {"kind": "error", "message": "The dose in section 2 is wrong."})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.article == article and feedback.kind == "error"
    page = client.get(response["Location"]).content.decode()
    assert "Our editors read every message." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Please choose one of the answers."),
        ({"kind": "error", "message": ""}, "Please tell us what looks wrong"),
        ({"kind": "nonsense"}, "Select a valid choice"),
        ({"kind": "helpful", "message": "x" * 2001}, "at most 2000 characters"),
        ({"kind": "helpful", "website": "spam.example"}, "could not be sent"),
    ],
)
def test_bad_feedback_gets_a_message_and_saves_nothing(client, data, message):
    article = published_article()
    response = client.post(reverse("articles:feedback", kwargs={"slug": article.slug}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_on_unpublished_article_is_404(client):
    article = ArticleFactory()
    response = client.post(
        reverse("articles:feedback", kwargs={"slug": article.slug}), {"kind": "helpful"}
    )
    assert response.status_code == 404


def test_feedback_form_requires_csrf():
    from django.test import Client

    article = published_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("articles:feedback", kwargs={"slug": article.slug}), {"kind": "helpful"}
    )
    assert response.status_code == 403


def test_feeds_list_only_published_articles(client):
    published_article(title="Live article")
    ArticleFactory(title="Draft article")
    rss = client.get(reverse("articles:feed")).content.decode()
    atom = client.get(reverse("articles:atom-feed")).content.decode()
    assert "<rss" in rss and "Live article" in rss and "Draft article" not in rss
    assert 'xmlns="http://www.w3.org/2005/Atom"' in atom and "Live article" in atom


def test_sitemap_lists_published_articles_only(client):
    live = published_article()
    draft = ArticleFactory()
    xml = client.get("/sitemap.xml").content.decode()
    assert live.get_absolute_url() in xml and draft.get_absolute_url() not in xml
    assert "/editorial-policy/" in xml


def test_print_view_keeps_the_page_address(client):
    article = published_article()
    html = client.get(article.get_absolute_url()).content.decode()
    # Print styles are an @media print block of the one stylesheet.
    from pathlib import Path

    from django.contrib.staticfiles import finders

    assert "@media print" in Path(finders.find("css/site.css")).read_text()
    assert f"Page address: https://eduportal.test{article.get_absolute_url()}" in html


def test_publish_action_and_archive_flow_keep_status_consistent():
    article = approve(ArticleFactory())
    services.publish_article(article=article, by=None)
    assert Article.objects.published().count() == 1
    services.archive_article(article=article, by=None)
    assert Article.objects.published().count() == 0


def test_byline_reads_as_a_sentence(client):
    article = published_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<span class="byline-name">{article.author.name}</span>, Medical writer' in html
