"""A patient reading, searching, browsing by tag and printing; axe on every page type."""

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(django_capture_on_commit_callbacks):
    import io

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    return Article.objects.published()


def test_patient_finds_an_article_through_search(page, demo_site, assert_accessible):
    page.goto("/")
    page.get_by_label("Search articles").fill("side effects")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=side+effects")
    assert "Results for" in page.locator(".result-count").inner_text()
    assert page.locator(".snippet mark").count() > 0
    assert_accessible(page, context="search results")

    page.get_by_role(
        "link", name="Immunotherapy side effects and when to call your care team"
    ).click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Immunotherapy side effects and when to call your care team"
    assert page.locator(".toc").is_visible()
    assert page.locator(".references li").count() >= 1
    assert_accessible(page, context="article page")
    assert page.csp_errors == []


def test_patient_browses_by_tag_and_topic(page, demo_site, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="Checkpoint inhibitors explained").first.click()
    page.get_by_role("link", name="pembrolizumab", exact=True).click()
    page.wait_for_url("**/tags/pembrolizumab/")
    assert_accessible(page, context="tag page")
    cards = page.locator(".article-card h3")
    assert cards.count() >= 2
    cards.first.locator("a").click()
    assert page.locator("h1#article-title").is_visible()

    page.goto("/articles/")
    assert_accessible(page, context="article list")
    page.get_by_role("link", name="Immunotherapy (").click()
    assert page.locator("h1").inner_text() == "Immunotherapy"
    assert page.locator(".article-card").count() >= 3


def test_no_results_suggests_a_spelling(page, demo_site, assert_accessible):
    page.goto("/search/?q=imunotherapy")
    suggestion = page.locator(".suggestion a")
    assert suggestion.inner_text() == "immunotherapy"
    assert_accessible(page, context="search without results")
    suggestion.click()
    assert page.locator(".result").count() >= 3


def test_standing_pages_and_404_are_accessible(page, demo_site, assert_accessible):
    for path in ("/editorial-policy/", "/privacy/"):
        page.goto(path)
        assert_accessible(page, context=path)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "We could not find that page"
    assert_accessible(page, context="404 page")


def test_print_view_keeps_title_byline_dates_references_and_address(page, demo_site, live_server):
    page.goto("/articles/what-is-immunotherapy-for-breast-cancer/")
    page.emulate_media(media="print")
    assert page.locator("h1#article-title").is_visible()
    assert page.locator(".byline").is_visible()
    assert page.locator(".article-dates time").first.is_visible()
    assert page.locator(".references").is_visible()
    assert page.locator(".print-only").is_visible()
    assert f"Page address: {live_server.url}/" in page.locator(".print-only").inner_text()
    assert page.locator(".care-questions").is_visible()
    for hidden in (".site-header", ".site-footer", ".share", ".feedback", ".comments",
                   ".related-stories", ".story-card", ".support-box"):  # fmt: skip
        assert page.locator(hidden).count() == 0 or not page.locator(hidden).first.is_visible(), (
            hidden
        )
    # Story cards are on this page, and do not print (issue 11).
    page.emulate_media(media="screen")
    assert page.locator(".related-stories .story-card").first.is_visible()


def test_feedback_form_reaches_the_editors(page, demo_site, assert_accessible):
    from articles.models import Feedback

    page.goto("/articles/when-immunotherapy-stops-working/")
    page.get_by_role("button", name="Send").click()
    assert "Please choose one of the answers." in page.content()
    assert_accessible(page, context="feedback form with errors")
    page.get_by_label("Error report").check()
    page.get_by_label("Anything to add? (optional)").fill("The second heading has a typo.")
    page.get_by_role("button", name="Send").click()
    thanks = page.locator("#feedback-thanks")
    assert thanks.is_visible() and "Our editors read every message." in thanks.inner_text()
    # Where the reader is, and focused: not a message at the top of the page.
    assert page.evaluate("document.activeElement.id") == "feedback-thanks"
    assert page.locator(".container.messages").count() == 0
    assert Feedback.objects.filter(kind="error", message="The second heading has a typo.").exists()


def test_responsive_hero_image_uses_webp_with_dimensions(page, demo_site):
    page.goto("/articles/antibody-drug-conjugates/")
    hero = page.locator(".hero-figure img")
    assert hero.get_attribute("width") and hero.get_attribute("height")
    assert "480w" in hero.get_attribute("srcset")
    assert page.locator('.hero-figure source[type="image/webp"]').count() == 1
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate("document.querySelector('.hero-figure img').currentSrc").endswith(".webp")
