import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from reviews.models import Position
from tests.factories import ArticleFactory, AuthorFactory, TopicFactory, reviewer
from tests.reviews.factories import (
    SpecialistFactory,
    SpecialtyFactory,
    approve_review,
    mark_verified,
    record_check,
    submit,
    verified_specialist,
)

pytestmark = pytest.mark.django_db

DIRECTORY = "/specialists/"


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def reviewed_article(editor, specialist, *, comment="", public=False, **kwargs):
    """An article approved by `specialist` through the real services, then published."""
    article = ArticleFactory(**kwargs)
    approve_review(submit(article, by=editor), specialist, comment=comment, public=public)
    article.refresh_from_db()
    return article_services.publish_article(
        article=article, by=None, when=timezone.now() - timedelta(hours=1)
    )


@pytest.fixture
def okafor():
    specialist = verified_specialist(
        user=reviewer(username="dr.okafor"),
        full_name="Adaeze Okafor",
        slug="adaeze-okafor",
        positions=["Consultant Medical Oncologist"],
        conflict_of_interest="Speaker fees from a medicines company.",
    )
    Position.objects.create(
        specialist=specialist,
        kind=Position.Kind.PROGRAMME_ROLE,
        title="Director, Breast Cancer Program",
        institution="Northfield University Hospital",
        position=5,
    )
    specialist.specialties.add(SpecialtyFactory(name="Medical oncology", slug="medical-oncology"))
    specialist.clinical_interests.set(["immunotherapy", "clinical trials"])
    record_check(specialist)  # the public sees posts and interests as checked
    specialist.__dict__.pop("_checks_in_force", None)
    return specialist


# Directory -----------------------------------------------------------------------------


def test_directory_lists_only_public_profiles(client, okafor):
    SpecialistFactory(full_name="Not Yet Checked")
    verified_specialist(full_name="Left Us", is_active=False)
    html = client.get(DIRECTORY).content.decode()
    assert "Dr Adaeze Okafor, MD, PhD" in html
    assert f'href="{okafor.get_absolute_url()}"' in html
    assert "Not Yet Checked" not in html and "Left Us" not in html


def test_directory_filters_by_specialty_and_interest(client, okafor):
    surgeon = mark_verified(SpecialistFactory(full_name="Henrik Lindqvist"))
    surgeon.specialties.add(SpecialtyFactory(name="Surgical oncology", slug="surgical-oncology"))
    surgeon.clinical_interests.set(["breast surgery"])
    by_specialty = client.get(DIRECTORY, {"specialty": "surgical-oncology"})
    assert list(by_specialty.context["specialists"]) == [surgeon]
    assert 'aria-current="page">Surgical oncology' in by_specialty.content.decode()
    by_interest = client.get(DIRECTORY, {"interest": "immunotherapy"})
    assert list(by_interest.context["specialists"]) == [okafor]
    assert client.get(DIRECTORY, {"specialty": "no-such"}).status_code == 404
    assert client.get(DIRECTORY, {"interest": "no-such"}).status_code == 404


def test_directory_filters_offer_only_what_public_profiles_use(client, okafor):
    hidden = SpecialistFactory()
    hidden.specialties.add(SpecialtyFactory(name="Hidden specialty", slug="hidden"))
    hidden.clinical_interests.set(["hidden interest"])
    html = client.get(DIRECTORY).content.decode()
    assert "Medical oncology" in html and "immunotherapy" in html
    assert "Hidden specialty" not in html and "hidden interest" not in html


