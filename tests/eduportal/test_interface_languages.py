"""The interface in five languages: the chooser on every page, `lang`, `hreflang`
alternates, translated words, dates written the language's way, and the query budget of
pages shown in another language (only the interface is translated on these pages)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from eduportal import loaddata

pytestmark = pytest.mark.django_db

PREFIXES = {"en": "", "zh-hans": "/zh-hans", "ms": "/ms", "ta": "/ta", "ne": "/ne"}
BCP47 = {"en": "en", "zh-hans": "zh-Hans", "ms": "ms", "ta": "ta", "ne": "ne"}
NAMES = dict(settings.LANGUAGES)


@pytest.fixture
def site(settings):
    """One page of each kind, with content enough to show everything around it."""
    from tests.factories import TopicFactory, published_article
    from tests.reviews.factories import verified_specialist
    from tests.stories.factories import StoryFactory

    settings.PAGE_CACHE_ENABLED = False
    topic = TopicFactory(slug="breast-cancer", name="Breast cancer")
    article = published_article(
        topics=[topic], tags=["fatigue"], care_team_questions="Is this right for me?"
    )
    specialist = verified_specialist()
    story = StoryFactory()
    return {
        "home": "/",
        "article list": "/articles/",
        "topic page": f"/articles/?topic={topic.slug}",
        "tag page": "/tags/fatigue/",
        "glossary": "/glossary/",
        "search": "/search/?q=immunotherapy",
        "questions": f"/articles/{article.slug}/questions/",
        "change history": f"/articles/{article.slug}/history/",
        "specialist list": "/specialists/",
        "specialist": specialist.get_absolute_url(),
        "story list": "/stories/",
        "story": story.get_absolute_url(),
        "share a story": "/stories/share/",
        "support": "/support/",
        "site page": "/about/",
        "article": article.get_absolute_url(),
    }


@pytest.fixture
def small_site(settings):
    """The benchmark's content, for query budgets comparable with the English pins."""
    settings.PAGE_CACHE_ENABLED = False
    loaddata.Generator(loaddata.SCALES["small"]).run()
    from reviews.models import Specialist

    return {"specialist": Specialist.objects.public().filter(slug__startswith="load-").first()}


def chooser_links(html: str) -> list[dict]:
    nav = re.search(r'<nav class="language-chooser"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no language chooser on the page"
    links = []
    for attributes, text in re.findall(r"<a ([^>]*)>(.*?)</a>", nav.group(1), re.S):
        links.append(
            {
                "href": re.search(r'href="([^"]*)"', attributes).group(1),
                "lang": re.search(r'\blang="([^"]*)"', attributes).group(1),
                "hreflang": re.search(r'hreflang="([^"]*)"', attributes).group(1),
                "current": 'aria-current="true"' in attributes,
                "text": re.sub(r"<[^>]+>", "", text).strip(),
            }
        )
    return links


def hreflang_links(html: str) -> dict[str, str]:
    head = html.split("</head>")[0]
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))


# The article page and its printable questions give their own alternates (they exist in
# a language only with a signed-off translation: tests/articles/test_translated_pages.py);
# only the interface-only pages are checked link by link here.
INTERFACE_PAGES = [
    "home", "article list", "topic page", "tag page", "glossary", "search",
    "change history", "specialist list", "specialist", "story list", "story",
    "share a story", "support", "site page",
]  # fmt: skip


@pytest.mark.parametrize("language", list(PREFIXES))
@pytest.mark.parametrize("page", INTERFACE_PAGES)
def test_every_page_has_the_chooser_with_every_language_and_the_same_content(site, page, language):
    path = site[page]
    bare = path.partition("?")[0]
    response = Client().get(PREFIXES[language] + path)
    assert response.status_code == 200, (page, language)
    html = response.content.decode()
    assert f'<html lang="{BCP47[language]}">' in html

    links = chooser_links(html)
    assert [link["text"] for link in links] == [NAMES[code] for code in PREFIXES]
    for link, code in zip(links, PREFIXES, strict=True):
        # The same page in that language (the query string is left behind: a search or
        # a filter starts again in the new language).
        assert link["href"] == PREFIXES[code] + bare, (page, code)
        assert link["lang"] == link["hreflang"] == BCP47[code]
        assert link["current"] is (code == language)


