"""Side door 1 through the admin's own forms, the reviewer's queue telling them why they
cannot sign off, and the admin index's summary of the day."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews.models import CredentialCheck, SignOff, Specialist
from tests.admin_forms import admin_post_data
from tests.factories import ArticleFactory, UserFactory, editor_user, reviewer
from tests.reviews.factories import (
    SpecialistFactory,
    approve_review,
    credentials_officer,
    mark_verified,
    record_check,
    submit,
    verified_specialist,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reviews/reviewqueueitem/"
POSITION_FORM = {
    "positions-TOTAL_FORMS": "1",
    "positions-0-kind": "position",
    "positions-0-title": "Consultant Medical Oncologist",
    "positions-0-institution": "St Brigid's",
    "positions-0-position": "0",
}


def profile_form(client, specialist, **changes):
    url = reverse("admin:reviews_specialist_change", args=[specialist.pk])
    fields = {
        "honorific": specialist.honorific,
        "full_name": specialist.full_name,
        "slug": specialist.slug,
        "post_nominals": specialist.post_nominals,
        "registration_council": specialist.registration_council,
        "registration_number": specialist.registration_number,
        "conflict_of_interest": "None declared.",
        "user": specialist.user_id or "",
        "is_active": "on",
        **POSITION_FORM,
        **changes,
    }
    return url, admin_post_data(client, url, **fields)


def test_editor_relinking_a_checked_profile_voids_it_and_the_other_login_cannot_sign_off(
    client, editor
):
    profile = verified_specialist(full_name="Adaeze Okafor")
    impostor = reviewer(username="impostor")
    client.force_login(editor)
    url, data = profile_form(client, profile, user=impostor.pk)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "no longer holds" in html and "linked to another login" in html
    assert "Not checked" in html  # the change list says so at once
    check = CredentialCheck.objects.get()
    assert check.voided_by == editor

    review = submit(ArticleFactory(), by=editor)
    client.force_login(impostor)
    queue = client.get(QUEUE).content.decode()
    assert "You cannot sign off reviews yet" in queue
    assert "linked to another login" in queue
    item = reverse("admin:reviews_reviewqueueitem_change", args=[review.pk])
    assert 'name="decision"' not in client.get(item).content.decode()
    client.post(item, {"decision": "approve", "comment": ""})
    assert not SignOff.objects.exists()


def test_checking_an_unlinked_profile_then_linking_it_to_yourself_in_the_admin_voids_it(client):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.save()  # keep the password hash the session is bound to
    profile = SpecialistFactory()
    client.force_login(boss)
    check_url = reverse("admin:reviews_specialist_check", args=[profile.pk])
    until = (timezone.localdate() + timedelta(days=300)).isoformat()
    client.post(check_url, {"registration_expires": until, "evidence": "Register, today."})
    assert Specialist.objects.get(pk=profile.pk).is_checked
    url, data = profile_form(client, profile, user=boss.pk)
    assert client.post(url, data).status_code == 302
    profile = Specialist.objects.get(pk=profile.pk)
    assert profile.user == boss and not profile.is_checked
    # And the same person cannot check it again now that it is theirs.
    assert "linked to your own login" in client.get(check_url).content.decode()


def test_renaming_a_checked_profile_in_the_admin_voids_the_check(client, editor):
    profile = verified_specialist(full_name="Adaeze Okafor")
    client.force_login(editor)
    url, data = profile_form(client, profile, full_name="Someone Else", post_nominals="MD, FRCP")
    assert client.post(url, data).status_code == 302
    check = CredentialCheck.objects.get()
    assert "name changed" in check.void_reason and "credentials changed" in check.void_reason
    assert not Specialist.objects.get(pk=profile.pk).can_sign_off()


def test_credential_checks_are_read_only_in_the_admin_and_voided_by_officers(client, editor):
    profile = verified_specialist()
    check = profile.credential_checks.get()
    change = reverse("admin:reviews_credentialcheck_change", args=[check.pk])
    void = reverse("admin:reviews_credentialcheck_void", args=[check.pk])
    client.force_login(editor)
    html = client.get(change).content.decode()
    assert 'name="_save"' not in html
    assert client.post(change, {"full_name": "Edited"}).status_code == 403
    assert client.post(void, {"reason": "No."}).status_code == 403
    client.force_login(credentials_officer(username="officer2"))
    response = client.post(void, {"reason": "The register shows a suspension."})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.void_reason == "The register shows a suspension."
    assert not Specialist.objects.get(pk=profile.pk).can_sign_off()


def test_specialist_list_query_count_is_constant(client, editor, django_assert_max_num_queries):
    verified_specialist()
    client.force_login(editor)
    url = reverse("admin:reviews_specialist_changelist")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        verified_specialist()
        SpecialistFactory()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["cl"].result_count == 11


# The reviewer's queue says why, before they read anything ------------------------------


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("never_checked", "No one has checked your registration yet"),
        ("lapsed", "lapsed on"),
        ("inactive", "no longer reviewing for us"),
        ("no_profile", "not linked to a specialist profile"),
    ],
)
def test_the_queue_tells_a_reviewer_why_they_cannot_sign_off(client, editor, state, words):
    user = reviewer()
    if state != "no_profile":
        profile = SpecialistFactory(user=user, is_active=state != "inactive")
        if state == "lapsed":
            mark_verified(profile, valid_days=-5)
        if state == "inactive":
            record_check(profile)
    submit(ArticleFactory(title="Waiting article"), by=editor)
    client.force_login(user)
    html = client.get(QUEUE).content.decode()
    assert "Waiting article" in html
    notice = html[html.index("standing-notice") : html.index('id="changelist"')]
    assert "You cannot sign off reviews yet" in notice and words in notice


def test_a_reviewer_who_may_sign_off_sees_no_refusal_but_a_warning_before_lapse(client, editor):
    profile = SpecialistFactory(user=reviewer())
    record_check(profile, valid_days=12)
    client.force_login(profile.user)
    html = client.get(QUEUE).content.decode()
    assert "You cannot sign off" not in html
    assert "lapses after" in html


# The admin index: the day's work --------------------------------------------------------


@time_machine.travel("2026-03-20 09:00:00+00:00", tick=False)
def test_admin_index_counts_the_reviews_waiting_for_me_and_the_overdue(client, editor):
    profile = verified_specialist()
    with time_machine.travel("2026-03-01 09:00:00+00:00", tick=False):
        submit(ArticleFactory(), by=editor, reviewer=profile)  # waited 19 days: overdue
    submit(ArticleFactory(), by=editor)  # anyone's, today
    submit(ArticleFactory(), by=editor, reviewer=verified_specialist())  # someone else's
    client.force_login(profile.user)
    html = client.get("/admin/").content.decode()
    assert "2 articles wait for your review</a>" in html
    assert '<span class="count-overdue">1 overdue</span>' in html
    assert f'href="{QUEUE}"' in html


@time_machine.travel("2026-03-20 09:00:00+00:00", tick=False)
def test_admin_index_counts_a_review_overdue_by_the_articles_schedule(client, editor):
    profile = verified_specialist()
    article = ArticleFactory(review_interval_months=1)
    with time_machine.travel("2026-02-01 09:00:00+00:00", tick=False):
        approve_review(submit(article, by=editor), profile)  # due 1 March
    article.body += "\n\nA small update."
    article.save()
    submit(article, by=editor, reviewer=profile)  # sent today, but the article is overdue
    client.force_login(profile.user)
    html = client.get("/admin/").content.decode()
    assert "1 article waits for your review</a>" in html and "1 overdue" in html


def test_admin_index_summarises_for_editors_and_officers(client, editor):
    verified_specialist()
    submit(ArticleFactory(), by=editor)
    mark_verified(SpecialistFactory(), valid_days=10)
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "1 article waits for a medical review" in html
    assert "scheduled review" in html and "Open the governance dashboard" in html
    assert "credential check" not in html.split("your-day-heading")[1].split("</section>")[0]
    client.force_login(credentials_officer(username="officer2"))
    html = client.get("/admin/").content.decode()
    assert "1 credential check lapses within 30 days" in html


def test_admin_index_query_count_does_not_grow_with_the_queue(
    client, editor, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = verified_specialist()
    submit(ArticleFactory(), by=editor)
    client.force_login(profile.user)
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/")
    for _ in range(5):
        submit(ArticleFactory(), by=editor, reviewer=profile)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/admin/").content.decode()
    assert "6 articles wait for your review" in html


def test_people_without_reviews_see_no_review_summary(client):
    client.force_login(editor_user(username="plain", is_superuser=False))
    UserFactory(username="x")
    html = client.get("/admin/").content.decode()
    assert "wait for your review" not in html


def test_a_refused_profile_save_is_a_form_error_only_and_saves_nothing(client, editor, monkeypatch):
    """The service refuses after the form validated (a race): the page shows the
    refusal on the form, no success message, and neither the profile nor its inlines
    are saved."""
    from django.core.exceptions import ValidationError

    from reviews import identity
    from reviews.models import Position

    profile = mark_verified(SpecialistFactory(full_name="Ada Lovelace"))
    client.force_login(editor)

    def refuse(**kwargs):
        raise ValidationError("Someone changed this profile while you were editing it.")

    monkeypatch.setattr(identity, "save_specialist", refuse)
    url, data = profile_form(client, profile, full_name="Ada King", **{
        "positions-TOTAL_FORMS": "2", "positions-1-kind": "position",
        "positions-1-title": "Half-saved Post", "positions-1-position": "1",
    })  # fmt: skip
    data["positions-0-id"] = str(profile.positions.get().pk)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone changed this profile while you were editing it." in page
    assert "changed successfully" not in page
    assert [m.level_tag for m in response.context["messages"]] == []
    assert 'value="Ada King"' in page  # what was typed is kept
    profile.refresh_from_db()
    assert profile.full_name == "Ada Lovelace"
    assert not Position.objects.filter(title="Half-saved Post").exists()
    assert profile.current_check() is not None
