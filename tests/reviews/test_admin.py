from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from reviews.models import CredentialCheck, Review, SignOff, Specialist
from tests.admin_forms import admin_post_data
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    UserFactory,
    published_article,
    reviewer,
)
from tests.reviews.factories import (
    SpecialistFactory,
    approve_review,
    credentials_officer,
    submit,
    verified_specialist,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reviews/reviewqueueitem/"


def queue_item_url(review: Review) -> str:
    return reverse("admin:reviews_reviewqueueitem_change", args=[review.pk])


def test_review_queue_is_one_click_from_the_admin_index(reviewer_client):
    html = reviewer_client.get("/admin/").content.decode()
    assert f'href="{QUEUE}"' in html
    assert "My review queue" in html


def test_queue_shows_my_and_unassigned_open_reviews_only(reviewer_client, editor, specialist):
    mine = submit(ArticleFactory(title="Assigned to me"), by=editor, reviewer=specialist)
    anyone = submit(ArticleFactory(title="Anyone may take"), by=editor)
    submit(ArticleFactory(title="Someone else's"), by=editor, reviewer=verified_specialist())
    done = submit(ArticleFactory(title="Already decided"), by=editor, reviewer=specialist)
    approve_review(done, specialist)
    html = reviewer_client.get(QUEUE).content.decode()
    assert "Assigned to me" in html and "Anyone may take" in html
    assert "Someone else&#x27;s" not in html and "Someone else's" not in html
    assert "Already decided" not in html
    assert queue_item_url(mine) in html and queue_item_url(anyone) in html


def test_review_page_shows_text_as_published_and_diff_against_last_approval(
    reviewer_client, editor, specialist
):
    article = published_article(body="## Dose\n\nTake two tablets a day.")
    article.body = "## Dose\n\nTake one tablet a day."
    article.save()
    review = submit(article, by=editor)
    html = reviewer_client.get(queue_item_url(review)).content.decode()
    preview = reverse("articles:preview", kwargs={"slug": article.slug})
    assert f'href="{preview}?revision={review.revision.number}"' in html
    assert "<del>two</del><ins>one</ins> <del>tablets</del><ins>tablet</ins>" in html
    assert f"since the approved revision {article.approved_revision.number}" in html
    assert "<p>Take one tablet a day.</p>" in html  # the rendered body as published
    assert 'name="decision"' in html and 'value="approve"' in html


def test_reviewer_approves_through_the_admin(reviewer_client, editor, specialist):
    article = ArticleFactory()
    review = submit(article, by=editor, reviewer=specialist)
    response = reviewer_client.post(
        queue_item_url(review),
        {"decision": "approve", "comment": "Updated dosing.", "public_note": "on"},
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    signoff = SignOff.objects.get()
    assert signoff.revision == review.revision and signoff.public_note
    article.refresh_from_db()
    assert article.approved_revision == review.revision
    assert reviewer_client.get(QUEUE).context["cl"].result_count == 0


def test_request_changes_without_comment_shows_the_error_next_to_the_field(reviewer_client, editor):
    review = submit(ArticleFactory(), by=editor)
    response = reviewer_client.post(queue_item_url(review), {"decision": "request_changes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="comment-error"' in html and "what needs to change" in html
    assert 'aria-describedby="comment-help comment-error"' in html
    assert not SignOff.objects.exists()


def test_service_refusal_is_shown_not_a_server_error(client, editor):
    clinician = UserFactory(role="Medical reviewers")
    verified_specialist(user=clinician)
    article = ArticleFactory(author=AuthorFactory(user=clinician))
    review = submit(article, by=editor)
    client.force_login(clinician)
    response = client.post(queue_item_url(review), {"decision": "approve"})
    assert response.status_code == 200
    assert "another clinician must review it" in response.content.decode()
    assert not SignOff.objects.exists()


def test_unverified_reviewer_cannot_decide_in_the_admin(client, editor, reviewer_user):
    SpecialistFactory(user=reviewer_user)
    review = submit(ArticleFactory(), by=editor)
    client.force_login(reviewer_user)
    response = client.post(queue_item_url(review), {"decision": "approve"})
    html = response.content.decode()
    assert "You cannot sign off reviews yet" in html
    assert "No one has checked your registration yet" in html
    assert 'name="decision"' not in html  # no form to fill in for nothing
    assert not SignOff.objects.exists()


def test_someone_elses_review_is_not_in_my_queue(reviewer_client, editor):
    review = submit(ArticleFactory(), by=editor, reviewer=verified_specialist())
    assert reviewer_client.get(queue_item_url(review)).status_code == 404
    assert reviewer_client.post(queue_item_url(review), {"decision": "approve"}).status_code == 404
    assert not SignOff.objects.exists()


def test_editors_cannot_decide(client, editor):
    review = submit(ArticleFactory(), by=editor)
    client.force_login(editor)
    assert client.post(queue_item_url(review), {"decision": "approve"}).status_code == 403
    assert not SignOff.objects.exists()


def test_signoffs_are_read_only_even_for_superusers(client, editor, specialist):
    signoff = approve_review(submit(ArticleFactory(), by=editor), specialist)
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    admin_user.save()
    client.force_login(admin_user)
    change_url = reverse("admin:reviews_signoff_change", args=[signoff.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and 'name="comment"' not in html
    assert client.post(change_url, {"comment": "rewritten"}).status_code == 403
    delete_url = reverse("admin:reviews_signoff_delete", args=[signoff.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:reviews_signoff_changelist"))
    assert 'name="action"' not in changelist.content.decode()
    signoff.refresh_from_db()
    assert signoff.comment == ""
    assert SignOff.objects.count() == 1


def test_article_change_page_shows_review_history(client, editor, specialist):
    article = ArticleFactory()
    approve_review(submit(article, by=editor), specialist, comment="Checked the doses.")
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert "medical review history" in html.decode().lower()
    assert "Checked the doses." in html.decode()


def test_submit_for_medical_review_action(client, editor, specialist):
    article = ArticleFactory()
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    data = {"action": "submit_for_review", ACTION_CHECKBOX_NAME: [article.pk]}
    form_page = client.post(url, data)
    assert form_page.status_code == 200
    assert "Submit for medical review" in form_page.content.decode()
    assert not Review.objects.exists()
    response = client.post(url, {**data, "apply": "1", "reviewer": specialist.pk})
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.reviewer == specialist and review.requested_by == editor
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_submit_action_reports_refusals(client, editor):
    article = ArticleFactory()
    submit(article, by=editor)
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    response = client.post(
        url,
        {"action": "submit_for_review", ACTION_CHECKBOX_NAME: [article.pk], "apply": "1"},
        follow=True,
    )
    assert "already waiting" in response.content.decode()
    assert Review.objects.count() == 1


def test_reviewers_do_not_get_the_submit_action(reviewer_client):
    response = reviewer_client.get(reverse("admin:articles_article_changelist"))
    assert "submit_for_review" not in response.content.decode()


def test_credentials_officer_records_a_check_on_the_profile_page(client):
    profile = SpecialistFactory(user=reviewer())
    officer = credentials_officer(first_name="Noor", last_name="Haddad")
    client.force_login(officer)
    url = reverse("admin:reviews_specialist_check", args=[profile.pk])
    page = client.get(url).content.decode()
    # The officer sees exactly what they vouch for, login included.
    assert profile.registration_number in page and profile.user.get_username() in page
    until = timezone.localdate() + timedelta(days=200)
    response = client.post(
        url, {"registration_expires": until.isoformat(), "evidence": "Council register, today."}
    )
    assert response.status_code == 302
    check = CredentialCheck.objects.get()
    assert check.checked_by == officer and check.user == profile.user
    assert check.valid_until == until and check.evidence == "Council register, today."
    assert Specialist.objects.get(pk=profile.pk).can_sign_off()


def test_check_page_with_a_past_date_or_no_evidence_shows_the_errors(client):
    profile = SpecialistFactory()
    client.force_login(credentials_officer())
    url = reverse("admin:reviews_specialist_check", args=[profile.pk])
    response = client.post(url, {"registration_expires": "2000-01-01", "evidence": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The registration must be valid after today." in html
    assert "This field is required." in html
    assert not CredentialCheck.objects.exists()


def test_editors_cannot_record_checks(client, editor):
    profile = SpecialistFactory()
    client.force_login(editor)
    url = reverse("admin:reviews_specialist_check", args=[profile.pk])
    assert "Only credentials officers" in client.get(url).content.decode()
    until = (timezone.localdate() + timedelta(days=100)).isoformat()
    response = client.post(url, {"registration_expires": until, "evidence": "Trust me."})
    assert response.status_code == 403
    assert not CredentialCheck.objects.exists()


def test_nobody_records_a_check_of_their_own_profile_in_the_admin(client):
    officer = credentials_officer()
    profile = SpecialistFactory(user=officer)
    client.force_login(officer)
    url = reverse("admin:reviews_specialist_check", args=[profile.pk])
    assert "linked to your own login" in client.get(url).content.decode()
    until = (timezone.localdate() + timedelta(days=100)).isoformat()
    assert client.post(url, {"registration_expires": until, "evidence": "Me."}).status_code == 403
    assert not CredentialCheck.objects.exists()


# The specialist's one position, as the change page shows it (no extra blank form).
POSITION_FORM = {
    "positions-TOTAL_FORMS": "1",
    "positions-0-kind": "position",
    "positions-0-title": "Consultant Medical Oncologist",
    "positions-0-institution": "St Brigid's",
    "positions-0-position": "0",
}


def test_changing_the_registration_voids_the_check(client, editor, specialist):
    client.force_login(editor)
    url = reverse("admin:reviews_specialist_change", args=[specialist.pk])
    data = admin_post_data(
        client,
        url,
        honorific=specialist.honorific,
        full_name=specialist.full_name,
        slug=specialist.slug,
        post_nominals=specialist.post_nominals,
        registration_council=specialist.registration_council,
        registration_number="NMC-999999",
        conflict_of_interest="None declared.",
        user=specialist.user.pk,
        is_active="on",
        **POSITION_FORM,
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    specialist = Specialist.objects.get(pk=specialist.pk)
    assert specialist.registration_number == "NMC-999999"
    assert specialist.current_check() is None and not specialist.can_sign_off()
    check = CredentialCheck.objects.get()
    assert check.voided_by == editor and "registration number changed" in check.void_reason
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("no longer holds" in m for m in messages)


def test_editing_unchecked_fields_keeps_the_check(client, editor, specialist):
    client.force_login(editor)
    url = reverse("admin:reviews_specialist_change", args=[specialist.pk])
    data = admin_post_data(
        client,
        url,
        honorific=specialist.honorific,
        full_name=specialist.full_name,
        slug=specialist.slug,
        post_nominals=specialist.post_nominals,
        bio="Now also runs the survivorship clinic.",
        registration_council=specialist.registration_council,
        registration_number=specialist.registration_number,
        conflict_of_interest="None declared.",
        user=specialist.user.pk,
        is_active="on",
        **POSITION_FORM,
    )
    assert client.post(url, data).status_code == 302
    assert Specialist.objects.get(pk=specialist.pk).can_sign_off()


@time_machine.travel("2026-03-01 09:00:00+00:00", tick=False)
def test_article_admin_lists_reviews_due_in_30_days_and_overdue(client, editor, specialist):
    soon = ArticleFactory(title="Due soon", review_interval_months=1)
    later = ArticleFactory(title="Due later")
    overdue = ArticleFactory(title="Overdue one", review_interval_months=1)
    with time_machine.travel("2026-01-15 09:00:00+00:00", tick=False):
        approve_review(submit(overdue, by=editor), specialist)  # due 15 February
    with time_machine.travel("2026-02-10 09:00:00+00:00", tick=False):
        approve_review(submit(soon, by=editor), specialist)  # due 10 March
    approve_review(submit(later, by=editor), specialist)  # due in 12 months
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    due_soon = [a.title for a in client.get(url, {"review_due": "soon"}).context["cl"].result_list]
    late = [a.title for a in client.get(url, {"review_due": "overdue"}).context["cl"].result_list]
    assert due_soon == ["Due soon"]
    assert late == ["Overdue one"]
    html = client.get(url).content.decode()
    assert "Due in 30 days" in html and "Overdue since" in html


def test_approving_in_the_admin_is_a_lifecycle_move_by_the_reviewer(
    reviewer_client, editor, specialist
):
    article = ArticleFactory()
    review = submit(article, by=editor, reviewer=specialist)
    reviewer_client.post(queue_item_url(review), {"decision": "approve", "comment": ""})
    change = article.status_changes.latest("at")
    assert (change.move, change.by, change.revision) == (
        "approve",
        specialist.user,
        review.revision,
    )