def test_directory_query_count_is_constant(client, okafor, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as one:
        client.get(DIRECTORY)
    for n in range(4):
        extra = mark_verified(SpecialistFactory(full_name=f"Extra {n}"))
        extra.specialties.add(SpecialtyFactory())
        extra.clinical_interests.set([f"interest {n}"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(DIRECTORY)
    assert len(response.context["specialists"]) == 5
    assert len(one.captured_queries) <= 8


# Profile -------------------------------------------------------------------------------


def test_profile_shows_credentials_positions_and_registration(client, okafor):
    html = client.get(okafor.get_absolute_url()).content.decode()
    assert "Dr Adaeze Okafor" in html and "MD, PhD" in html
    assert "Consultant Medical Oncologist" in html
    assert "Director, Breast Cancer Program" in html
    assert f"number {okafor.registration_number}" in html
    assert "Speaker fees from a medicines company." in html
    assert "immunotherapy" in html and "Medical oncology" in html


def test_profile_lists_articles_written_and_reviewed(client, editor, okafor):
    okafor.author = AuthorFactory(name="Adaeze Okafor")
    okafor.save()
    other_reviewer = verified_specialist()
    written = reviewed_article(editor, other_reviewer, title="Her own article",
                               author=okafor.author)  # fmt: skip
    reviewed = reviewed_article(editor, okafor, title="She reviewed this")
    draft = ArticleFactory(title="Approved but unpublished")
    approve_review(submit(draft, by=editor), okafor)
    response = client.get(okafor.get_absolute_url())
    assert response.context["written"] == [written]
    assert response.context["reviewed"] == [reviewed]
    assert "Approved but unpublished" not in response.content.decode()


def test_clinician_author_byline_links_to_their_profile(client, editor, okafor):
    okafor.author = AuthorFactory(name="Adaeze Okafor")
    okafor.save()
    article = reviewed_article(editor, verified_specialist(), author=okafor.author)
    html = client.get(article.get_absolute_url()).content.decode()
    # The checked name and credentials, not the writer profile's typed name.
    assert (
        f'<a class="byline-name" href="{okafor.get_absolute_url()}">Dr Adaeze Okafor, MD, PhD</a>'
        in html
    )
    other = reviewed_article(editor, okafor)
    html = client.get(other.get_absolute_url()).content.decode()
    assert f'<span class="byline-name">{other.author.name}</span>' in html


def test_profile_json_ld_describes_a_physician(client, okafor):
    data = json_ld(client.get(okafor.get_absolute_url()).content.decode())[0]
    # A person type: schema.org's Physician is an organisation (a practice).
    assert data["@type"] == "Person"
    assert data["hasOccupation"] == {"@type": "Occupation", "name": "Physician"}
    assert data["name"] == "Dr Adaeze Okafor"
    assert data["honorificSuffix"] == "MD, PhD"
    assert data["jobTitle"] == "Consultant Medical Oncologist"
    assert "Medical oncology" in data["knowsAbout"]
    assert okafor.registration_number in data["hasCredential"][0]["name"]
    assert {"@type": "Organization", "name": "Northfield University Hospital"} in data[
        "affiliation"
    ]
    names = [org["name"] for org in data["affiliation"]]
    assert len(names) == len(set(names)), "each hospital is one affiliation"


def test_unverified_or_inactive_profiles_are_not_public(client):
    unverified = SpecialistFactory()
    inactive = verified_specialist(is_active=False)
    assert client.get(unverified.get_absolute_url()).status_code == 404
    assert client.get(inactive.get_absolute_url()).status_code == 404


def test_profile_query_count_is_constant(client, editor, okafor, django_assert_max_num_queries):
    okafor.author = AuthorFactory()
    okafor.save()
    reviewed_article(editor, okafor, topics=[TopicFactory()])
    reviewed_article(editor, verified_specialist(), author=okafor.author)
    with CaptureQueriesContext(connection) as one:
        client.get(okafor.get_absolute_url())
    for _ in range(3):
        reviewed_article(editor, okafor, topics=[TopicFactory()])
        reviewed_article(editor, verified_specialist(), author=okafor.author)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(okafor.get_absolute_url())
    assert len(response.context["reviewed"]) == 4 and len(response.context["written"]) == 4
    assert len(one.captured_queries) <= 10


# Article page --------------------------------------------------------------------------


def test_article_page_names_the_reviewer_with_link_date_and_next_review(
    client, editor, okafor, django_assert_max_num_queries
):
    with time_machine.travel("2026-01-02 10:00:00+00:00", tick=False):
        article = reviewed_article(editor, okafor, topics=[TopicFactory()], tags=["rash"])
    with time_machine.travel("2026-03-01 10:00:00+00:00", tick=False):
        ArticleFactory.reset_sequence(100)
        reviewed_article(editor, okafor, topics=list(article.topics.all()))  # a related one
        # The article page's budget: the article, its topics and tags, related articles,
        # the sign-off and the clinicians' checked details, comments, glossary terms and
        # the support box's helplines, related articles and stories; and the article's
        # public translations, for the language chooser.
        with django_assert_max_num_queries(14):
            html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'Medically reviewed by <a href="{okafor.get_absolute_url()}">Dr Adaeze Okafor, '
        'MD, PhD</a> on <time datetime="2026-01-02T10:00:00+00:00">2 January 2026</time>'
    ) in html
    assert 'Next review due <time datetime="2027-01-02">2 January 2027</time>' in html
    assert f'href="{reverse("editorial-policy")}"' in html
    assert f'href="/articles/{article.slug}/history/"' in html
    assert "due for a medical review" not in html


def test_article_page_query_budget_with_review_block(client, editor, okafor):
    article = reviewed_article(editor, okafor, topics=[TopicFactory()], tags=["rash"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert "Medically reviewed by" in response.content.decode()
    review_queries = [q for q in queries.captured_queries if "reviews_signoff" in q["sql"]]
    assert len(review_queries) == 1  # shared by the block and the JSON-LD
    # With the article's public translations, for the language chooser.
    assert len(queries.captured_queries) <= 14


def test_overdue_article_says_so_honestly(client, editor, okafor):
    with time_machine.travel("2025-01-10 10:00:00+00:00", tick=False):
        article = reviewed_article(editor, okafor)
    with time_machine.travel("2026-01-11 10:00:00+00:00", tick=False):
        html = client.get(article.get_absolute_url()).content.decode()
    assert "This page is due for a medical review." in html
    assert 'was due on <time datetime="2026-01-10">10 January 2026</time>' in html
    assert "Next review due" not in html


def test_article_json_ld_gains_reviewed_by_and_last_reviewed(client, editor, okafor):
    with time_machine.travel("2026-01-02 10:00:00+00:00", tick=False):
        article = reviewed_article(editor, okafor)
        data = json_ld(client.get(article.get_absolute_url()).content.decode())[0]
    assert data["lastReviewed"] == "2026-01-02"
    assert data["reviewedBy"]["name"] == "Dr Adaeze Okafor"
    assert data["reviewedBy"]["honorificSuffix"] == "MD, PhD"
    assert data["reviewedBy"]["url"].endswith(okafor.get_absolute_url())


def test_public_page_keeps_the_approved_text_and_its_reviewer_during_re_review(
    client, editor, okafor
):
    article = reviewed_article(editor, okafor, body="## Old\n\nOld advice.")
    article.body = "## New\n\nNew advice, not reviewed."
    article.save()
    submit(article, by=editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Old advice." in html and "New advice" not in html
    assert "Medically reviewed by" in html


def test_preview_of_an_unreviewed_revision_claims_no_review(client, editor, okafor):
    article = reviewed_article(editor, okafor)
    article.body = "## New\n\nPending."
    article.save()
    revision = article_services.record_revision(article=article, by=editor)
    client.force_login(editor)
    url = reverse("articles:preview", kwargs={"slug": article.slug})
    html = client.get(f"{url}?revision={revision.number}").content.decode()
    assert "has not been medically reviewed yet" in html
    assert "Medically reviewed by" not in html
    data = json_ld(html)[0]
    assert "reviewedBy" not in data and "lastReviewed" not in data


def test_reviewer_link_is_omitted_when_the_profile_is_no_longer_public(client, editor, okafor):
    article = reviewed_article(editor, okafor)
    okafor.is_active = False
    okafor.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Medically reviewed by Dr Adaeze Okafor, MD, PhD on" in html
    assert okafor.get_absolute_url() not in html


# Change history -----------------------------------------------------------------------


def test_change_history_lists_approvals_with_public_notes_only(client, editor, okafor):
    with time_machine.travel("2026-01-02 10:00:00+00:00", tick=False):
        article = reviewed_article(editor, okafor, comment="First version.", public=True)
    article.body = "## Side effects\n\nUpdated."
    article.save()
    with time_machine.travel("2026-02-03 10:00:00+00:00", tick=False):
        approve_review(submit(article, by=editor), okafor,
                       comment="Updated side-effects section", public=True)  # fmt: skip
    article.body = "## Side effects\n\nTypo fixed."
    article.save()
    with time_machine.travel("2026-03-04 10:00:00+00:00", tick=False):
        approve_review(submit(article, by=editor), okafor, comment="Internal: checked typo")
    html = client.get(reverse("reviews:article-history", kwargs={"slug": article.slug}))
    html = html.content.decode()
    assert "2 January 2026" in html and "3 February 2026" in html and "4 March 2026" in html
    assert "Updated side-effects section" in html and "First version." in html
    assert "Internal: checked typo" not in html
    assert html.index("4 March 2026") < html.index("3 February 2026")


def test_change_history_query_count_does_not_grow_with_approvals(
    client, editor, okafor, django_assert_max_num_queries
):
    article = reviewed_article(editor, okafor, comment="First version.", public=True)
    for number in range(4):
        article.body = f"## Side effects\n\nUpdate {number}."
        article.save()
        approve_review(submit(article, by=editor), okafor, comment=f"Update {number}", public=True)
    with django_assert_max_num_queries(3):
        html = client.get(reverse("reviews:article-history", kwargs={"slug": article.slug}))
    assert html.content.decode().count("reviewed by") == 5


def test_change_history_is_only_for_published_articles(client, editor, okafor):
    draft = ArticleFactory()
    approve_review(submit(draft, by=editor), okafor)
    assert client.get(f"/articles/{draft.slug}/history/").status_code == 404


# Home and sitemap ----------------------------------------------------------------------


def test_home_page_shows_a_few_verified_specialists(client, okafor):
    SpecialistFactory(full_name="Unverified Person")
    for n in range(5):
        mark_verified(SpecialistFactory(full_name=f"Zed Extra{n}"))
    html = client.get("/").content.decode()
    assert "Dr Adaeze Okafor, MD, PhD" in html
    assert "Unverified Person" not in html
    assert html.count('class="card specialist-card"') == 4
    assert f'href="{DIRECTORY}"' in html


def test_sitemap_lists_public_profiles(client, okafor):
    hidden = SpecialistFactory()
    xml = client.get("/sitemap.xml").content.decode()
    assert okafor.get_absolute_url() in xml
    assert hidden.get_absolute_url() not in xml
    assert "/specialists/</loc>" in xml