@pytest.mark.parametrize("language", list(PREFIXES))
def test_hreflang_alternates_are_absolute_and_include_x_default(site, language):
    html = Client().get(PREFIXES[language] + "/specialists/").content.decode()
    alternates = hreflang_links(html)
    site_url = settings.SITE_URL
    assert alternates == {
        "en": f"{site_url}/specialists/",
        "zh-Hans": f"{site_url}/zh-hans/specialists/",
        "ms": f"{site_url}/ms/specialists/",
        "ta": f"{site_url}/ta/specialists/",
        "ne": f"{site_url}/ne/specialists/",
        "x-default": f"{site_url}/specialists/",
    }


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en_GB"), ("zh-hans", "zh_CN"), ("ms", "ms_MY"), ("ta", "ta_IN"), ("ne", "ne_NP")],
)
def test_link_previews_name_the_pages_language_and_its_others(site, language, locale):
    html = Client().get(PREFIXES[language] + "/specialists/").content.decode()
    head = html.split("</head>")[0]
    assert f'<meta property="og:locale" content="{locale}">' in head
    alternates = re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', head)
    assert sorted(alternates) == sorted({"en_GB", "zh_CN", "ms_MY", "ta_IN", "ne_NP"} - {locale})


def test_an_untranslated_article_offers_link_previews_no_other_language(site):
    head = Client().get(site["article"]).content.decode().split("</head>")[0]
    assert '<meta property="og:locale" content="en_GB">' in head
    assert "og:locale:alternate" not in head


def test_the_article_page_lists_every_language_in_its_chooser(site):
    """Which languages have this article is the article view's to say; every language
    is offered, English is the current one and the default alternate."""
    html = Client().get(site["article"]).content.decode()
    links = chooser_links(html)
    assert [link["lang"] for link in links] == list(BCP47.values())
    assert [link["current"] for link in links] == [True, False, False, False, False]
    assert hreflang_links(html)["x-default"] == settings.SITE_URL + site["article"]


def test_a_language_without_the_content_links_to_its_fallback_and_says_so(rf):
    """An alternate marked unavailable (no reviewed translation) still links, to the
    English page, and says in its own language that the page is in English."""
    from django.template.loader import render_to_string

    from eduportal.i18n import LanguageAlternate

    alternates = [
        LanguageAlternate("en", "English", "/articles/x/", current=True),
        LanguageAlternate("ms", "Bahasa Melayu", "/articles/x/?untranslated=ms", available=False),
        LanguageAlternate("ne", "नेपाली", "/ne/articles/x/"),
    ]
    context = {"language_alternates": alternates}
    chooser = render_to_string("includes/language_chooser.html", context)
    links = chooser_links(chooser)
    assert links[1]["href"] == "/articles/x/?untranslated=ms"
    assert links[1]["lang"] == "ms" and links[1]["hreflang"] == "en"
    assert links[1]["text"].split() == ["Bahasa", "Melayu", "(halaman", "bahasa", "Inggeris)"]
    assert links[2]["text"] == "नेपाली"
    head = render_to_string("includes/hreflang_links.html", context)
    assert 'hreflang="ms"' not in head, "only pages that exist are offered to search engines"
    assert 'hreflang="ne"' in head and 'hreflang="x-default"' in head


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["跳到主要内容", "最新文章", "按主题浏览", "选择语言"]),
        ("ms", ["Langkau ke kandungan utama", "Artikel terkini", "Lihat mengikut topik"]),
        ("ta", ["முதன்மை உள்ளடக்கத்துக்குச் செல்லுங்கள்", "புதிய கட்டுரைகள்"]),
        ("ne", ["मुख्य सामग्रीमा जानुहोस्", "नयाँ लेखहरू", "विषयअनुसार हेर्नुहोस्"]),
    ],
)
def test_home_page_interface_is_in_the_language(site, language, words):
    html = Client().get(PREFIXES[language] + "/").content.decode()
    for word in words:
        assert word in html
    assert "Skip to main content" not in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "We could not find that page"), ("zh-hans", "我们找不到这个页面"),
     ("ms", "Kami tidak dapat menjumpai halaman itu"),
     ("ta", "அந்தப் பக்கத்தை எங்களால் கண்டுபிடிக்க முடியவில்லை"),
     ("ne", "हामीले त्यो पृष्ठ भेट्टाउन सकेनौं")],
)  # fmt: skip
def test_the_404_page_speaks_the_language_of_its_address(db, language, heading):
    response = Client().get(PREFIXES[language] + "/articles/no-such-article/")
    assert response.status_code == 404
    html = response.content.decode()
    assert heading in html
    assert f'<html lang="{BCP47[language]}">' in html
    assert 'hreflang="' not in html.split("</head>")[0], "no alternates for a missing page"
    # The chooser offers the home page in each language (the missing page has none).
    links = chooser_links(html)
    assert [link["href"] for link in links] == ["/", "/zh-hans/", "/ms/", "/ta/", "/ne/"]
    assert [link["current"] for link in links] == [code == language for code in PREFIXES]


