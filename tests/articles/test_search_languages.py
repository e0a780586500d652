"""Search in every language: the reader's language first, real words in Chinese, Malay,
Tamil and Nepali, hidden translations never found, a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import override

from articles import translations
from articles.models import ArticleTranslation
from articles.search import query_terms, search_articles
from articles.search_text import highlight, languages_of_script, words
from reviews import services as review_services
from reviews.models import TranslationSignoff
from stories.models import Story
from tests.factories import editor_user, published_article
from tests.reviews.factories import approve_review, submit
from tests.stories.factories import StoryFactory
from tests.translation_factories import language_reviewer, public_translation, translate

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL text search configurations"
)

# Our own words, in each language, about immunotherapy.
CHINESE = {
    "title": "什么是免疫疗法？",
    "summary": "免疫疗法帮助您的免疫系统对抗癌症。",
    "body": "## 它是什么\n\n免疫疗法是一种癌症治疗，帮助身体的免疫系统找到并攻击癌细胞。\n\n"
    "## 副作用\n\n常见的副作用有疲劳和皮疹。",
    "seo_title": "免疫疗法",
    "seo_description": "免疫疗法的简单介绍。",
    "questions": ["我的治疗要多久？"],
}
MALAY = {
    "title": "Apakah imunoterapi?",
    "summary": "Imunoterapi membantu sistem imun badan anda melawan kanser.",
    "body": "## Apakah ia\n\nImunoterapi ialah rawatan kanser yang membantu sistem pertahanan "
    "badan.\n\n## Kesan sampingan\n\nKesan sampingan biasa ialah keletihan dan ruam kulit.",
    "seo_title": "Imunoterapi",
    "seo_description": "Pengenalan ringkas kepada imunoterapi.",
    "questions": ["Berapa lama rawatan saya?"],
}
TAMIL = {
    "title": "நோயெதிர்ப்பு சிகிச்சை என்றால் என்ன?",
    "summary": "நோயெதிர்ப்பு சிகிச்சை உங்கள் உடல் புற்றுநோயை எதிர்க்க உதவுகிறது.",
    "body": "## இது என்ன\n\nநோயெதிர்ப்பு சிகிச்சை புற்றுநோய் செல்களைக் கண்டறிய உடலுக்கு "
    "உதவுகிறது.\n\n## பக்க விளைவுகள்\n\nசோர்வு மற்றும் தோல் அரிப்பு ஏற்படலாம்.",
    "seo_title": "நோயெதிர்ப்பு சிகிச்சை",
    "seo_description": "நோயெதிர்ப்பு சிகிச்சை பற்றிய எளிய அறிமுகம்.",
    "questions": ["என் சிகிச்சை எவ்வளவு காலம்?"],
}
NEPALI = {
    "title": "इम्युनोथेरापी के हो?",
    "summary": "इम्युनोथेरापीले तपाईंको प्रतिरक्षा प्रणालीलाई क्यान्सरसँग लड्न मद्दत गर्छ।",
    "body": "## यो के हो\n\nइम्युनोथेरापी क्यान्सरको एक उपचार हो। CAR-T पनि यस्तै हो।\n\n"
    "## असरहरू\n\nथकान र छालामा डाबर आउन सक्छ।",
    "seo_title": "इम्युनोथेरापी",
    "seo_description": "इम्युनोथेरापीको सरल परिचय।",
    "questions": ["मेरो उपचार कति लामो हुन्छ?"],
}
CONTENT = {"zh-hans": CHINESE, "ms": MALAY, "ta": TAMIL, "ne": NEPALI}


@pytest.fixture
def library(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        immunotherapy = published_article(
            title="What is immunotherapy?",
            summary="How immunotherapy helps your immune system fight cancer.",
            body="## What it is\n\nImmunotherapy is a cancer treatment.\n\n## Side effects\n\n"
            "Tiredness and a rash are common.",
        )
        car_t = published_article(
            title="CAR-T cell therapy",
            summary="A treatment made from your own cells.",
            body="CAR-T cells are changed in a laboratory to find cancer.",
        )
        reviewer = language_reviewer("zh-hans", "ms", "ta", "ne", username="polyglot")
        public = {
            language: public_translation(immunotherapy, language, specialist=reviewer, **content)
            for language, content in CONTENT.items()
        }
    return {"immunotherapy": immunotherapy, "car_t": car_t, "reviewer": reviewer, **public}


def found(outcome) -> list[tuple[str, str]]:
    return [(result.article.slug, result.language) for result in outcome.results]


# Words in every script -----------------------------------------------------------------


def test_words_keep_tamil_and_devanagari_marks_and_split_chinese_from_latin():
    assert words("நோயெதிர்ப்பு சிகிச்சை") == ["நோயெதிர்ப்பு", "சிகிச்சை"]
    assert words("इम्युनोथेरापी, प्रतिरक्षा।") == ["इम्युनोथेरापी", "प्रतिरक्षा"]
    assert words("CAR-T细胞疗法，副作用") == ["car-t", "细胞疗法", "副作用"]
    # A single Chinese character is a word; a single Latin letter is not.
    assert query_terms("癌 a b") == ["癌"]
    # Decomposed input (e.g. typed on another keyboard) is compared in NFC.
    assert words("cafe\u0301") == ["café"]


def test_a_query_in_a_script_names_its_language():
    assert languages_of_script("免疫疗法") == ["zh-hans"]
    assert languages_of_script("நோயெதிர்ப்பு") == ["ta"]
    assert languages_of_script("प्रतिरक्षा") == ["ne"]
    assert languages_of_script("imunoterapi") == []


def test_chinese_snippets_find_and_mark_words_inside_a_sentence():
    text = "常见的问题。" * 60 + "免疫疗法帮助身体。" + "其他内容。" * 60
    snippet = highlight(text, ["免疫"])
    assert "<mark>免疫</mark>疗法帮助身体" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


# The reader's language first -------------------------------------------------------------


@pytest.mark.parametrize(
    "language, query",
    [
        ("zh-hans", "免疫疗法"),
        ("zh-hans", "免疫"),  # two characters: no trigram, matched as written
        ("zh-hans", "癌症"),
        ("ms", "imunoterapi"),
        ("ms", "kesan sampingan"),
        ("ta", "நோயெதிர்ப்பு"),
        ("ta", "புற்றுநோய்"),
        ("ne", "इम्युनोथेरापी"),
        ("ne", "प्रतिरक्षा"),
    ],
)
def test_real_words_find_the_translation_in_each_language(library, language, query):
    outcome = search_articles(query, language=language)
    first = outcome.results[0]
    assert first.translation == library[language]
    assert first.title == CONTENT[language]["title"]
    with override(language):
        assert first.url == f"/{language}/articles/{library['immunotherapy'].slug}/"


def test_reader_language_first_then_english_marked_as_english(client, library):
    outcome = search_articles("car-t", language="ne")
    assert found(outcome) == [(library["immunotherapy"].slug, "ne"), (library["car_t"].slug, "en")]
    html = client.get("/ne/search/", {"q": "CAR-T"}).content.decode()
    nepali, english = html.index(NEPALI["title"]), html.index("CAR-T cell therapy")
    assert nepali < english
    assert '<li class="result" lang="en">' in html
    assert "result-language-note" in html


def test_an_english_query_on_the_nepali_page_still_finds_english_articles(library):
    outcome = search_articles("laboratory", language="ne")
    assert found(outcome) == [(library["car_t"].slug, "en")]


def test_a_chinese_query_on_the_english_page_finds_the_chinese_translation(client, library):
    outcome = search_articles("免疫疗法", language="en")
    assert found(outcome) == [(library["immunotherapy"].slug, "zh-hans")]
    html = client.get(reverse("articles:search"), {"q": "免疫疗法"}).content.decode()
    assert '<li class="result" lang="zh-Hans">' in html
    assert f'href="/zh-hans/articles/{library["immunotherapy"].slug}/"' in html


def test_an_article_found_in_both_languages_is_listed_once(library):
    # "CAR-T" is in the Nepali text and in the English text of the other article; the
    # immunotherapy article's English says "cancer", as its Nepali text does in Latin.
    outcome = search_articles("cancer", language="ne")
    slugs = [slug for slug, _language in found(outcome)]
    assert sorted(slugs) == sorted({library["immunotherapy"].slug, library["car_t"].slug})


def test_chinese_results_are_highlighted(library):
    outcome = search_articles("免疫", language="zh-hans")
    assert "<mark>免疫</mark>" in outcome.results[0].snippet


# Only what the public may read ------------------------------------------------------------


def test_a_translation_waiting_for_sign_off_is_never_found(library):
    article = library["car_t"]
    revision = translate(article, "ne", title="CAR-T कोष उपचार", summary="प्रयोगशालामा।",
                         body="## उपचार\n\nCAR-T कोषहरू प्रयोगशालामा बनाइन्छ।")  # fmt: skip
    outcome = search_articles("प्रयोगशालामा", language="ne")
    assert outcome.results == []
    review_services.sign_off_translation(
        revision=revision,
        reviewer=library["reviewer"].user,
        decision=TranslationSignoff.Decision.APPROVE,
    )
    outcome = search_articles("प्रयोगशालामा", language="ne")
    assert found(outcome) == [(article.slug, "ne")]


def test_a_withdrawn_translation_is_never_found(library, django_capture_on_commit_callbacks):
    article = library["immunotherapy"]
    editor = editor_user(username="safety-editor")
    with django_capture_on_commit_callbacks(execute=True):
        article.body += "\n\nCall your team at once if you have a fever."
        article.save()
        from articles import services as article_services

        revision = article_services.record_revision(article=article, by=editor)
        translations.mark_safety_relevant(revision=revision, by=editor, reason="New fever warning.")
        other = language_reviewer(username="english-reviewer")
        approve_review(submit(article, by=editor), other)
    assert ArticleTranslation.objects.get(pk=library["ne"].pk).withdrawn_at is not None
    assert search_articles("इम्युनोथेरापी", language="ne").results == []
    # The English article is still found on the Nepali page, in English.
    assert found(search_articles("immunotherapy", language="ne"))[0] == (article.slug, "en")


def test_stories_in_other_languages_match_by_their_words(library):
    story = StoryFactory(short_line="நோயெதிர்ப்பு சிகிச்சை எனக்கு உதவியது.")
    StoryFactory(short_line="நோயெதிர்ப்பு சிகிச்சை பற்றி.", moderation_status=Story.Moderation.PENDING)
    assert search_articles("நோயெதிர்ப்பு", language="ta").stories == [story]


# PostgreSQL: each language's own configuration -------------------------------------------


@postgres_only
@pytest.mark.parametrize(
    "language, query",
    [
        # Indonesian stemming serves Malay: "dibantu" (passive) meets "membantu".
        ("ms", "dibantu"),
        # Nepali stemming: "क्यान्सरमा" (in cancer) meets "क्यान्सरसँग" (with cancer).
        ("ne", "क्यान्सरमा"),
        # Tamil: word similarity finds another case ending of the same word.
        ("ta", "நோயெதிர்ப்பை"),
    ],
)
def test_postgres_finds_other_forms_of_a_word(library, language, query):
    assert query not in " ".join(CONTENT[language][k] for k in ("title", "summary", "body"))
    outcome = search_articles(query, language=language)
    assert [result.translation for result in outcome.results] == [library[language]]


# A constant number of queries in every language --------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans", "ms", "ta", "ne"])
def test_search_page_query_budget_in_every_language(
    client, library, language, django_assert_max_num_queries
):
    prefix = "" if language == "en" else f"/{language}"
    query = {"en": "immunotherapy", **{code: CONTENT[code]["title"][:6] for code in CONTENT}}
    # Synonyms, English articles, stories, specialists (with positions and specialties),
    # glossary; on a translated page also the public translations' approved revisions
    # in that language and the matching ones among them (articles_search_translations).
    budget = 7 if language == "en" else 9
    with django_assert_max_num_queries(budget):
        response = client.get(f"{prefix}/search/", {"q": query[language]})
    assert response.status_code == 200
    assert response.context["outcome"].results
    # Nothing found: the same again for the suggestion, and its vocabulary.
    with django_assert_max_num_queries(budget * 2 + 4):
        client.get(f"{prefix}/search/", {"q": "zzqx"})


def test_answers_are_kept_per_language(client, library, settings):
    settings.FRAGMENT_CACHE_ENABLED = True
    english = client.get("/search/", {"q": "免疫疗法"}).context["outcome"]
    chinese = client.get("/zh-hans/search/", {"q": "car-t"}).context["outcome"]
    assert english.language == "en" and chinese.language == "zh-hans"
    nepali = client.get("/ne/search/", {"q": "car-t"}).context["outcome"]
    assert found(nepali)[0] == (library["immunotherapy"].slug, "ne")
    assert found(client.get("/search/", {"q": "car-t"}).context["outcome"]) == [
        (library["car_t"].slug, "en")
    ]
