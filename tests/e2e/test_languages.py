"""A reader changes the page's language with the keyboard and stays on the same page;
the Chinese and Nepali pages pass axe, use fonts for their scripts, and fit a phone.

(The translated-article journey, with its reviewed translation and axe on it, belongs to
the translated-articles work.)"""

import pytest

from tests.factories import TopicFactory, published_article

pytestmark = pytest.mark.django_db(transaction=True)


def focus_link_by_tab(page, name: str, most: int = 30):
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return page.locator(":focus")
    raise AssertionError(f"Tab never reached the link {name!r}")


def test_switch_language_with_the_keyboard_and_stay_on_the_page(page, assert_accessible):
    topic = TopicFactory(name="Breast cancer", slug="breast-cancer")
    published_article(title="What is immunotherapy?", topics=[topic])
    page.goto("/glossary/")
    assert page.locator("html").get_attribute("lang") == "en"

    link = focus_link_by_tab(page, "简体中文")
    assert link.get_attribute("lang") == "zh-Hans"
    # The focused link shows where the keyboard is.
    assert link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/zh-hans/glossary/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "词汇表"
    current = page.locator('.language-chooser a[aria-current="true"]')
    assert current.inner_text() == "简体中文"
    assert page.csp_errors == []

    # And back to English from the Chinese page, the same way.
    focus_link_by_tab(page, "English")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/glossary/") and "/zh-hans/" not in url)
    assert page.locator("h1").inner_text() == "Glossary"


@pytest.mark.parametrize(
    ("prefix", "lang", "script_font"),
    [("/zh-hans", "zh-Hans", "PingFang SC"), ("/ne", "ne", "Noto Sans Devanagari")],
)
def test_chinese_and_nepali_home_pages_are_accessible(
    page, assert_accessible, prefix, lang, script_font
):
    topic = TopicFactory(name="Breast cancer", slug="breast-cancer")
    published_article(title="What is immunotherapy?", topics=[topic])
    page.goto(f"{prefix}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page, context=f"home page in {lang}")
    # System fonts with the script come first; nothing is downloaded.
    assert script_font in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("document.fonts.size") == 0

    # A 320 px phone: the chooser wraps and the page does not scroll sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    for link in page.locator(".language-chooser a").all():
        box = link.bounding_box()
        assert box["height"] >= 24 and box["x"] + box["width"] <= 320


def test_switch_an_article_to_its_reviewed_nepali_translation_and_back(page, assert_accessible):
    """The chooser on an article leads to its signed-off Nepali translation, which says
    who reviewed it and passes axe; a language without a reviewed translation leads to
    the English page with a notice in that language."""
    from tests.translation_factories import public_translation

    topic = TopicFactory(name="Breast cancer", slug="breast-cancer")
    article = published_article(title="What is immunotherapy?", topics=[topic])
    public_translation(article, "ne")
    page.goto(article.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "en"

    link = focus_link_by_tab(page, "नेपाली", most=40)
    assert link.get_attribute("hreflang") == "ne"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ne/articles/{article.slug}/")
    assert page.locator("html").get_attribute("lang") == "ne"
    assert page.locator("h1").inner_text() == "इम्युनोथेरापी के हो?"
    notice = page.locator(".translation-notice")
    assert notice.is_visible()
    assert "ne-reviewer" not in notice.inner_text()  # the checked name, not the login
    assert notice.locator('a[hreflang="en"]').count() >= 1
    assert_accessible(page, context="article in Nepali")
    assert page.csp_errors == []

    # Tamil has no reviewed translation: the chooser says so and leads to English.
    tamil = page.locator('.language-chooser a[lang="ta"]')
    tamil.click()
    page.wait_for_url(f"**/articles/{article.slug}/?untranslated=ta")
    assert page.locator("html").get_attribute("lang") == "en"
    untranslated = page.locator(".untranslated-notice")
    assert untranslated.is_visible()
    assert untranslated.get_attribute("lang") == "ta"
    assert_accessible(page, context="English article with the Tamil notice")
