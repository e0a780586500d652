"""Browser journeys of issue 11: an urgent box, the glossary, grouped search, the share
form's error journey and the header at 360px, each checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Topic
from tests.factories import TopicFactory, approved_term, published_article
from tests.reviews.factories import verified_specialist
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

SIDE_EFFECTS = """Most side effects are mild.

::: urgent
- A temperature of 38°C or above
- A new cough
:::

## What are the common side effects?

Tiredness is common. Some people have a rash.

::: information Most are mild
Most people have mild side effects.
:::
"""


def test_an_urgent_box_cannot_be_missed_and_is_announced(page, assert_accessible):
    article = published_article(title="Side effects", body=SIDE_EFFECTS)
    page.goto(article.get_absolute_url())
    box = page.locator("section.callout-urgent")
    assert box.is_visible()
    # A named region: screen readers list it among landmarks with its heading.
    region = page.get_by_role("region", name="Urgent advice: call your care team now")
    assert region.count() == 1
    heading = page.get_by_role("heading", name="Urgent advice: call your care team now")
    assert heading.evaluate("el => el.tagName") == "H2"
    assert page.get_by_role("note", name="Information: Most are mild").count() == 1
    # High contrast: a strong red border and dark text on a light tint.
    colour = box.evaluate("el => getComputedStyle(el).borderLeftColor")
    assert colour == "rgb(179, 38, 30)"
    # Kept in print.
    page.emulate_media(media="print")
    assert box.is_visible()
    page.emulate_media(media="screen")
    assert_accessible(page, context="article with an urgent box")
    assert page.csp_errors == []


def test_glossary_explains_a_term_in_place_with_the_keyboard(page, assert_accessible):
    approved_term(
        term="HER2", definition="A protein on some breast cancer cells that helps them grow."
    )
    approved_term(term="PD-L1", definition="A protein that turns immune cells off.")
    article = published_article(body="Cancers with extra HER2 grow faster.\n\nHER2 again.")
    page.goto(article.get_absolute_url())
    summary = page.get_by_text("What does “HER2” mean?")
    definition = page.get_by_text("A protein on some breast cancer cells")
    assert summary.is_visible() and not definition.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert definition.is_visible()
    assert page.locator("details.glossary-details").count() == 1
    assert_accessible(page, context="article with a glossary term")

    page.get_by_role("link", name="All terms in the glossary").click()
    page.wait_for_url("**/glossary/#her2")
    assert page.get_by_role("heading", name="Glossary", level=1).is_visible()
    page.get_by_role("link", name="P", exact=True).click()
    assert page.locator("#pd-l1").is_visible()
    assert_accessible(page, context="A–Z glossary")
    assert page.csp_errors == []


def test_grouped_search_understands_patients_words(page, assert_accessible):
    topic = TopicFactory(name="Breast cancer", slug="breast-cancer", kind=Topic.Kind.CANCER_TYPE)
    published_article(title="Coping with nausea", body="Nausea can ease with small meals.")
    StoryFactory(cancer_type=topic, short_line="Feeling sick was the hardest part.")
    verified_specialist(full_name="Grace Hopewell", bio="Helps people with nausea.")
    approved_term(term="Antiemetic", definition="A medicine that stops nausea.")
    page.goto("/search/")
    page.get_by_label("Search articles, stories, specialists and the glossary").fill("feeling sick")
    page.get_by_role("button", name="Search").click()
    for heading in ("Articles", "Survivor stories", "Specialists", "Glossary"):
        assert page.get_by_role("heading", name=heading, level=2).is_visible(), heading
    assert page.get_by_role("link", name="Coping with nausea").is_visible()
    assert page.get_by_text("We also looked for words that mean the same").is_visible()
    assert_accessible(page, context="grouped search results")

    page.goto("/search/?q=nausia")
    page.get_by_role("link", name="nausea").click()
    assert page.get_by_role("heading", name="Articles", level=2).is_visible()
    assert page.csp_errors == []


def test_share_form_error_journey_follows_the_gov_uk_pattern(page, assert_accessible):
    TopicFactory(name="Breast cancer", slug="breast-cancer", kind=Topic.Kind.CANCER_TYPE)
    page.goto("/stories/share/")
    page.get_by_label("Your age (optional)").fill("fifty")
    page.get_by_role("button", name="Send my story").click()
    # expect() waits for the answer to load: a loaded machine may take a moment.
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator("#story-form-errors")
    assert summary.evaluate("el => el === document.activeElement")
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    links = summary.get_by_role("link")
    assert links.count() >= 6
    assert links.first.inner_text() == "Please tell us the name to show."
    # Each problem links to its field, and the field takes focus.
    summary.get_by_role("link", name="Please enter your age as a number, for example 54.").click()
    assert page.evaluate("document.activeElement.id") == "story-age"
    assert page.get_by_label("Your age (optional)").input_value() == "fifty"
    summary.get_by_role(
        "link", name="Please choose the option closest to where you are today."
    ).click()
    assert page.evaluate("document.activeElement.name") == "status"
    assert page.get_by_text("A photo (optional)", exact=True).count() == 1
    picker = page.get_by_label("Choose a photo to upload")
    assert picker.get_attribute("type") == "file"
    assert_accessible(page, context="share form with errors")
    assert page.csp_errors == []


def test_header_navigation_fits_one_row_at_360px(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/")
    tops = page.locator(".site-nav li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) == 4 and len(set(tops)) == 1, tops
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    context.close()
