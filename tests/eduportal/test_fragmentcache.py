"""The same invalidation, with the full-page cache off: the cached template fragments
and computed lists (counts, filters, search answers) follow every change too."""

import re

import pytest

from tests.eduportal.test_pagecache import (  # noqa: F401 - collected here in this mode
    article,
    commit,
    test_a_comment_decision_drops_only_its_article_page,
    test_a_scheduled_article_appears_when_its_time_comes_without_any_edit,
    test_a_story_leaving_the_site_drops_the_cached_pages,
    test_a_topic_edit_in_the_admin_shows_at_once,
    test_a_withdrawn_story_vanishes_from_every_cached_page_photo_included,
    test_an_author_edit_in_the_admin_shows_at_once,
    test_approving_a_new_revision_shows_at_once,
    test_approving_a_story_shows_it,
    test_publishing_and_archiving_show_at_once_on_every_list,
    topic,
)
from tests.factories import published_article
from tests.translation_factories import (  # noqa: F401 - a fixture
    english_afterwards,
    public_translation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Named as in test_pagecache so it replaces that module's fixture here."""
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


def test_fragments_are_reused_without_queries(client, django_assert_max_num_queries):
    item = published_article(title="Counted once")
    client.get("/articles/")
    client.get(item.get_absolute_url())
    with django_assert_max_num_queries(0):
        assert b"Counted once" in client.get("/articles/").content
    # The article row is read to answer 404 for unpublished ones; the rest is cached.
    with django_assert_max_num_queries(3):
        assert b"Counted once" in client.get(item.get_absolute_url()).content


def test_search_answers_follow_publication(client, commit):  # noqa: F811
    from articles import services as article_services
    from tests.factories import ArticleFactory, approve

    draft = approve(ArticleFactory(title="Findable words here"))
    assert b"Findable words here" not in client.get("/search/?q=findable").content
    commit(article_services.publish_article, article=draft, by=None)
    assert b"Findable words here" in client.get("/search/?q=findable").content


def chooser_link(html: str, language: str) -> str:
    link = re.search(rf'<a href="[^"]+" lang="{language}"[^>]*>.*?</a>', html, re.S)
    assert link, f"the language chooser links to {language}"
    return link[0]


def test_the_page_chrome_is_kept_per_address_and_language(client, english_afterwards):  # noqa: F811
    """Navigation, language chooser and footer are cached fragments: each address keeps
    its own (the current section, the chooser's links) and each language its own words."""
    published_article(title="Chrome")
    for _ in range(2):  # the second round reads every fragment from the cache
        articles = client.get("/articles/").content.decode()
        stories = client.get("/stories/").content.decode()
        nepali = client.get("/ne/stories/").content.decode()
    assert '<a href="/articles/" aria-current="page">' in articles
    assert '<a href="/stories/" aria-current="page">' not in articles
    assert '<a href="/stories/" aria-current="page">' in stories
    assert 'href="/ne/articles/"' in chooser_link(articles, "ne")
    assert 'href="/ne/stories/"' in chooser_link(stories, "ne")
    assert 'aria-current="true"' in chooser_link(nepali, "ne")
    assert 'aria-current="true"' not in chooser_link(stories, "ne")
    footer = re.search(r'<footer class="site-footer">.*?</footer>', nepali, re.S)[0]
    english_footer = re.search(r'<footer class="site-footer">.*?</footer>', stories, re.S)[0]
    assert footer != english_footer and "Editorial policy" in english_footer
    assert 'hreflang="x-default" href="https://eduportal.test/stories/"' in stories


def test_the_language_chooser_follows_a_translation_sign_off(
    client,
    commit,  # noqa: F811
    english_afterwards,  # noqa: F811
):
    item = published_article(title="Chooser follows sign-off")
    before = client.get(item.get_absolute_url()).content.decode()
    assert "language-fallback" in chooser_link(before, "ne")
    assert 'hreflang="ne"' not in before.split("</head>")[0]
    commit(public_translation, item, "ne")
    after = client.get(item.get_absolute_url()).content.decode()
    assert "language-fallback" not in chooser_link(after, "ne")
    assert 'hreflang="ne"' in after.split("</head>")[0]
