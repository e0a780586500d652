"""Every query the public pages run is index-backed: run on `generate_load_data --scale
small`, EXPLAINed by PostgreSQL, none may read articles, stories or comments with a
sequential scan.

On small tables the planner rightly prefers a sequential scan even where an index
exists, so a plain EXPLAIN proves nothing. The plans are taken with
`enable_seqscan = off`, which makes every sequential scan prohibitively expensive for
the planner: one that remains means no index can answer the query — exactly what would
hurt at full scale.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from eduportal import loaddata

pytestmark = pytest.mark.django_db

WATCHED = {"articles_article", "stories_story", "stories_comment"}


@pytest.fixture
def small_site(settings):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's (production's) own")
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = False
    loaddata.Generator(loaddata.SCALES["small"]).run()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from articles.models import Article
    from reviews.models import Specialist
    from stories.models import Story

    article = Article.objects.published().filter(slug__startswith="load-").first()
    story = Story.objects.approved().filter(slug__startswith="load-").first()
    specialist = Specialist.objects.public().filter(slug__startswith="load-").first()
    return [
        "/",
        article.get_absolute_url(),
        f"/articles/{article.slug}/history/",
        "/articles/",
        "/articles/?page=2",
        "/tags/load-fatigue/",
        "/articles/?topic=load-breast-cancer",
        "/search/?q=immunotherapy+side+effects",
        "/search/?q=imunotherapy",
        "/stories/",
        "/stories/?page=2",
        "/stories/?cancer_type=load-lung-cancer&country=GB",
        story.get_absolute_url(),
        "/specialists/",
        specialist.get_absolute_url(),
        "/feeds/articles/",
        "/sitemap.xml",
    ]


def sequential_scans(plan: dict) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in WATCHED:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += sequential_scans(child)
    return found


def test_public_pages_never_scan_articles_stories_or_comments(small_site):
    client = Client()
    for path in small_site:
        queries: list[tuple[str, tuple]] = []

        def capture(execute, sql, params, many, context, queries=queries):
            queries.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = client.get(path)
        assert response.status_code == 200, path
        assert queries, path
        problems = []
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            try:
                for sql, params in queries:
                    if not sql.lstrip().upper().startswith("SELECT"):
                        continue
                    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
                    plan = cursor.fetchone()[0]
                    plan = json.loads(plan) if isinstance(plan, str) else plan
                    scans = sequential_scans(plan[0]["Plan"])
                    if scans:
                        problems.append(f"{', '.join(scans)}: {sql[:400]}")
            finally:
                cursor.execute("SET enable_seqscan = on")
        assert not problems, f"{path}\n" + "\n".join(problems)


def test_the_check_finds_a_query_no_index_can_answer(small_site):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(
                "EXPLAIN (FORMAT JSON) SELECT id FROM stories_comment WHERE body LIKE %s",
                ["%thank%"],
            )
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("SET enable_seqscan = on")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert sequential_scans(plan[0]["Plan"]) == ["stories_comment"]
