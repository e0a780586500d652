"""Crisis and medical-claim screening in Chinese, Malay, Tamil and Nepali, and in text
that mixes languages, with no false alarm on ordinary text in those scripts."""

import unicodedata

import pytest
from django.urls import reverse

from stories.demo import STORIES_IN_OTHER_LANGUAGES
from stories.models import Comment, ScreeningKeyword, Story
from stories.screening import matches, normalise, screen_text

from .factories import share_post

pytestmark = pytest.mark.django_db

CRISIS = {
    "zh-hans": [
        "我有时候真的想死。",
        "我不想活了，太累了。",
        "这几天我一直在想自杀的事。",
        "我想结束自己的生命。",
        "我觉得没有我会更好。",
        "我又开始伤害自己了。",
    ],
    "ms": [
        "Kadang-kadang saya rasa nak bunuh diri.",
        "Saya tak mahu hidup lagi.",
        "Saya rasa lebih baik mati sahaja.",
        "Saya mahu menamatkan hidup saya.",
        "Keluarga saya lebih baik tanpa saya.",
    ],
    "ta": [
        "நான் தற்கொலைக்கு முயன்றேன்.",
        "எனக்கு சாக வேண்டும் போல இருக்கிறது.",
        "இனி வாழ விருப்பமில்லை.",
        "என் உயிரை மாய்த்துக்கொள்ள நினைக்கிறேன்.",
        "நான் என்னை நானே காயப்படுத்திக் கொண்டேன்.",
    ],
    "ne": [
        "मैले आत्महत्याको बारेमा सोचें।",
        "मलाई मर्न मन लाग्छ।",
        "अब बाँच्न मन छैन।",
        "म मर्न चाहन्छु।",
        "मैले आफूलाई चोट पुर्‍याएँ।",  # with the zero-width joiner Nepali keyboards type
    ],
}

MEDICAL_CLAIMS = {
    "zh-hans": "朋友说这个偏方可以治愈癌症。",
    "ms": "Ubat ajaib ini boleh menyembuhkan kanser.",
    "ta": "இந்த மூலிகை புற்றுநோயைக் குணப்படுத்தும் என்று சொன்னார்கள்.",
    "ne": "यो जडीबुटीले क्यान्सर निको पार्छ।",
}

# Ordinary things people write about treatment, fear and hope: no crisis flag.
HARMLESS = {
    "zh-hans": [
        "治疗很辛苦，但是护士一直陪着我。",
        "我不想死，我想看着孩子长大。",  # "I don't want to die": fear, not a crisis
        "化疗以后我很累，所以每天早上只散步二十分钟。",
        "医生说癌细胞已经缩小了。",
    ],
    "ms": [
        "Rawatan kemoterapi membuat saya sangat letih.",
        "Saya tak nak mati, saya mahu melihat anak-anak saya membesar.",
        "Doktor berkata sel kanser sudah mengecil.",
    ],
    "ta": [
        "கீமோதெரபி சிகிச்சையின் போது நான் மிகவும் சோர்வாக இருந்தேன்.",
        "என் குடும்பம் எனக்கு மிகவும் உதவியது.",
        "மருத்துவர் ஒவ்வொரு படியையும் பொறுமையாக விளக்கினார்.",
    ],
    "ne": [
        "केमोथेरापीको बेला म धेरै थाकेँ।",
        "जाँच अघि अझै पनि अलिकति डर लाग्छ।",
        "म मर्न चाहँदिन, म मेरा नातिनातिना हुर्केको हेर्न चाहन्छु।",
        "डाक्टरले धैर्यपूर्वक सबै कुरा बुझाउनुभयो।",
    ],
}


@pytest.mark.parametrize(
    "language,sentence",
    [(language, sentence) for language, sentences in CRISIS.items() for sentence in sentences],
)
def test_crisis_phrasing_in_each_language_is_recognised(language, sentence):
    assert screen_text(sentence).crisis, sentence


@pytest.mark.parametrize("language,sentence", MEDICAL_CLAIMS.items())
def test_medical_claims_in_each_language_are_flagged(language, sentence):
    result = screen_text(sentence)
    assert result.medical and not result.crisis, sentence


