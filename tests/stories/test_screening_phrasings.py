"""Crisis screening recognises phrasings, not only keywords, with no false alarm on
ordinary medical text (including every demo article)."""

import pytest

from articles.demo import ARTICLES, CONTENT_DIR
from articles.rendering import plain_text
from stories.models import ScreeningKeyword
from stories.screening import compile_phrase, matches, normalise, screen_text

pytestmark = pytest.mark.django_db

# Ways people say it. Each must raise the crisis flag.
CRISIS_SENTENCES = [
    "I don't want to live anymore.",
    "I dont want to live any more",
    "Honestly I do not want to be alive.",
    "Some days I just don’t want to wake up.",
    "I don't want to be here any more.",
    "I no longer want to live like this.",
    "Some nights I want to die.",
    "I wanted to die after the diagnosis.",
    "I wish I was dead.",
    "I wish I had never been born.",
    "Everyone would be better off without me.",
    "My family would be better off if I was dead, I'd be better off dead.",
    "I've been thinking of ending it all.",
    "I want to end my life.",
    "I'm going to kill myself.",
    "I thought about taking my own life.",
    "I feel suicidal.",
    "There is no reason to go on.",
    "There's no point in living.",
    "I have nothing to live for.",
    "This life is not worth living.",
    "Life isn't worth it.",
    "I'm tired of living.",
    "I am so sick of being alive.",
    "I can't go on like this.",
    "I can't do this anymore.",
    "I can't take it any more.",
    "I just want it all to end.",
    "I want it to be over.",
    "I want to disappear.",
    "I want to go to sleep and never wake up.",
    "There is no way out for me.",
    "I have been hurting myself.",
    "I cut myself last night.",
    "I took an overdose once.",
    "I've been saving up my tablets.",
    "I keep thinking of self-harm.",
    "I don't see the point anymore.",
    "I'm thinking about hanging myself.",
    "I feel like giving up on life.",
    # Saving up medicines, and ending things.
    "I have stockpiled my morphine.",
    "I've been stockpiling pills for weeks.",
    "I'm saving up my pills.",
    "I've been saving up some of my morphine.",
    "I have been hiding my painkillers from the nurses.",
    "I am going to end things.",
    "I've decided to end everything.",
    "Sometimes I just want to end it all.",
    "I want to put an end to it all.",
]

# Ordinary medical text, and what people write about fear and hope.
MEDICAL_SENTENCES = [
    "The treatment killed the cancer cells.",
    "Chemotherapy kills cells that divide quickly.",
    "Immune cells attack and destroy cancer cells, which then die.",
    "An overdose of paracetamol can harm your liver.",
    "If your liver tests are high, treatment cannot go on until they settle.",
    "Radiotherapy can cut the risk of the cancer coming back.",
    "The surgeon will cut out the lump and some healthy tissue.",
    "Steroids can end the inflammation within days.",
    "End-of-life care helps people live as well as possible.",
    "I don't want to die; I want to see my children grow up.",
    "I am not suicidal, but I am very tired of the side effects.",
    "I was tired of waiting for results.",
    "Living with metastatic cancer means treatment goes on for years.",
    "The drug stops working when the cancer finds a way out of the immune attack.",
    "Hair loss can hurt your confidence, and scalp cooling may help.",
    "Self-care matters: rest, eat well and ask for help.",
    "The tumour did not want to shrink at first, then it did.",
    "Some cells die off naturally; this is normal.",
    "Take the tablets with food, and never take more than the dose on the label.",
    "Call us if you feel you cannot take your tablets.",
    "Do not stockpile medicines: order your repeat prescription a week ahead.",
    "Keep your tablets and morphine in the box they came in.",
    "Bring all your pills and painkillers to the appointment.",
    "At the end things got easier, and by the end everything felt lighter.",
    "Your team may decide to end treatment if the side effects are severe.",
    "We are saving up for a holiday once treatment ends.",
]


@pytest.mark.parametrize("sentence", CRISIS_SENTENCES)
def test_crisis_phrasings_are_recognised(sentence):
    assert screen_text(sentence).crisis, sentence


def test_at_least_thirty_phrasings_are_tested():
    assert len(set(CRISIS_SENTENCES)) >= 30


@pytest.mark.parametrize("sentence", MEDICAL_SENTENCES)
def test_no_false_alarm_on_ordinary_medical_text(sentence):
    assert screen_text(sentence).crisis == [], sentence


@pytest.mark.parametrize("spec", ARTICLES, ids=lambda spec: spec["slug"])
def test_no_false_alarm_on_any_demo_article(spec):
    source = (CONTENT_DIR / spec["file"]).read_text()
    text = f"{spec['title']} {spec['summary']} {plain_text(source)} {' '.join(spec['questions'])}"
    assert screen_text(text).crisis == []


def test_normalising_spells_out_contractions_and_ignores_punctuation():
    assert (
        normalise("I can’t—won't; I'm DONE, self-harm!") == "i cannot will not i am done self harm"
    )


def test_phrase_syntax_choices_gaps_and_negation_guard():
    assert matches("want|wish to die", "I wish to die")
    assert matches("want it * to end", "I want it all to end")
    assert matches("want it * to end", "I want it to end")
    assert not matches("want it * to end", "I want it to stop and then the pain to end")
    assert not matches("want to die", "I never want to die")
    assert matches("not want to live", "I don't want to live")
    assert compile_phrase("kill myself").search("kill myselfie") is None


def test_moderators_edit_the_list_and_it_takes_effect_at_once():
    sentence = "Everything feels pointless now."
    assert screen_text(sentence).crisis == []
    ScreeningKeyword.objects.create(kind=ScreeningKeyword.Kind.CRISIS, phrase="feels pointless")
    assert screen_text(sentence).crisis == ["feels pointless"]
    ScreeningKeyword.objects.filter(phrase="feels pointless").update(active=False)
    assert screen_text(sentence).crisis == []


def test_every_listed_phrase_fits_the_field_and_is_seeded():
    from importlib import import_module

    added = import_module("stories.migrations.0012_more_crisis_phrasings").CRISIS_PHRASINGS
    limit = ScreeningKeyword._meta.get_field("phrase").max_length
    active = set(
        ScreeningKeyword.objects.filter(kind="crisis", active=True).values_list("phrase", flat=True)
    )
    for phrase in added:
        assert len(phrase) <= limit and phrase == " ".join(phrase.split()), phrase
        assert phrase in active, phrase


def test_keywords_that_matched_medical_text_are_retired():
    retired = ScreeningKeyword.objects.filter(phrase__in=["overdose", "cannot go on"])
    assert retired.count() == 2 and not retired.filter(active=True).exists()


def test_screening_runs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        screen_text("I don't want to live anymore.")
