"""The specialist box and the profile show posts, hospitals and interests only as a
credential check recorded them (issue 11, item 1: "only from checked data")."""

import pytest
from django.urls import reverse

from reviews import identity
from reviews.models import CredentialCheck, Position
from reviews.structured_data import specialist_json_ld
from tests.reviews.factories import record_check
from tests.reviews.test_public import json_ld, reviewed_article
from tests.reviews.test_public_identity import box_html, make_okafor

pytestmark = pytest.mark.django_db


@pytest.fixture
def okafor():
    return make_okafor()


def edit_positions_and_interests(specialist):
    Position.objects.filter(specialist=specialist, kind=Position.Kind.POSITION).update(
        title="Head of Everything", institution="Typed-in Hospital"
    )
    Position.objects.create(
        specialist=specialist, kind=Position.Kind.PROGRAMME_ROLE, title="Chair, Made-up Board"
    )
    specialist.clinical_interests.add("miracle cures")


def test_a_check_records_the_positions_and_interests_it_saw(okafor):
    check = okafor.current_check()
    assert [(p.kind, p.title, p.institution) for p in check.checked_positions()] == [
        ("position", "Consultant Medical Oncologist", "St Brigid's"),
        ("programme_role", "Director, Breast Cancer Program", "Northfield University Hospital"),
    ]
    assert [i.name for i in check.checked_interests()] == ["clinical trials", "immunotherapy"]
    assert check.unchecked_changes() == []


def test_positions_and_interests_changed_since_the_check_wait_for_a_new_check(
    client, editor, okafor
):
    article = reviewed_article(editor, okafor)
    edit_positions_and_interests(okafor)
    okafor.refresh_from_db()
    assert okafor.is_public  # still checked: name, credentials and registration hold
    assert okafor.current_check().unchecked_changes() == [
        "the positions and programme roles",
        "the clinical interests",
    ]
    html = client.get(article.get_absolute_url()).content.decode()
    box = box_html(html)
    assert "Consultant Medical Oncologist" in box and "St Brigid" in box
    assert "Director, Breast Cancer Program" in box and "immunotherapy" in box
    for typed in ("Head of Everything", "Typed-in Hospital", "Made-up Board", "miracle cures"):
        assert typed not in html
    profile = client.get(okafor.get_absolute_url()).content.decode()
    assert "Consultant Medical Oncologist" in profile and "immunotherapy" in profile
    for typed in ("Head of Everything", "Typed-in Hospital", "Made-up Board", "miracle cures"):
        assert typed not in profile
    data = specialist_json_ld(okafor, None)
    assert data["jobTitle"] == "Consultant Medical Oncologist"
    assert "miracle cures" not in data["knowsAbout"]
    assert {a["name"] for a in data["affiliation"]} == {
        "St Brigid's",
        "Northfield University Hospital",
    }
    assert "Typed-in Hospital" not in client.get("/specialists/").content.decode()

    # A new check records them, and the site shows them from then on.
    record_check(okafor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Head of Everything" in box_html(html) and "miracle cures" in box_html(html)
    assert "Head of Everything" in client.get(okafor.get_absolute_url()).content.decode()


def test_a_clinician_authors_job_title_is_the_checked_post(client, editor, okafor):
    from tests.factories import AuthorFactory
    from tests.reviews.factories import verified_specialist

    writer = verified_specialist(full_name="Tomasz Nowak", slug="tomasz-nowak",
                                 positions=["Consultant Medical Oncologist"])  # fmt: skip
    writer.author = AuthorFactory(name="Tom Nowak")
    identity.save_specialist(specialist=writer, by=editor)
    Position.objects.filter(specialist=writer).update(title="Chief of Medicine")
    article = reviewed_article(editor, okafor, author=writer.author)
    author = json_ld(client.get(article.get_absolute_url()).content.decode())[0]["author"]
    assert author["jobTitle"] == "Consultant Medical Oncologist"


def test_the_specialist_change_page_says_what_is_not_yet_on_the_site(admin_client, okafor):
    url = reverse("admin:reviews_specialist_change", args=[okafor.pk])
    assert "Not yet on the site" not in admin_client.get(url).content.decode()
    edit_positions_and_interests(okafor)
    page = admin_client.get(url).content.decode()
    assert "<strong class=\"check-missing\">Not yet on the site:</strong> The positions and " \
        "programme roles and the clinical interests changed since this check." in page  # fmt: skip
    assert "as the credential check in force recorded them" in page


def test_a_check_keeps_its_record_when_the_profile_changes(okafor):
    check = okafor.current_check()
    before = (check.positions, check.clinical_interests)
    edit_positions_and_interests(okafor)
    check = CredentialCheck.objects.get(pk=check.pk)
    assert (check.positions, check.clinical_interests) == before


def test_editing_positions_in_the_admin_keeps_the_box_as_checked(client, admin_client, editor):
    from tests.reviews.factories import SpecialistFactory, mark_verified, reviewer
    from tests.reviews.test_admin_identity import profile_form

    profile = mark_verified(SpecialistFactory(user=reviewer(username="dr.x")))
    article = reviewed_article(editor, profile)
    position = profile.positions.get()
    url, data = profile_form(admin_client, profile, **{
        "positions-0-id": str(position.pk), "positions-0-title": "Professor of Typed Titles",
    })  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert profile.positions.get().title == "Professor of Typed Titles"
    profile.refresh_from_db()
    assert profile.is_public
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Consultant Medical Oncologist" in box_html(html)
    assert "Professor of Typed Titles" not in html
