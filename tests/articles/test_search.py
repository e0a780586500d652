import pytest
from django.db import connection
from django.urls import reverse

from articles import services
from articles.models import Article, SearchTerm
from articles.search import highlight, normalise_query, search_articles
from tests.factories import ArticleFactory, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        title_match = published_article(
            title="Managing fatigue during immunotherapy",
            summary="Simple ways to cope with tiredness.",
            body="## Rest\n\nPlan your day.\n\n## Move\n\nGentle walks help.",
        )
        body_match = published_article(
            title="Eating well",
            summary="Food ideas while on treatment.",
            body="Some people feel fatigue after meals. Small portions help.",
        )
        unrelated = published_article(
            title="Hair loss", summary="What to expect.", body="Cold caps can help."
        )
        draft = ArticleFactory(
            title="Secret fatigue draft", summary="Not public.", body="fatigue fatigue fatigue"
        )
    return {"title": title_match, "body": body_match, "unrelated": unrelated, "draft": draft}


def test_finds_words_and_ranks_title_above_body(library):
    outcome = search_articles("fatigue")
    found = [result.article for result in outcome.results]
    assert found == [library["title"], library["body"]]


def test_search_never_finds_unpublished_text(library):
    assert all(r.article != library["draft"] for r in search_articles("secret draft").results)
    article = library["unrelated"]
    article.body = "A brand new zebrafish paragraph."
    article.save()
    services.record_revision(article=article, by=None)  # not approved yet
    assert search_articles("zebrafish").results == []


def test_highlighting_never_breaks_the_escaped_entities():
    snippet = highlight('Tom & Jerry don\'t say "quote" <b>', ["amp", "quot", "x27", "lt"])
    assert snippet == ("Tom &amp; Jerry don&#x27;t say &quot;<mark>quot</mark>e&quot; &lt;b&gt;")
    assert highlight("Fatigue & FATIGUE", ["fatigue"]) == (
        "<mark>Fatigue</mark> &amp; <mark>FATIGUE</mark>"
    )


def test_snippets_are_escaped_and_highlighted(library):
    outcome = search_articles("tiredness")
    assert "<mark>tiredness</mark>" in outcome.results[0].snippet
    assert (
        highlight("<b>fatigue</b> & more", ["fatigue"])
        == "&lt;b&gt;<mark>fatigue</mark>&lt;/b&gt; &amp; more"
    )


def test_did_you_mean_suggests_a_known_word(library):
    assert SearchTerm.objects.filter(word="fatigue").exists()
    assert not SearchTerm.objects.filter(word="secret").exists()  # drafts stay out
    outcome = search_articles("fatigeu")
    assert outcome.results == []
    assert outcome.suggestion == "fatigue"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "<script>alert(1)</script>",
        "' OR 1=1; --",
        "fatigue & | ! :* ( )",
        "\x00fatigue",
        "{{ 7*7 }} {% debug %}",
        "ünïcödé 疲劳",
    ],
)
def test_hostile_or_odd_queries_give_a_calm_page(client, library, query):
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "49" not in html.split('id="search-q"', 1)[1].split(">", 1)[0]
    assert 'role="search"' in html


def test_query_is_bounded():
    assert len(normalise_query("word " * 1000)) == 200


def test_search_page_shows_results_and_suggestions(client, library):
    html = client.get(reverse("articles:search"), {"q": "fatigue"}).content.decode()
    assert "2 articles, 0 stories" in html and library["title"].title in html
    html = client.get(reverse("articles:search"), {"q": "fatigeu"}).content.decode()
    assert 'Did you mean <a href="?q=fatigue">fatigue</a>?' in html


def test_search_page_query_budget(client, library, django_assert_max_num_queries):
    # Synonyms, articles, stories, specialists (with positions and specialties), glossary.
    with django_assert_max_num_queries(7):
        client.get(reverse("articles:search"), {"q": "fatigue help"})
    # Nothing found: the same again to check the suggestion, and its vocabulary.
    with django_assert_max_num_queries(18):
        client.get(reverse("articles:search"), {"q": "fatigeu"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_postgres_stores_a_weighted_vector_with_a_gin_index(library):
    vector = Article.objects.filter(pk=library["title"].pk).values_list("search_vector", flat=True)[
        0
    ]
    assert "'fatigu':" in vector and "A" in vector
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_gin'"
        )
        assert "gin" in cursor.fetchone()[0].lower()
    # Stemming: "managed" finds "Managing".
    assert [r.article for r in search_articles("managed").results] == [library["title"]]
