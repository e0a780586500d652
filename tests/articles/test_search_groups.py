"""Search that understands patients: synonyms editors extend, grouped results from the
public querysets, and "did you mean" only for close words that give results."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import SearchSynonym
from articles.search import edit_distance, search_articles, synonym_groups, units_for
from reviews.models import Specialist
from stories.models import Story
from tests.factories import ArticleFactory, approved_term, editor_user, published_article
from tests.reviews.factories import SpecialistFactory, verified_specialist
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nausea = published_article(
            title="Coping with nausea",
            summary="Ways to feel better.",
            body="Nausea can ease. Eat small meals.",
        )
        diarrhoea = published_article(
            title="Diarrhoea during treatment", summary="When to call.", body="Drink fluids."
        )
        nurse = published_article(
            title="Your breast care nurse", summary="Who to ask.", body="A nurse helps you."
        )
        ArticleFactory(title="Draft about nausea", summary="Not public.", body="nausea")
    story = StoryFactory(short_line="Feeling sick was the worst part.", display_name="Ana")
    StoryFactory(short_line="Nausea every day.", moderation_status=Story.Moderation.PENDING)
    doctor = verified_specialist(full_name="Grace Nauseamaker", bio="Treats nausea in clinic.")
    SpecialistFactory(full_name="Unchecked Doctor", bio="Also treats nausea.")
    term = approved_term(
        term="Antiemetic",
        also_matches="anti-sickness medicine",
        definition="A medicine that stops nausea and being sick.",
    )
    approved_term(term="Secret", definition="About nausea.", published=False)
    return {"nausea": nausea, "diarrhoea": diarrhoea, "nurse": nurse, "story": story,
            "doctor": doctor, "term": term}  # fmt: skip


def test_seeded_synonyms_cover_the_issue_examples():
    groups = synonym_groups()
    for a, b in [("fatigue", "tiredness"), ("diarrhoea", "diarrhea"), ("tumour", "tumor"),
                 ("nausea", "feeling sick")]:  # fmt: skip
        assert b in groups[a] and a in groups[b]


def test_phrases_are_one_unit_and_bring_their_synonyms():
    units = units_for(["feeling", "sick", "tips"], synonym_groups())
    assert [u.text for u in units] == ["feeling sick", "tips"]
    assert "nausea" in units[0].alternatives


def test_feeling_sick_finds_nausea_articles_stories_and_glossary(site):
    outcome = search_articles("feeling sick")
    assert [r.article for r in outcome.results] == [site["nausea"]]
    assert outcome.stories == [site["story"]]
    assert outcome.glossary == [site["term"]]
    assert "nausea" in outcome.also_searched
    assert "<mark>" in outcome.results[0].snippet


def test_american_spelling_finds_british_text(site):
    assert [r.article for r in search_articles("diarrhea").results] == [site["diarrhoea"]]


def test_every_group_uses_its_public_queryset(site):
    outcome = search_articles("nausea")
    assert {r.article.pk for r in outcome.results} == {site["nausea"].pk}
    assert outcome.stories == [site["story"]]
    assert all(story.is_public() for story in outcome.stories)
    assert outcome.specialists == [site["doctor"]]
    assert set(outcome.specialists) <= set(Specialist.objects.public())
    assert [t.term for t in outcome.glossary] == ["Antiemetic"]


def test_editors_extend_synonyms_and_search_uses_them_at_once(site):
    assert search_articles("queasiness").results == []
    SearchSynonym.objects.create(words="queasiness, nausea")
    assert [r.article for r in search_articles("queasiness").results] == [site["nausea"]]
    SearchSynonym.objects.filter(words="queasiness, nausea").update(active=False)
    assert search_articles("queasiness").results == []


def test_synonym_validation_and_normalising():
    synonym = SearchSynonym(words="Chemo")
    with pytest.raises(ValidationError):
        synonym.full_clean()
    synonym = SearchSynonym(words=" Hair Loss ,alopecia, hair loss")
    synonym.full_clean()
    synonym.save()
    assert synonym.words == "hair loss, alopecia"


def test_nausea_never_suggests_nurse(site):
    SearchSynonym.objects.filter(words__contains="nausea").delete()
    site["nausea"].approved_revision  # noqa: B018
    from articles.models import SearchTerm

    SearchTerm.objects.filter(word="nausea").delete()
    outcome = search_articles("nausea zzzz")
    assert outcome.suggestion != "nurse zzzz" and "nurse" not in outcome.suggestion


def test_did_you_mean_offers_only_close_words_that_give_results(site):
    assert search_articles("nausia").suggestion == "nausea"
    assert search_articles("diarhoea").suggestion == "diarrhoea"
    # Far from every known word: nothing offered rather than a wrong guess.
    assert search_articles("nosh").suggestion == ""
    # Close to a known word, but the corrected query finds nothing: not offered.
    assert search_articles("nausia qwertyuiop").suggestion == ""


def test_edit_distance_counts_swaps_as_one_step():
    assert edit_distance("fatigeu", "fatigue") == 1
    assert edit_distance("nausea", "nurse") == 3
    assert edit_distance("", "abc") == 3


def test_search_page_groups_results_with_headings(client, site):
    html = client.get(reverse("articles:search"), {"q": "nausea"}).content.decode()
    for heading in ("Articles", "Survivor stories", "Specialists", "Glossary"):
        assert f">{heading}</h2>" in html
    assert '<a href="#results-stories">Stories</a>' in html
    assert "Grace Nauseamaker" in html and "Unchecked Doctor" not in html
    assert "Draft about nausea" not in html and "Secret" not in html


def test_editors_may_keep_synonyms_in_the_admin(client):
    client.force_login(editor_user(username="synonym-editor"))
    response = client.post(
        reverse("admin:articles_searchsynonym_add"),
        {"words": "lymphoedema, lymphedema", "note": "Spelling", "active": "on"},
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(words="lymphoedema, lymphedema").exists()
