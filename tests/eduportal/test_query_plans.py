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

WATCHED = {
    "articles_article",
    "stories_story",
    "stories_comment",
    "articles_articletranslation",
    "articles_translationrevision",
}
# Searched in each language on the translated search pages (real words, see
# tests/articles/test_search_languages.py): two translated load articles per language.
TRANSLATED_SEARCHES = [
    "/zh-hans/search/?q=免疫疗法",
    "/zh-hans/search/?q=免疫",  # two characters: no trigram; matched as written
    "/ms/search/?q=imunoterapi",
    "/ta/search/?q=நோயெதிர்ப்பு",
    "/ne/search/?q=इम्युनोथेरापी",
    "/ne/search/?q=immunotherapy",
    "/search/?q=免疫疗法",
]


def _translate_some(articles):
    from articles.models import TranslationRevision
    from tests.articles.test_search_languages import CONTENT
    from tests.translation_factories import language_reviewer, public_translation

    reviewer = language_reviewer(*CONTENT, username="plans-reviewer")
    translations = [
        public_translation(article, language, specialist=reviewer, **content)
        for article in articles
        for language, content in CONTENT.items()
    ]
    # Earlier drafts, as a site with a few years of translation work has: enough rows
    # that reading them all costs more than asking an index, as in production.
    approved = translations[0].approved_revision
    TranslationRevision.objects.bulk_create(
        TranslationRevision(
            translation=approved.translation,
            number=number,
            source_revision=approved.source_revision,
            title=f"Draft {number}",
            summary=f"An earlier draft, number {number}.",
            body=f"Draft text {number} about fatigue and sleep.",
            body_html=f"<p>Draft text {number}.</p>",
            content_hash=f"{number:064d}",
        )
        for number in range(2, 1500)
    )


@pytest.fixture
def small_site(settings):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's (production's) own")
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = False
    loaddata.Generator(loaddata.SCALES["small"]).run()
    from articles.models import Article

    _translate_some(Article.objects.published().filter(slug__startswith="load-")[:2])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
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
        *TRANSLATED_SEARCHES,
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


def _explain(sql: str, params=None) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("SET enable_seqscan = on")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]


def unconditioned_scans(plan: dict) -> list[str]:
    """Index scans of a watched table with no condition: reading the whole table in
    index order, a sequential scan in disguise."""
    found = []
    if (
        plan.get("Node Type") in ("Index Scan", "Index Only Scan")
        and plan.get("Relation Name") in WATCHED
        and not plan.get("Index Cond")
    ):
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += unconditioned_scans(child)
    return found


def _plan_of_translation_search(query: str, language: str) -> str:
    from django.test.utils import CaptureQueriesContext

    from articles.search import query_terms, synonym_groups, units_for
    from articles.search_translations import search_translations

    units = units_for(query_terms(query), synonym_groups())
    with CaptureQueriesContext(connection) as captured:
        assert search_translations(units, [language], limit=30)
    # The public translations' approved revisions (ArticleTranslation.objects.public(),
    # checked like every public query), then the matching ones among those, which must
    # read the revisions through a condition: their ids, or a text index.
    public, matching = (_explain(query["sql"]) for query in captured.captured_queries)
    assert not sequential_scans(public)
    assert not sequential_scans(matching)
    assert not unconditioned_scans(matching), json.dumps(matching)


def test_translation_search_reads_only_what_an_index_finds(small_site):
    for query, language in [
        ("免疫疗法", "zh-hans"),
        ("免疫", "zh-hans"),  # two characters: no trigram, strpos() on that language's rows
        ("imunoterapi", "ms"),
        ("நோயெதிர்ப்பு", "ta"),
        ("इम्युनोथेरापी", "ne"),
    ]:
        _plan_of_translation_search(query, language)


def test_the_translation_indexes_answer_the_expressions_search_uses(small_site):
    """The planner may prefer walking a language's few translations; this proves each
    index matches the search's own expression, so it is there when a language has many."""
    from django.contrib.postgres.search import SearchQuery

    from articles.models import TranslationRevision
    from articles.search_translations import document, vector

    def plan_of(queryset) -> str:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        return json.dumps(_explain(sql, params))

    text = TranslationRevision.objects.alias(text=document())
    assert "translation_text_trgm" in plan_of(text.filter(text__contains="免疫疗法"))
    assert "translation_text_trgm" in plan_of(text.filter(text__trigram_word_similar="நோயெதிர்ப்பை"))
    for config, word in (("nepali", "प्रतिरक्षा"), ("tamil", "சிகிச்சை"), ("indonesian", "bantu")):
        vectors = TranslationRevision.objects.alias(v=vector(config))
        plan = plan_of(vectors.filter(v=SearchQuery(word, config=config)))
        assert f"translation_fts_{config}" in plan