@pytest.mark.parametrize(
    "language,sentence",
    [(language, sentence) for language, sentences in HARMLESS.items() for sentence in sentences],
)
def test_no_false_alarm_on_ordinary_text_in_each_script(language, sentence):
    assert screen_text(sentence).crisis == [], sentence


@pytest.mark.parametrize("spec", STORIES_IN_OTHER_LANGUAGES, ids=lambda spec: spec["language"])
def test_no_flag_on_the_demo_stories_in_other_languages(spec):
    assert not screen_text(spec["short_line"], spec["text"]).flagged


def test_mixed_language_text_is_screened_in_every_language():
    # Declared English, written in English and Malay; and Chinese inside English.
    assert screen_text("Thank you doctor. Tapi kadang-kadang saya nak bunuh diri.").crisis
    assert screen_text("Honestly some nights 我真的想死 and I cannot sleep.").crisis
    assert screen_text("Ennaku romba kastama irukku, தற்கொலை பற்றி யோசிக்கிறேன்").crisis


def test_chinese_matches_inside_text_without_spaces():
    assert matches("想死", "我有时候想死")
    assert not matches("想死", "我不想死")  # a negation straight before is ignored
    assert matches("不想活", "我真的不想活了")  # unless the phrase itself starts with one


def test_tamil_and_nepali_words_match_with_endings_but_only_from_the_start():
    assert matches("தற்கொலை", "தற்கொலைக்கு")
    assert matches("आत्महत्या", "आत्महत्याको")
    # Not inside another word.
    assert not matches("मर्न मन लाग्छ", "समर्न मन लाग्छ")


def test_decomposed_vowel_signs_and_joiners_are_read_like_the_composed_text():
    composed = "தற்கொலை"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert matches("தற்கொலை", decomposed)
    assert normalise("पुर\u094d\u200dयाएँ") == normalise("पुर्याएँ")
    # Vowel signs stay inside their word: they are not punctuation.
    assert normalise("மிக்க நன்றி!") == "மிக்க நன்றி"


def test_every_language_has_tagged_phrases_and_english_ones_are_tagged_too():
    tagged = set(ScreeningKeyword.objects.values_list("language", "kind").distinct())
    for language in ["en", "zh-hans", "ms", "ta", "ne"]:
        assert (language, "crisis") in tagged and (language, "medical_claim") in tagged
    assert not ScreeningKeyword.objects.filter(language="").exists()


def test_a_moderator_adds_a_phrase_in_a_language_and_it_works_at_once():
    sentence = "சில நேரம் எல்லாம் முடிந்துவிட்டது போல தோன்றுகிறது."
    assert screen_text(sentence).crisis == []
    ScreeningKeyword.objects.create(kind="crisis", phrase="எல்லாம் முடிந்துவிட்டது", language="ta")
    assert screen_text(sentence).crisis == ["எல்லாம் முடிந்துவிட்டது"]


def test_story_in_nepali_with_a_crisis_phrase_shows_support_and_is_flagged(client, topic):
    text = "मलाई मर्न मन लाग्छ। " * 20
    response = client.post(
        reverse("stories:share"), share_post(topic, language="ne", text=text), follow=True
    )
    html = response.content.decode()
    assert "You do not have to face this alone" in html
    assert 'href="/support/"' in html
    story = Story.objects.get()
    assert story.flagged_crisis and story.language == "ne"


def test_comment_in_chinese_with_a_crisis_phrase_shows_support(client, article):
    post = {
        "name": "小明",
        "email": "xm@example.org",
        "body": "谢谢。我最近常常想自杀。",
        "consent_privacy": "on",
        "website": "",
    }
    response = client.post(
        reverse("stories:comment", kwargs={"slug": article.slug}), post, follow=True
    )
    assert "You do not have to face this alone" in response.content.decode()
    assert Comment.objects.get().flagged_crisis


@pytest.mark.parametrize(
    "country,number", [("SG", "1767"), ("MY", "03-7627 2929"), ("IN", "14416")]
)
def test_support_page_lists_a_crisis_line_where_our_readers_live(client, country, number):
    html = client.get(reverse("support"), {"country": country}).content.decode()
    assert number in html
    assert "995 in Singapore, 999 in Malaysia, 112 in India" in html
