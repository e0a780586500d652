"""The glossary: model, first use explained in place, the A–Z page, query budget."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.glossary import explain_terms, published_entries
from articles.models import GlossaryTerm
from articles.rendering import render_body
from eduportal.roles import EDITORS
from tests.factories import approved_term, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    return [
        approved_term(
            term="HER2", definition="A protein on some breast cancer cells that helps them grow."
        ),
        approved_term(
            term="Checkpoint inhibitor",
            also_matches="checkpoint inhibitors",
            definition="A medicine that keeps immune cells switched on.",
        ),
        approved_term(term="Checkpoint", definition="A switch that turns immune cells off."),
        approved_term(term="Hidden", definition="Not shown.", published=False),
    ]


def explained(markdown: str) -> str:
    html, _ = render_body(markdown)
    return explain_terms(html, published_entries())


def test_first_use_is_marked_and_explained_after_its_paragraph_only_once(terms):
    html = explained(
        "Cancers with extra HER2 grow faster.\n\nHER2 is tested on a sample.\n\n"
        "Checkpoint inhibitors help. A checkpoint is a switch."
    )
    assert html.count('<span class="glossary-term">') == 3
    assert '<span class="glossary-term">HER2</span> grow faster.</p><details' in html
    assert html.count("What does “HER2” mean?") == 1
    # The longer term wins over the shorter one inside it.
    assert '<span class="glossary-term">Checkpoint inhibitors</span>' in html
    assert '<span class="glossary-term">checkpoint</span> is a switch' in html
    assert (
        '<details class="glossary-details"><summary>What does “HER2” mean?</summary>'
        "<p><dfn>HER2</dfn>: A protein on some breast cancer cells that helps them grow. "
        '<a href="/glossary/#her2">All terms in the glossary</a></p></details>'
    ) in html
    assert "Hidden" not in html


def test_headings_links_callout_titles_and_code_are_left_alone(terms):
    html = explained(
        "## HER2 testing\n\n[HER2 page](/articles/x/) and `HER2`.\n\n"
        "::: important HER2 matters\n- In a list, HER2 again.\n:::"
    )
    assert '<h2 id="section-her2-testing">HER2 testing</h2>' in html
    assert '<a href="/articles/x/" rel="noopener noreferrer">HER2 page</a>' in html
    # Its first use in body text is in the list item; the details stays inside the <li>.
    assert '<li>In a list, <span class="glossary-term">HER2</span> again.<details' in html
    assert "</details></li>" in html


def test_acronyms_match_their_case_and_words_match_whole(terms):
    html = explained("Her two children. Rechecking the checkpointed list.")
    assert "glossary-term" not in html


def test_glossary_is_presentation_and_never_changes_the_revision(terms):
    article = published_article(body="Extra HER2 protein.")
    revision = article.approved_revision
    before = (revision.body_html, revision.content_hash)
    GlossaryTerm.objects.filter(term="HER2").update(
        definition="Changed.", approved_definition="Changed."
    )
    html = str(explain_terms(revision.body_html, published_entries()))
    revision.refresh_from_db()
    assert (revision.body_html, revision.content_hash) == before
    assert "Changed." in html


def test_article_page_explains_terms_in_a_constant_number_of_queries(
    client, terms, django_assert_max_num_queries
):
    article = published_article(body="HER2 and a checkpoint inhibitor.\n\nMore HER2.")
    with django_assert_max_num_queries(16):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("glossary-details") == 2
    for index in range(20):
        approved_term(term=f"Term{index}", definition="A word.")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as many_terms:
        client.get(article.get_absolute_url())
    GlossaryTerm.objects.filter(term__startswith="Term").delete()
    with CaptureQueriesContext(connection) as few_terms:
        client.get(article.get_absolute_url())
    assert len(many_terms) == len(few_terms)


def test_a_to_z_page_lists_terms_with_anchors(client, terms, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("articles:glossary"))
    html = response.content.decode()
    assert '<a href="#letter-C">C</a>' in html and '<a href="#letter-H">H</a>' in html
    assert '<span class="az-empty" aria-hidden="true">Z</span>' in html
    assert '<div class="glossary-entry" id="her2"><dt><dfn>HER2</dfn></dt>' in html
    assert html.index("Checkpoint</dfn>") < html.index("Checkpoint inhibitor</dfn>")
    assert "Hidden" not in html


def test_a_definition_is_one_sentence_and_terms_get_a_slug():
    term = GlossaryTerm(term="PD-L1", definition="One. Two.")
    with pytest.raises(ValidationError):
        term.full_clean()
    term.definition = "A protein on some cancer cells that switches off immune cells."
    term.save()
    assert term.slug == "pd-l1"
    assert term.get_absolute_url() == "/glossary/#pd-l1"


def test_editors_maintain_the_glossary_in_the_admin(client):
    from tests.factories import editor_user

    client.force_login(editor_user(username="glossary-editor"))
    response = client.post(
        reverse("admin:articles_glossaryterm_add"),
        {
            "term": "Biosimilar",
            "slug": "biosimilar",
            "definition": "A copy of a medicine made from living cells.",
            "also_matches": "biosimilars",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term = GlossaryTerm.objects.get(slug="biosimilar")
    # Saved as the editor's working text: nothing is public until a clinician approves.
    assert (term.also_matches, term.edited_by.username) == ("biosimilars", "glossary-editor")
    assert not term.is_published() and term.approved_forms() == []
    assert client.get(reverse("admin:articles_glossaryterm_changelist")).status_code == 200
    from django.contrib.auth.models import Group

    assert (
        Group.objects.get(name=EDITORS).permissions.filter(codename="change_glossaryterm").exists()
    )
