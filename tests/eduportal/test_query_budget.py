"""The query budget of every benchmarked page, pinned at `generate_load_data --scale
small`: a constant number, whatever the data (the full scale runs the same queries).
Rendered from scratch (no cache), then warm with the fragment cache (no query at all
for most pages), as `make bench` measures them."""

from __future__ import annotations

import pytest
from django.test import Client

from eduportal import loaddata

pytestmark = pytest.mark.django_db

# page -> (queries rendered from scratch, queries warm with fragments cached)
BUDGETS = {
    "home": ("/", 8, 0),
    # The article, topics, tags, the sign-off and the clinicians' checks with their
    # positions, specialties and interests, glossary terms, helplines, related
    # articles, stories, comments; the article's public translations (the chooser).
    "article": (None, 14, 0),
    "article list, a later page": ("/articles/?page=2", 4, 0),
    "tag page": ("/tags/load-fatigue/", 5, 0),
    "topic page": ("/articles/?topic=load-breast-cancer", 5, 0),
    # Synonyms, then articles, stories, specialists and glossary terms (grouped results).
    "search": ("/search/?q=immunotherapy+side+effects", 5, 0),
    "story list": ("/stories/", 4, 0),
    "story": (None, 4, 0),
    "specialist": (None, 9, 0),
}


@pytest.fixture
def small_site(settings):
    settings.PAGE_CACHE_ENABLED = False
    loaddata.Generator(loaddata.SCALES["small"]).run()
    from articles.models import Article
    from reviews.models import Specialist
    from stories.models import Story

    return {
        "article": Article.objects.published().filter(slug__startswith="load-").first(),
        "story": Story.objects.approved().filter(slug__startswith="load-").first(),
        "specialist": Specialist.objects.public().filter(slug__startswith="load-").first(),
    }


@pytest.mark.parametrize("page", BUDGETS)
def test_benchmarked_pages_keep_their_query_budget(
    page, small_site, settings, django_assert_max_num_queries
):
    path, cold, warm = BUDGETS[page]
    path = path or small_site[page].get_absolute_url()
    client = Client()
    settings.FRAGMENT_CACHE_ENABLED = False
    client.get(path)  # content types and the content version are read once per process
    with django_assert_max_num_queries(cold):
        assert client.get(path).status_code == 200
    settings.FRAGMENT_CACHE_ENABLED = True
    client.get(path)
    with django_assert_max_num_queries(warm):
        assert client.get(path).status_code == 200
