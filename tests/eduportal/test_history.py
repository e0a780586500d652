"""Deliver 6 and side door 7: editorial objects keep a change history (who, what, when),
viewable in the admin. Topics' descriptions and authors' role and bio first of all."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

from articles.models import Author, Topic
from eduportal.roles import EDITORS, MODERATORS
from reviews import identity
from reviews.models import Position
from stories.models import ScreeningKeyword
from tests.admin_forms import admin_post_data
from tests.factories import AuthorFactory, TopicFactory, UserFactory, editor_user, moderator
from tests.reviews.factories import credentials_officer, record_check, verified_specialist

pytestmark = pytest.mark.django_db


def changes(record) -> dict:
    """What changed in a history record against the one before it."""
    delta = record.diff_against(record.prev_record)
    return {change.field: (change.old, change.new) for change in delta.changes}


# Side door 7, through the model layer ----------------------------------------------------


def test_a_topic_description_change_is_recorded_with_who_and_when(editor):
    topic = TopicFactory(description="Cancer that starts in the breast.")
    topic.description = "Cancer that starts in breast tissue."
    topic._history_user = editor
    topic.save()
    latest = topic.history.first()
    assert latest.history_user == editor and latest.history_date is not None
    assert changes(latest) == {
        "description": ("Cancer that starts in the breast.", "Cancer that starts in breast tissue.")
    }


def test_an_authors_role_and_bio_changes_are_recorded(editor):
    author = AuthorFactory(bio="Writes for patients.")
    author.role, author.bio = Author.Role.EDITORIAL_TEAM, "Treats patients."
    author._history_user = editor
    author.save()
    assert changes(author.history.first()) == {
        "role": ("medical_writer", "editorial_team"),
        "bio": ("Writes for patients.", "Treats patients."),
    }


# Side door 7, through the admin ----------------------------------------------------------


def test_a_topic_edited_in_the_admin_shows_who_changed_what_on_its_history_page(client, editor):
    topic = TopicFactory(name="Breast cancer", slug="breast-cancer", description="Old words.")
    client.force_login(editor)
    url = reverse("admin:articles_topic_change", args=[topic.pk])
    data = admin_post_data(client, url, name=topic.name, slug=topic.slug, kind=topic.kind,
                           description="New words for patients.", position="0")  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert Topic.history.filter(id=topic.pk).first().history_user == editor
    page = client.get(reverse("admin:articles_topic_history", args=[topic.pk])).content.decode()
    assert "New words for patients." in page and "Old words." in page
    assert editor.get_username() in page


def test_an_author_edited_in_the_admin_shows_role_and_bio_changes(client, editor):
    author = AuthorFactory(name="Elena Marsh", bio="Old bio.")
    client.force_login(editor)
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = admin_post_data(client, url, name=author.name, slug=author.slug,
                           role="patient_information_editor", bio="New bio.")  # fmt: skip
    assert client.post(url, data).status_code == 302
    latest = Author.history.filter(id=author.pk).first()
    assert latest.history_user == editor
    assert set(changes(latest)) == {"role", "bio"}
    page = client.get(reverse("admin:articles_author_history", args=[author.pk])).content.decode()
    assert "patient_information_editor" in page and "New bio." in page


# The other editorial objects -----------------------------------------------------------------


def test_site_page_changes_are_recorded_and_shown(client, editor):
    page = FlatPage.objects.get(url="/about/")
    client.force_login(editor)
    url = reverse("admin:flatpages_flatpage_change", args=[page.pk])
    fields = {"url": page.url, "title": "About eduportal", "content": page.content, "sites": ["1"]}
    data = admin_post_data(client, url, **{k: v for k, v in fields.items() if k != "url"})
    data["url"] = page.url
    assert client.post(url, data).status_code == 302
    latest = FlatPage.history.filter(id=page.pk).first()
    assert latest.history_user == editor and changes(latest)["title"][1] == "About eduportal"
    history = client.get(reverse("admin:flatpages_flatpage_history", args=[page.pk]))
    assert "About eduportal" in history.content.decode()


def test_screening_keyword_changes_are_recorded(client):
    mod = moderator(username="mod")
    client.force_login(mod)
    client.post(reverse("admin:stories_screeningkeyword_add"),
                {"kind": "medical_claim", "phrase": "magic tea", "active": "on"})  # fmt: skip
    keyword = ScreeningKeyword.objects.get(phrase="magic tea")
    url = reverse("admin:stories_screeningkeyword_change", args=[keyword.pk])
    client.post(url, {"kind": "medical_claim", "phrase": "magic tea", "note": "Seen twice."})
    records = list(keyword.history.all())
    assert [r.history_type for r in records] == ["~", "+"]
    assert all(r.history_user == mod for r in records)
    assert changes(records[0])["active"] == (True, False)


def test_role_membership_changes_record_who_added_whom_to_which_group(client):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.save()
    boss.save()
    person = UserFactory(username="sam", is_staff=True)
    person.save()
    client.force_login(boss)
    url = reverse("admin:auth_user_change", args=[person.pk])
    moderators = Group.objects.get(name=MODERATORS)
    data = admin_post_data(client, url, username="sam", email=person.email,
                           first_name=person.first_name, last_name=person.last_name,
                           is_active="on", is_staff="on", groups=[str(moderators.pk)],
                           date_joined_0="2026-01-01", date_joined_1="09:00:00")  # fmt: skip
    data.pop("password", None)
    assert client.post(url, data).status_code == 302
    user_history = get_user_model().history.filter(id=person.pk)
    latest = user_history.first()
    assert latest.history_user == boss
    assert [row.group_id for row in latest.groups.all()] == [moderators.pk]
    page = client.get(reverse("admin:auth_user_history", args=[person.pk])).content.decode()
    assert "Moderators" in page or "groups" in page


def test_logging_in_adds_no_history_noise(client):
    user = editor_user(username="quiet")
    before = get_user_model().history.filter(id=user.pk).count()
    client.force_login(user)  # signs in as login() does: last_login is stamped
    user.refresh_from_db()
    assert user.last_login is not None
    assert get_user_model().history.filter(id=user.pk).count() == before


def test_role_membership_added_in_code_is_recorded_too():
    user = UserFactory(username="coder")
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    latest = get_user_model().history.filter(id=user.pk).first()
    assert [row.group.name for row in latest.groups.all()] == [EDITORS]


def test_specialist_positions_and_checks_have_history_pages(client, editor):
    profile = verified_specialist(full_name="Adaeze Okafor")
    profile.bio = "A new bio."
    identity.save_specialist(specialist=profile, by=editor)
    Position.objects.create(specialist=profile, title="Lead for trials", position=3)
    profile.clinical_interests.add("immunotherapy")
    profile.clinical_interests.remove("immunotherapy")
    record_check(profile, by=credentials_officer(username="second"))
    client.force_login(editor)
    page = client.get(reverse("admin:reviews_specialist_history", args=[profile.pk]))
    html = page.content.decode()
    assert "A new bio." in html and editor.get_username() in html
    assert 'id="position-history"' in html and "Lead for trials" in html
    interests = html[html.index('id="interest-history"') :]
    assert "Added" in interests and "Removed" in interests and "immunotherapy" in interests
    check = profile.credential_checks.first()
    page = client.get(reverse("admin:reviews_credentialcheck_history", args=[check.pk]))
    assert page.status_code == 200
    voided = profile.credential_checks.last()
    assert voided.history.first().history_type == "~"  # voided when replaced


# Helplines, search synonyms, specialties, interests and role permissions -------------------


def test_a_helpline_number_changed_in_the_admin_is_recorded_and_shown(client, editor):
    from stories.models import Helpline

    line = Helpline.objects.create(kind="crisis", name="Samaritans", description="Listening.",
                                   phone="116 123", active=True)  # fmt: skip
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.save()
    client.force_login(boss)
    url = reverse("admin:stories_helpline_change", args=[line.pk])
    data = admin_post_data(client, url, name="Samaritans", country="", kind="crisis",
                           description="Listening.", phone="116 124", text_number="",
                           website="", hours="", position="0", active="on",
                           checked_on="")  # fmt: skip
    assert client.post(url, data).status_code == 302
    latest = line.history.first()
    assert latest.history_user == boss
    assert changes(latest) == {"phone": ("116 123", "116 124")}
    page = client.get(reverse("admin:stories_helpline_history", args=[line.pk])).content.decode()
    assert "116 124" in page and "116 123" in page and "boss" in page


def test_search_synonym_specialty_and_interest_changes_are_recorded_with_history_pages(
    client, editor
):
    from articles.models import SearchSynonym
    from reviews.models import ClinicalInterest, Specialty

    synonym = SearchSynonym.objects.create(words="tiredness, fatigue")
    specialty = Specialty.objects.create(name="Medical oncology", slug="medical-oncology")
    interest = ClinicalInterest.objects.create(name="immunotherapy", slug="immunotherapy")
    for obj, field, value in ((synonym, "words", "tiredness, fatigue, exhaustion"),
                              (specialty, "name", "Oncology (medical)"),
                              (interest, "name", "immune therapy")):  # fmt: skip
        old = getattr(obj, field)
        setattr(obj, field, value)
        obj._history_user = editor
        obj.save()
        latest = obj.history.first()
        assert latest.history_user == editor
        assert changes(latest)[field] == (old, value)
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.save()
    client.force_login(boss)
    for name, obj, text in (("articles_searchsynonym", synonym, "exhaustion"),
                            ("reviews_specialty", specialty, "Oncology (medical)"),
                            ("reviews_clinicalinterest", interest, "immune therapy")):  # fmt: skip
        page = client.get(reverse(f"admin:{name}_history", args=[obj.pk]))
        assert page.status_code == 200 and text in page.content.decode(), name


def test_a_permission_given_to_a_role_is_recorded_with_who_gave_it(client):
    from django.contrib.auth.models import Permission

    editors = Group.objects.get(name=EDITORS)
    verify = Permission.objects.get(codename="verify_specialist")
    assert verify not in editors.permissions.all()
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.save()
    client.force_login(boss)
    url = reverse("admin:auth_group_change", args=[editors.pk])
    held = [str(pk) for pk in editors.permissions.values_list("pk", flat=True)]
    data = admin_post_data(client, url, name=EDITORS, permissions=[*held, str(verify.pk)])
    assert client.post(url, data).status_code == 302
    latest = Group.history.filter(id=editors.pk).first()
    assert latest.history_user == boss
    assert verify.pk in [row.permission_id for row in latest.permissions.all()]
    previous = latest.prev_record
    assert previous is None or verify.pk not in [
        r.permission_id for r in previous.permissions.all()
    ]
    page = client.get(reverse("admin:auth_group_history", args=[editors.pk]))
    assert page.status_code == 200 and "boss" in page.content.decode()


def test_a_permission_added_in_code_is_recorded_too():
    from django.contrib.auth.models import Permission

    moderators = Group.objects.get(name=MODERATORS)
    verify = Permission.objects.get(codename="verify_specialist")
    moderators.permissions.add(verify)
    latest = Group.history.filter(id=moderators.pk).first()
    assert verify.pk in [row.permission_id for row in latest.permissions.all()]
