import pytest

from tests.factories import published_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_is_accessible_and_skip_link_focuses_main(page, assert_accessible):
    published_article(title="What is immunotherapy?")
    page.goto("/")
    assert page.locator("h1").first.is_visible()
    assert_accessible(page, context="home page")

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.csp_errors == []
