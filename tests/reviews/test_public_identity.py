"""Only checked clinicians appear as clinicians on public pages, and a sign-off shows the
signer as checked at that moment (issue 8, deliver 3 and 4; issue 11, items 1 and 2)."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Author
from reviews import identity
from reviews.models import Position
from tests.factories import AuthorFactory, TopicFactory, reviewer
from tests.reviews.factories import SpecialtyFactory, record_check, verified_specialist
from tests.reviews.test_public import json_ld, reviewed_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def okafor():
    return make_okafor()


def make_okafor():
    """Dr Okafor, checked, with a position, a programme role, a specialty and interests."""
    specialist = verified_specialist(
        user=reviewer(username="dr.okafor"),
        full_name="Adaeze Okafor",
        slug="adaeze-okafor",
        post_nominals="MD, PhD",
        positions=["Consultant Medical Oncologist"],
    )
    Position.objects.create(
        specialist=specialist, kind=Position.Kind.PROGRAMME_ROLE,
        title="Director, Breast Cancer Program", institution="Northfield University Hospital",
        position=5,
    )  # fmt: skip
    specialist.specialties.add(SpecialtyFactory(name="Breast cancer", slug="breast-cancer"))
    specialist.clinical_interests.set(["immunotherapy", "clinical trials"])
    record_check(specialist)  # checked with the programme role and interests
    specialist.__dict__.pop("_checks_in_force", None)
    return specialist


def box_html(html: str) -> str:
    start = html.index('class="specialist-box"')
    return html[start : html.index("</section>", start)]


# The specialist box and the fact-check note -----------------------------------------------


def test_specialist_box_shows_the_reviewer_from_checked_data(client, editor, okafor):
    with time_machine.travel("2026-02-01 09:00:00+00:00", tick=False):
        okafor.credential_checks.open().get().void(reason="Replaced for the test.")
        record_check(okafor)
        article = reviewed_article(editor, okafor, references=["A trial", "A guideline"])
    with time_machine.travel("2026-02-02 09:00:00+00:00", tick=False):
        html = client.get(article.get_absolute_url()).content.decode()
    box = box_html(html)
    assert "Medically reviewed by" in box and "Breast cancer" in box
    assert f'<a href="{okafor.get_absolute_url()}">Dr Adaeze Okafor</a>' in box
    assert "<dt>Degrees</dt><dd>MD, PhD</dd>" in box
    assert f"Northland Medical Council, number {okafor.registration_number}" in box
    assert 'checked by our team on <time datetime="2026-02-01' in box
    assert "Consultant Medical Oncologist, St Brigid&#x27;s" in box
    assert "Director, Breast Cancer Program, Northfield University Hospital" in box
    assert "immunotherapy" in box and "clinical trials" in box
    assert "Read Dr Adaeze Okafor's profile" in box


def test_fact_check_note_says_who_checked_it_against_what_and_links_the_policy(
    client, editor, okafor
):
    article = reviewed_article(editor, okafor, references=["A trial", "A guideline"])
    html = client.get(article.get_absolute_url()).content.decode()
    note = html[html.index('class="fact-check"') :]
    note = note[: note.index("</aside>")]
    assert "has been medically reviewed and fact-checked by" in note
    assert f'<a href="{okafor.get_absolute_url()}">Dr Adaeze Okafor, MD, PhD</a>' in note
    assert "published research and clinical guidelines (the 2 sources listed" in note
    assert "current clinical practice" in note
    assert f'href="{reverse("editorial-policy")}"' in note


def test_specialist_box_shows_a_checked_clinician_author_too(client, editor, okafor):
    writer = verified_specialist(full_name="Tomasz Nowak", slug="tomasz-nowak", post_nominals="MD")
    writer.author = AuthorFactory(name="Tom Nowak", role=Author.Role.EDITORIAL_TEAM)
    writer.save()
    article = reviewed_article(editor, okafor, author=writer.author)
    html = client.get(article.get_absolute_url()).content.decode()
    box = box_html(html)
    assert "The specialists behind this article" in box
    assert box.index("Medically reviewed by") < box.index("Written by")
    assert "Dr Tomasz Nowak" in box
    assert (
        'href="/specialists/tomasz-nowak/">Dr Tomasz Nowak, MD</a></p>' in html
    )  # the checked name and credentials, never the writer's typed role
    data = json_ld(html)[0]
    assert data["author"]["name"] == "Dr Tomasz Nowak"
    assert data["author"]["url"].endswith("/specialists/tomasz-nowak/")


def test_article_page_queries_stay_constant_with_many_positions_and_interests(
    client, editor, okafor, django_assert_max_num_queries
):
    writer = verified_specialist(full_name="Tomasz Nowak")
    writer.author = AuthorFactory()
    writer.save()
    article = reviewed_article(editor, okafor, author=writer.author, topics=[TopicFactory()])
    # Warm up once, as test_query_budget does: taggit's ContentType lookup is cached per
    # process, so the first page in a fresh process runs one query more, in either run.
    client.get(article.get_absolute_url())
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(article.get_absolute_url())
    for n in range(6):
        for profile in (okafor, writer):
            Position.objects.create(specialist=profile, title=f"Role {n}", position=10 + n)
            profile.clinical_interests.add(f"interest {n}")
            profile.specialties.add(SpecialtyFactory())
    for profile in (okafor, writer):
        record_check(profile)  # the box shows posts and interests as checked
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert box_html(html).count("Role 5") == 2
    # Article, topics, tags, related, sign-off, checks with their profiles (and what they
    # recorded of posts and interests), specialties, comments, glossary terms, the
    # support box's helplines and the article's public translations (for the language
    # chooser).
    assert len(few.captured_queries) <= 14


# A sign-off shows the signer as they stood then -------------------------------------------


def test_reviewed_by_shows_the_name_checked_at_sign_off_after_a_later_rename(
    client, editor, okafor
):
    article = reviewed_article(editor, okafor, comment="First version.", public=True)
    okafor.honorific, okafor.full_name = "Prof", "Adaeze Okafor-Bell"
    identity.save_specialist(specialist=okafor, by=editor)
    record_check(okafor, by=None)  # checked again under the new name
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Medically reviewed by <a" in html and "Dr Adaeze Okafor, MD, PhD</a>" in html
    assert "Prof Adaeze Okafor-Bell" not in html.split('class="specialist-box"')[0]
    assert json_ld(html)[0]["reviewedBy"]["name"] == "Dr Adaeze Okafor"
    history = client.get(reverse("reviews:article-history", kwargs={"slug": article.slug}))
    assert "Dr Adaeze Okafor, MD, PhD" in history.content.decode()


def test_borrowed_identity_the_article_no_longer_presents_a_relinked_reviewer(
    client, editor, okafor
):
    """An editor re-links the checked profile to another login: everything public
    stops presenting that profile as a checked clinician at once."""
    article = reviewed_article(editor, okafor)
    okafor.user = reviewer(username="someone.else")
    identity.save_specialist(specialist=okafor, by=editor)
    html = client.get(article.get_absolute_url()).content.decode()
    # The past review stays true, as recorded, but unlinked…
    assert "Medically reviewed by Dr Adaeze Okafor, MD, PhD on" in html
    assert okafor.get_absolute_url() not in html
    assert 'class="specialist-box"' not in html
    assert "url" not in json_ld(html)[0]["reviewedBy"]
    # …and the profile is nowhere else.
    assert client.get(okafor.get_absolute_url()).status_code == 404
    assert "Adaeze Okafor" not in client.get("/specialists/").content.decode()
    assert okafor.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    assert "Adaeze Okafor" not in client.get("/").content.decode()


def test_a_lapsed_clinician_author_is_shown_as_a_plain_writer(client, editor, okafor):
    with time_machine.travel("2025-01-01 09:00:00+00:00", tick=False):
        writer = verified_specialist(full_name="Tomasz Nowak", slug="tomasz-nowak")
        writer.author = AuthorFactory(name="Tom Nowak", role=Author.Role.MEDICAL_WRITER)
        writer.save()
    article = reviewed_article(editor, okafor, author=writer.author)  # a year on: lapsed
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="byline-name">Tom Nowak</span>' in html
    assert "/specialists/tomasz-nowak/" not in html
    assert "Written by" not in box_html(html)
    assert "url" not in json_ld(html)[0]["author"]
