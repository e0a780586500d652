"""Item 3 of issue 11: the demo covers what the source pages cover, in plain words with
references, and a changed demo text loads on an existing database as a new revision
with a real sign-off."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import resolve

from articles import demo, readability
from articles.models import Article, GlossaryTerm
from articles.rendering import plain_text
from reviews.models import Review, SignOff

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())
    return {a.slug: a for a in Article.objects.published().select_related("approved_revision")}


def public_text(article: Article) -> str:
    revision = article.approved_revision
    return f"{revision.title} {revision.summary} {revision.plain_body()}".lower()


def check_the_topics_of_the_source_pages_are_covered(loaded):
    text = " ".join(public_text(a) for a in loaded.values())
    for words in (
        "monoclonal antibod", "trastuzumab", "her2-positive", "active immunotherapy",
        "passive immunotherapy", "insurance", "funding", "1 in 8 women", "1 in 1,000 men",
    ):  # fmt: skip
        assert words in text, words


def check_side_effects_article_lists_every_side_effect_of_the_source_page(loaded):
    text = public_text(loaded["immunotherapy-side-effects-when-to-call"])
    for effect in ("tiredness", "fatigue", "cough", "feeling sick", "rash", "poor appetite",
                   "constipation", "diarrhoea", "infusion reaction", "autoimmune"):  # fmt: skip
        assert effect in text, effect
    html = loaded["immunotherapy-side-effects-when-to-call"].approved_revision.body_html
    assert "callout-urgent" in html and "Most side effects are mild" in html


def check_how_common_breast_cancer_is_has_a_source(loaded):
    revision = loaded["what-is-immunotherapy-for-breast-cancer"].approved_revision
    sentence = re.search(r"About 1 in 8 women[^.]*\.", revision.body).group(0)
    number = int(re.search(r"\[\^(\d)\]", sentence).group(1))
    source = next(r for r in revision.references if r["position"] == number)
    assert source["url"].startswith("https://www.cancer.org/")


def check_every_breast_cancer_article_is_in_the_breast_cancer_topic(loaded):
    for article in loaded.values():
        slugs = {t.slug for t in article.topics.all()}
        if "breast" in public_text(article):
            assert "breast-cancer" in slugs, article.slug


def check_every_article_has_references_with_a_link_and_questions(loaded):
    for article in loaded.values():
        revision = article.approved_revision
        assert revision.references, article.slug
        for ref in revision.references:
            assert ref["url"] or ref["doi"] or ref["pubmed_id"], (article.slug, ref)
        cited = {int(n) for n in re.findall(r"\[\^(\d+)\]", revision.body)}
        assert cited == {r["position"] for r in revision.references}, article.slug
        assert revision.questions, article.slug


def check_question_headings_help_where_they_can(loaded):
    questions = [
        h for a in loaded.values() for h in a.approved_revision.toc if h["title"].endswith("?")
    ]
    assert len(questions) >= 12


def check_demo_text_is_at_a_patient_reading_level(loaded):
    for article in loaded.values():
        revision = article.approved_revision
        measured = readability.measure(f"{revision.summary} {plain_text(revision.body)}")
        assert measured.grade <= readability.TARGET_GRADE, (article.slug, measured.grade)


def check_mentions_of_another_article_are_links_to_published_articles(loaded):
    mentions = 0
    for article in loaded.values():
        body = article.approved_revision.body
        for mention in re.finditer(r"our article", body, re.IGNORECASE):
            assert body[mention.start() - 1] == "[", (article.slug, body[mention.start() :][:60])
            mentions += 1
        for link in re.findall(r"\]\((/articles/[^)]+)\)", body):
            assert resolve(link).kwargs["slug"] in loaded, (article.slug, link)
    assert mentions >= 8


def check_glossary_terms_are_loaded_with_one_sentence_definitions(loaded):
    terms = {t.term for t in GlossaryTerm.objects.all()}
    assert {"PD-L1", "HER2", "Checkpoint", "Antibody-drug conjugate"} <= terms
    for term in GlossaryTerm.objects.all():
        term.full_clean()
    # A clinician approved each wording, so the public sees them all.
    assert set(GlossaryTerm.objects.published()) == set(GlossaryTerm.objects.all())


def test_changed_demo_text_loads_on_an_existing_database_as_a_reviewed_revision(
    loaded, monkeypatch
):
    article = loaded["checkpoint-inhibitors-explained"]
    old = article.approved_revision
    # A later version of the demo changes this article's text.
    spec = next(spec for spec in demo.ARTICLES if spec["slug"] == article.slug)
    monkeypatch.setitem(spec, "summary", spec["summary"] + " Updated for the new demo.")
    signoffs = SignOff.objects.count()

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    article.refresh_from_db()
    assert "updated to the demo's new text: Checkpoint inhibitors explained" in out.getvalue()
    assert article.approved_revision.summary.endswith("Updated for the new demo.")
    assert article.approved_revision.number > old.number
    assert article.is_published()
    approval = SignOff.objects.get(revision=article.approved_revision)
    assert approval.comment == "Reviewed the updated text."
    assert SignOff.objects.count() == signoffs + 1
    # And once more: nothing changes.
    counts = (SignOff.objects.count(), Review.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (SignOff.objects.count(), Review.objects.count()) == counts
    assert Review.objects.open().count() == 1  # the demo's pending re-review


def check_demo_content_of_a_new_article_matches_its_first_revision(loaded):
    for spec in demo.ARTICLES:
        article = Article.objects.get(slug=spec["slug"])
        assert demo.demo_revision(article) is not None, spec["slug"]


def test_demo_content_covers_the_source_pages_in_plain_reviewed_words(loaded):
    """One demo load for every read-only check (loading it takes a few seconds)."""
    check_the_topics_of_the_source_pages_are_covered(loaded)
    check_side_effects_article_lists_every_side_effect_of_the_source_page(loaded)
    check_how_common_breast_cancer_is_has_a_source(loaded)
    check_every_breast_cancer_article_is_in_the_breast_cancer_topic(loaded)
    check_every_article_has_references_with_a_link_and_questions(loaded)
    check_question_headings_help_where_they_can(loaded)
    check_demo_text_is_at_a_patient_reading_level(loaded)
    check_mentions_of_another_article_are_links_to_published_articles(loaded)
    check_glossary_terms_are_loaded_with_one_sentence_definitions(loaded)
    check_demo_content_of_a_new_article_matches_its_first_revision(loaded)
