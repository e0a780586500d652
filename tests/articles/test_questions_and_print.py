"""Questions to ask your care team: medical content in the revision, printable alone;
and what the print view hides."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleRevision, content_hash
from tests.factories import ArticleFactory, approve, published_article

pytestmark = pytest.mark.django_db
# The print rules: the @media print block of the one stylesheet.
PRINT_CSS = (
    (Path(__file__).parents[2] / "static/css/site.css").read_text().split("@media print {", 1)[1]
)


def test_questions_are_part_of_the_signed_off_content():
    article = ArticleFactory(
        care_team_questions="1. What results do you hope for?\n\n- Who do I call?"
    )
    revision = services.latest_revision(article)
    assert revision.questions == ["What results do you hope for?", "Who do I call?"]
    assert revision.content()["questions"] == revision.questions
    assert revision.content_hash == content_hash(article.content())
    # Editing a question is a change of medical content: a new revision to review.
    article.care_team_questions = "What results do you hope for?"
    article.save()
    newer = services.record_revision(article=article, by=None)
    assert newer.number == revision.number + 1 and newer.content_hash != revision.content_hash


def test_articles_without_questions_keep_their_content_hash():
    article = ArticleFactory()
    content = article.content()
    assert content["questions"] == []
    # Empty questions leave the fingerprint as it was before articles had questions.
    without = {key: value for key, value in content.items() if key != "questions"}
    assert content_hash(content) == content_hash(without)
    assert services.latest_revision(article).content_hash == content_hash(content)


def test_public_page_shows_the_approved_questions_not_the_working_copy(client):
    article = published_article(care_team_questions="Is this right for me?")
    article.care_team_questions = "An unreviewed question?"
    article.save()
    services.record_revision(article=article, by=None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Is this right for me?" in html and "An unreviewed question?" not in html
    assert reverse("articles:questions", kwargs={"slug": article.slug}) in html


def test_questions_print_on_their_own_page(client, django_assert_max_num_queries):
    article = published_article(care_team_questions="Is this right for me?\nWho do I call?")
    url = reverse("articles:questions", kwargs={"slug": article.slug})
    with django_assert_max_num_queries(2):
        response = client.get(url)
    html = response.content.decode()
    assert "<h1>Questions to ask your care team</h1>" in html
    assert html.count('<div class="answer-space"') == 2
    assert "comments" not in html.split("<main")[1].split("</main>")[0]
    assert f"From https://eduportal.test{article.get_absolute_url()}" in html


def test_questions_page_is_404_without_questions_or_for_unpublished_articles(client):
    no_questions = published_article()
    draft = approve(ArticleFactory(care_team_questions="A question?"))
    for article in (no_questions, draft):
        url = reverse("articles:questions", kwargs={"slug": article.slug})
        assert client.get(url).status_code == 404


def test_print_view_hides_sharing_comments_and_story_cards():
    hidden = re.search(r"^(.*?)\{ display: none !important; \}", PRINT_CSS, re.S).group(1)
    for selector in (".share", ".comments", ".related-stories", ".story-card", ".story-cta",
                     ".feedback", ".support-box"):  # fmt: skip
        assert re.search(rf"{re.escape(selector)}\b", hidden), selector


def test_story_cards_on_article_pages_carry_the_class_print_hides(client):
    from tests.stories.factories import StoryFactory, cancer_type

    topic = cancer_type()
    article = published_article(topics=[topic])
    StoryFactory(cancer_type=topic)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="container section related-stories"' in html
    assert 'class="share"' in html and 'class="container narrow section comments"' in html


def test_revision_field_holds_questions():
    assert ArticleRevision._meta.get_field("questions").default is list
    assert Article._meta.get_field("care_team_questions").blank