def test_site_pages_written_in_english_are_marked_english_on_other_pages(site):
    english = Client().get("/about/").content.decode()
    malay = Client().get("/ms/about/").content.decode()
    assert '<article class="container narrow prose flatpage">' in english
    assert '<article class="container narrow prose flatpage" lang="en">' in malay
    assert "Tentang laman ini" in malay  # the interface around it is in Malay


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "2 January 2026"),
        ("zh-hans", "2026年1月2日"),
        ("ms", "2 Januari 2026"),
        ("ta", "2 ஜனவரி 2026"),
        ("ne", "2 जनवरी 2026"),
    ],
)
def test_dates_are_written_the_languages_way(language, written):
    template = Template("{% load eduportal %}{% human_date day %}")
    with translation.override(language):
        html = template.render(Context({"day": date(2026, 1, 2)}))
    assert html == f'<time datetime="2026-01-02">{written}</time>'


def test_the_chinese_article_list_has_no_english_month_names(site):
    html = Client().get("/zh-hans/articles/").content.decode()
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    main = html.split('<main id="main"')[1].split("</main>")[0]
    shown_dates = re.findall(r"<time [^>]*>([^<]*)</time>", main)
    assert shown_dates and all(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", d) for d in shown_dates)
    assert not any(month in " ".join(shown_dates) for month in months)


def test_html_lang_is_the_bcp47_tag_even_without_a_request_context():
    from django.template.loader import render_to_string

    with translation.override("zh-hans"):
        html = render_to_string("500.html")
    assert '<html lang="zh-Hans">' in html
    assert "抱歉，我们这边出了问题" in html


def test_main_navigation_marks_the_current_section_in_every_language(site):
    html = Client().get("/ne/specialists/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert re.search(r'href="/ne/specialists/" aria-current="page"', nav)
    assert 'href="/ne/articles/"' in nav and 'href="/ne/articles/" aria-current' not in nav


# Pages shown in another language: the interface words come from the catalogue, not
# the database, so they run the queries of tests/eduportal/test_query_budget.py plus
# one per list of article cards, which reads those articles' public translations in
# the reader's language (articles.translations): home 8 + 2 (featured, latest), article
# list 4 + 1, search 5 + 1 (the translated results first), specialist 9 + 2 (articles
# written, articles reviewed). Warm pages run none, as in English.
LANGUAGE_BUDGETS = {
    "home": ("/", 10, 0),
    "article list, a later page": ("/articles/?page=2", 5, 0),
    "search": ("/search/?q=immunotherapy+side+effects", 6, 0),
    "story list": ("/stories/", 4, 0),
    "specialist": (None, 11, 0),
}


@pytest.mark.parametrize("language", ["zh-hans", "ne"])
@pytest.mark.parametrize("page", LANGUAGE_BUDGETS)
def test_pages_in_another_language_keep_the_english_query_budget(
    small_site, page, language, settings, django_assert_max_num_queries
):
    path, cold, warm = LANGUAGE_BUDGETS[page]
    path = PREFIXES[language] + (path or small_site[page].get_absolute_url())
    client = Client()
    settings.FRAGMENT_CACHE_ENABLED = False
    client.get(path)
    with django_assert_max_num_queries(cold):
        assert client.get(path).status_code == 200
    settings.FRAGMENT_CACHE_ENABLED = True
    client.get(path)
    with django_assert_max_num_queries(warm):
        assert client.get(path).status_code == 200
