"""Translated article pages: shown only when signed off, falling back to English with a
notice, flagged when out of date, in the chooser, feeds, sitemap and structured data."""

from __future__ import annotations

import json
import re

import pytest

from articles import services as article_services
from articles import translations
from articles.models import ArticleTranslation
from tests.factories import TopicFactory, approve, editor_user, published_article
from tests.i18n_helpers import assert_shows, translated_parts
from tests.translation_factories import (  # noqa: F401 - fixtures are used by name
    approve_translation,
    english_afterwards,
    language_reviewer,
    public_translation,
    translate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_afterwards")]


def nepali_url(article) -> str:
    return f"/ne/articles/{article.slug}/"


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def change_english(article, *, safety: str = ""):
    article.summary = "A clearer summary of what this article explains."
    article.save()
    revision = article_services.record_revision(article=article, by=None)
    if safety:
        translations.mark_safety_relevant(revision=revision, by=editor_user(), reason=safety)
    return approve(article)


def test_translated_page_shows_the_signed_off_translation(client):
    article = published_article(references=["Smith J. Immunotherapy. 2024."])
    public_translation(article)
    response = client.get(nepali_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ne"' in page
    assert "इम्युनोथेरापी के हो?" in page
    assert "तपाईंको प्रतिरक्षा प्रणालीले" in page
    assert "मेरो उपचार कति लामो हुन्छ?" in page
    # The English title and body are not on the translated page; the sources are,
    # marked as English.
    assert article.approved_revision.title not in page
    assert 'lang="en"' in page and "Smith J. Immunotherapy. 2024." in page
    assert_shows(
        page, 'Translation medically reviewed by <a href="%(url)s">%(name)s</a> on %(date)s.', "ne"
    )
    assert_shows(page, "This translation follows the English version of %(date)s.", "ne")
    assert translated_parts("The English page was updated on %(date)s.", "ne")[0] not in page
    # Link previews: this page is Nepali, and the English one exists; no other language.
    head = page.split("</head>")[0]
    assert '<meta property="og:locale" content="ne_NP">' in head
    assert re.findall(r'og:locale:alternate" content="([^"]+)"', head) == ["en_GB"]


def test_translation_is_hidden_until_signed_off_and_the_reader_lands_on_english(client):
    article = published_article()
    translate(article)
    response = client.get(nepali_url(article))
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.slug}/?untranslated=ne"
    english = client.get(response["Location"])
    page = english.content.decode()
    assert english.status_code == 200
    assert 'class="message message-info untranslated-notice' in page
    assert 'lang="ne"' in page
    assert_shows(
        page, "This article is not available in %(language)s yet. Here is the English page.", "ne"
    )


def test_unknown_untranslated_values_show_no_notice(client):
    article = published_article()
    for value in ("xx", "en", "<script>", ""):
        page = client.get(f"/articles/{article.slug}/", {"untranslated": value}).content.decode()
        assert "untranslated-notice" not in page


def test_an_ordinary_english_change_flags_the_translation_as_out_of_date(client):
    article = published_article()
    public_translation(article)
    change_english(article)
    page = client.get(nepali_url(article)).content.decode()
    assert_shows(page, "The English page was updated on %(date)s.", "ne")
    assert f'href="/articles/{article.slug}/"' in page


def test_a_safety_relevant_change_withdraws_the_translation_and_says_so(client):
    article = published_article()
    public_translation(article)
    assert client.get(nepali_url(article)).status_code == 200
    change_english(article, safety="A new warning about fever.")
    response = client.get(nepali_url(article))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert_shows(
        page,
        "The %(language)s translation of this article is being checked again by a clinician"
        " after an important change to the English page. Until then, here is the English page.",
        "ne",
    )


def test_cached_pages_follow_sign_off_and_withdrawal(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    article = published_article()
    revision = translate(article)
    assert client.get(nepali_url(article)).status_code == 302
    english = client.get(f"/articles/{article.slug}/")
    assert not {a.code: a for a in english.context["language_alternates"]}["ne"].available
    specialist = language_reviewer("ne")
    with django_capture_on_commit_callbacks(execute=True):
        approve_translation(revision, specialist)
    assert client.get(nepali_url(article)).status_code == 200
    # The English page, cached before, now lists the translation as available.
    english = client.get(f"/articles/{article.slug}/")
    assert {a.code: a for a in english.context["language_alternates"]}["ne"].available
    assert client.get(nepali_url(article)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        change_english(article, safety="Dose corrected.")
    assert client.get(nepali_url(article)).status_code == 302


def test_the_chooser_list_says_where_the_article_is_available(client):
    article = published_article()
    public_translation(article, "ne")
    translate(article, "ta", title="நோயெதிர்ப்பு சிகிச்சை")  # not signed off
    response = client.get(nepali_url(article))
    alternates = {alt.code: alt for alt in response.context["language_alternates"]}
    assert list(alternates) == ["en", "zh-hans", "ms", "ta", "ne"]
    assert alternates["en"].available and alternates["en"].url == f"/articles/{article.slug}/"
    assert alternates["ne"].available and alternates["ne"].current
    assert alternates["ne"].url == f"/ne/articles/{article.slug}/"
    assert not alternates["ta"].available
    assert alternates["ta"].url == f"/articles/{article.slug}/?untranslated=ta"
    english = client.get(f"/articles/{article.slug}/")
    assert [a.code for a in english.context["language_alternates"] if a.available] == [
        "en",
        "ne",
    ]


def test_translated_structured_data(client):
    article = published_article()
    specialist = language_reviewer("ne", full_name="Sita Sharma")
    public_translation(article, specialist=specialist)
    data = json_ld(client.get(nepali_url(article)))
    assert data["inLanguage"] == "ne"
    assert data["headline"] == "इम्युनोथेरापी के हो?"
    assert data["url"].endswith(f"/ne/articles/{article.slug}/")
    assert data["reviewedBy"]["name"] == "Dr Sita Sharma"
    signoff = ArticleTranslation.objects.get().signoffs.get()
    assert data["lastReviewed"] == signoff.decided_at.date().isoformat()
    assert data["translationOfWork"]["url"].endswith(f"/articles/{article.slug}/")
    english = json_ld(client.get(f"/articles/{article.slug}/"))
    assert english["inLanguage"] == "en-GB"


def test_cards_show_the_translation_or_the_english_text_marked_as_english(client):
    translated = published_article(title="Translated in English")
    public_translation(translated, title="अनुवादित लेख")
    published_article(title="Only in English")
    page = client.get("/ne/articles/").content.decode()
    assert "अनुवादित लेख" in page
    assert "Translated in English" not in page
    assert re.search(r'<article class="card article-card" lang="en">\s', page)
    assert f'href="/ne/articles/{translated.slug}/"' in page


def test_translated_feed_lists_translations_in_their_language(client):
    article = published_article(title="English title")
    public_translation(article, title="नेपाली शीर्षक")
    published_article(title="Not translated")
    feed = client.get("/ne/feeds/articles/").content.decode()
    assert "नेपाली शीर्षक" in feed
    assert "Not translated" not in feed and "English title" not in feed
    assert f"/ne/articles/{article.slug}/" in feed
    english = client.get("/feeds/articles/").content.decode()
    assert "English title" in english and "Not translated" in english


def test_sitemap_lists_translations_only_where_public_with_alternates(client):
    article = published_article()
    public_translation(article)
    other = published_article()
    translate(other)  # not signed off
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/ne/articles/{article.slug}/</loc>" in sitemap
    assert f"/ne/articles/{other.slug}/" not in sitemap
    assert f'hreflang="ne" href="https://eduportal.test/ne/articles/{article.slug}/"' in sitemap
    assert "/ta/articles/" not in sitemap


@pytest.mark.parametrize("language", ["en", "ne"])
def test_article_page_query_budget_in_english_and_translated(
    client, settings, language, django_assert_num_queries
):
    """Pinned like the English page (tests/articles/test_views.py), rendered from scratch
    and then warm. Both pages read the article's public translations and their
    sign-offs (two queries, kept under the content version). The translated page skips
    the glossary terms (the glossary is English) and reads the related articles'
    translations in its language instead: the same count."""
    settings.PAGE_CACHE_ENABLED = False
    topics = [TopicFactory() for _ in range(3)]
    article = published_article(topics=topics, tags=["a", "b"], references=["R1", "R2"])
    public_translation(article)
    for _ in range(5):
        public_translation(published_article(topics=topics[:2]), specialist=None)
    url = f"/articles/{article.slug}/" if language == "en" else nepali_url(article)
    settings.FRAGMENT_CACHE_ENABLED = False
    client.get(url)  # content types and the content version are read once per process
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card article-card"') == 3
    settings.FRAGMENT_CACHE_ENABLED = True
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_comment_changes_reach_the_article_page_in_every_language(
    settings, django_capture_on_commit_callbacks
):
    from eduportal import pagecache

    article = published_article()
    paths = [f"/articles/{article.slug}/", nepali_url(article), f"/ta/articles/{article.slug}/"]
    before = [pagecache.current_version(path).path for path in paths]
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate_article_comments(article)
    after = [pagecache.current_version(path).path for path in paths]
    assert all(new != old for new, old in zip(after, before, strict=True))


def test_memoized_values_are_kept_per_language(settings):
    from django.utils import translation

    from eduportal import pagecache

    settings.FRAGMENT_CACHE_ENABLED = True
    with translation.override("ne"):
        assert pagecache.memo("probe", compute=lambda: "ne") == "ne"
    with translation.override("en"):
        assert pagecache.memo("probe", compute=lambda: "en") == "en"
    with translation.override("ne"):
        assert pagecache.memo("probe", compute=lambda: "other") == "ne"


def test_printable_questions_in_the_readers_language(client):
    article = published_article()
    article.care_team_questions = "Will I need blood tests?"
    article.save()
    article_services.record_revision(article=article, by=None)
    approve(article)
    url = f"/ne/articles/{article.slug}/questions/"
    assert client.get(url)["Location"] == f"/articles/{article.slug}/?untranslated=ne"
    public_translation(article)
    page = client.get(url).content.decode()
    assert "मेरो उपचार कति लामो हुन्छ?" in page
    assert "Will I need blood tests?" not in page
