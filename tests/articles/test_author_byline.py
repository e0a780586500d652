"""A writer who is not a checked clinician never reads as one (issue 8, deliver 4):
their role is a fixed non-clinical choice and their name carries no clinical titles or
letters; a clinician author is shown only as their credential check recorded them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Author
from articles.models.taxonomy import clinical_words_in
from tests.admin_forms import admin_post_data
from tests.factories import AuthorFactory
from tests.reviews.factories import verified_specialist
from tests.reviews.test_public import json_ld, reviewed_article
from tests.reviews.test_public_identity import box_html, make_okafor

pytestmark = pytest.mark.django_db


@pytest.fixture
def okafor():
    return make_okafor()


@pytest.mark.parametrize(
    "name",
    [
        "Dr Fake Person",
        "dr. Fake Person",
        "Prof Jo Bloggs",
        "Professor Jo Bloggs",
        "Jo Bloggs MD",
        "Jo Bloggs, M.D.",
        "Jo Bloggs, MBBS, FRCP",
        "Jo Bloggs FRCS(Ed)",
        "Jo Bloggs, MRCP (UK)",
        "Jo Bloggs, RN",
    ],
)
def test_a_writers_name_may_not_carry_clinical_titles_or_letters(name):
    assert clinical_words_in(name)
    author = Author(name=name, slug="jo", role=Author.Role.MEDICAL_WRITER)
    with pytest.raises(ValidationError) as refused:
        author.full_clean()
    message = " ".join(refused.value.message_dict["name"])
    assert "without titles or letters" in message and "credentials officer" in message
    with pytest.raises(ValidationError):
        author.save()  # not only through forms
    assert not Author.objects.exists()


@pytest.mark.parametrize("name", ["Elena Marsh", "Ms Md Rahman", "Drew Proctor", "Mo Salah"])
def test_ordinary_names_are_accepted(name):
    assert clinical_words_in(name) == []
    Author(name=name, slug="w", role=Author.Role.EDITORIAL_TEAM).full_clean()


def test_the_role_is_one_of_the_non_clinical_choices():
    author = AuthorFactory.build(role="Consultant breast oncologist, FRCP")
    with pytest.raises(ValidationError) as refused:
        author.full_clean(exclude=["slug"])
    assert "role" in refused.value.message_dict
    assert set(Author.Role.labels) == {
        "Medical writer",
        "Patient information editor",
        "Editorial team",
    }


def test_the_database_refuses_a_typed_role_even_in_bulk():
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.bulk_create([Author(name="A B", slug="ab", role="Consultant oncologist")])
    author = AuthorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.filter(pk=author.pk).update(role="Oncologist")


def test_admin_refuses_a_clinical_name_and_a_typed_role_as_form_errors(client, editor):
    author = AuthorFactory(name="Elena Marsh")
    client.force_login(editor)
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = admin_post_data(client, url, name="Dr Elena Marsh, FRCP", slug=author.slug,
                           role="Consultant oncologist", bio="")  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write the name without titles or letters (“Dr”, “FRCP”)" in page
    assert "Select a valid choice" in page
    assert "changed successfully" not in page
    author.refresh_from_db()
    assert (author.name, author.role) == ("Elena Marsh", Author.Role.MEDICAL_WRITER)
    data.update(name="Elena Marsh", role="patient_information_editor")
    assert client.post(url, data).status_code == 302
    author.refresh_from_db()
    assert author.role == Author.Role.PATIENT_INFORMATION_EDITOR


def test_a_plain_writer_is_shown_with_the_chosen_role_on_the_page_and_in_json_ld(
    client, editor, okafor
):
    author = AuthorFactory(name="Elena Marsh", role=Author.Role.PATIENT_INFORMATION_EDITOR)
    article = reviewed_article(editor, okafor, author=author)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        'Written by <span class="byline-name">Elena Marsh</span>, Patient information editor</p>'
        in html
    )
    assert json_ld(html)[0]["author"] == {
        "@type": "Person",
        "name": "Elena Marsh",
        "jobTitle": "Patient information editor",
    }


def test_a_clinician_author_is_shown_as_checked_never_with_the_typed_role(client, editor, okafor):
    writer = verified_specialist(full_name="Tomasz Nowak", slug="tomasz-nowak", post_nominals="MD")
    writer.author = AuthorFactory(name="Tom Nowak", role=Author.Role.EDITORIAL_TEAM)
    writer.save()
    article = reviewed_article(editor, okafor, author=writer.author)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Written by <a class="byline-name" href="/specialists/tomasz-nowak/">' in html
    assert "Dr Tomasz Nowak, MD</a></p>" in html
    assert "Editorial team" not in html and "Tom Nowak" not in html
    assert "Editorial team" not in box_html(html)
    author = json_ld(html)[0]["author"]
    assert author["name"] == "Dr Tomasz Nowak" and author["honorificSuffix"] == "MD"
    assert "Editorial team" not in str(author)
