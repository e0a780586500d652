from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from eduportal.roles import MEDICAL_REVIEWERS
from reviews import services
from reviews.models import Review, SignOff
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    UserFactory,
    editor_user,
    published_article,
    reviewer,
)
from tests.reviews.factories import (
    SpecialistFactory,
    approve_review,
    mark_verified,
    submit,
    verified_specialist,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist():
    return verified_specialist(user=reviewer(username="dr.review", email="dr@example.org"))


def edit(article: Article, body: str) -> Article:
    article.body = body
    article.save()
    return article


# submit_for_review -------------------------------------------------------------------


def test_submit_records_the_working_copy_and_puts_a_draft_in_review(editor):
    article = ArticleFactory()
    edit(article, "## New\n\nFresh text for patients.")
    review = submit(article, by=editor)
    article.refresh_from_db()
    assert review.revision == article_services.latest_revision(article)
    assert review.revision.body == "## New\n\nFresh text for patients."
    assert review.revision.number == 2
    assert review.requested_by == editor
    assert article.status == Article.Status.IN_REVIEW


def test_submitting_a_published_article_keeps_its_approved_text_public(editor):
    article = published_article()
    approved = article.approved_revision
    edit(article, "## Changed\n\nNot reviewed yet.")
    submit(article, by=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.approved_revision == approved
    assert article.is_published()


def test_submit_emails_the_assigned_reviewer_after_commit(editor, specialist,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(article, by=editor, reviewer=specialist)
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dr@example.org"]
    assert article.title in mail.outbox[0].subject
    assert "/admin/reviews/reviewqueueitem/" in mail.outbox[0].body


def test_unassigned_submission_emails_every_verified_reviewer(editor, specialist,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    other = verified_specialist(user=reviewer(email="other@example.org"))
    SpecialistFactory(user=reviewer(email="unverified@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        submit(ArticleFactory(), by=editor)
    assert sorted(mail.outbox[0].to) == sorted(["dr@example.org", other.user.email])


def test_only_one_open_review_per_article(editor):
    article = ArticleFactory()
    submit(article, by=editor)
    with pytest.raises(ValidationError, match="already waiting"):
        submit(article, by=editor)
    assert Review.objects.open().filter(article=article).count() == 1


def test_submitting_new_text_replaces_the_waiting_older_version(editor):
    article = ArticleFactory()
    first = submit(article, by=editor)
    edit(article, "## Better\n\nImproved while waiting.")
    second = submit(article, by=editor)
    first.refresh_from_db()
    assert first.status == Review.Status.CLOSED
    assert second.status == Review.Status.OPEN
    assert second.revision.number == first.revision.number + 1


def test_submit_is_refused_without_permission(reviewer_user):
    with pytest.raises(PermissionDenied):
        submit(ArticleFactory(), by=reviewer_user)
    assert not Review.objects.exists()


def test_archived_article_cannot_be_submitted(editor):
    article = published_article()
    article_services.archive_article(article=article, by=editor)
    with pytest.raises(ValidationError, match="archived"):
        submit(article, by=editor)


def test_assigned_reviewer_must_be_verified(editor):
    unverified = SpecialistFactory(user=reviewer())
    with pytest.raises(ValidationError, match="not a verified"):
        submit(ArticleFactory(), by=editor, reviewer=unverified)


def test_assigned_reviewer_cannot_be_the_author(editor, specialist):
    article = ArticleFactory(author=AuthorFactory(user=specialist.user))
    with pytest.raises(ValidationError, match="cannot review"):
        submit(article, by=editor, reviewer=specialist)


def test_text_sent_back_for_changes_must_be_edited_before_resubmitting(editor, specialist):
    article = ArticleFactory()
    review = submit(article, by=editor)
    services.sign_off(review=review, reviewer=specialist.user,
                      decision=SignOff.Decision.REQUEST_CHANGES, comment="Fix the dose.")  # fmt: skip
    with pytest.raises(ValidationError, match="Edit the article"):
        submit(article, by=editor)
    edit(article, "## Fixed\n\nThe dose is right now.")
    assert submit(article, by=editor).status == Review.Status.OPEN


# sign_off: allowed paths ----------------------------------------------------------------


def test_approval_makes_exactly_the_reviewed_revision_public(editor, specialist):
    article = ArticleFactory()
    review = submit(article, by=editor)
    signoff = approve_review(review, specialist, comment="Checked doses.", public=True)
    article.refresh_from_db()
    review.refresh_from_db()
    assert article.approved_revision == review.revision
    assert article.status == Article.Status.APPROVED
    assert review.status == Review.Status.CLOSED and review.closed_at is not None
    assert signoff.revision == review.revision
    assert signoff.content_hash == review.revision.content_hash
    assert signoff.specialist == specialist
    assert signoff.reviewer == specialist.user
    assert signoff.reviewer_name_snapshot == specialist.display_name
    assert signoff.credentials_snapshot == "MD, PhD"
    assert signoff.public_note is True


def test_snapshot_keeps_the_name_and_credentials_of_the_day(editor, specialist):
    review = submit(ArticleFactory(), by=editor)
    signoff = approve_review(review, specialist)
    specialist.full_name = "Changed Name"
    specialist.post_nominals = "MD, PhD, FRCP"
    specialist.save()
    signoff.refresh_from_db()
    assert signoff.reviewer_name_snapshot != "Dr Changed Name"
    assert signoff.credentials_snapshot == "MD, PhD"


@time_machine.travel("2026-01-31 10:00:00+00:00", tick=False)
def test_approval_sets_next_review_from_the_articles_interval(editor, specialist):
    article = ArticleFactory(review_interval_months=1)
    signoff = approve_review(submit(article, by=editor), specialist)
    assert signoff.signed_at == timezone.now()
    assert signoff.next_review_due == date(2026, 2, 28)
    other = ArticleFactory()  # default: 12 months
    assert approve_review(submit(other, by=editor), specialist).next_review_due == date(2027, 1, 31)


def test_approving_an_edit_of_a_published_article_updates_the_public_text(editor, specialist):
    article = published_article()
    edit(article, "## Updated\n\nNew advice.")
    review = submit(article, by=editor)
    approve_review(review, specialist)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.approved_revision == review.revision
    assert article.updated_at is not None
    assert Article.objects.published().get().approved_revision.body == "## Updated\n\nNew advice."


def test_scheduled_review_of_unchanged_text_can_be_approved_again(editor, specialist):
    article = ArticleFactory()
    first = approve_review(submit(article, by=editor), specialist)
    second = approve_review(submit(article, by=editor), specialist, comment="Still accurate.")
    assert first.revision == second.revision
    assert second.signed_at >= first.signed_at


def test_request_changes_sends_a_draft_back_and_emails_the_editor(
    editor, specialist, django_capture_on_commit_callbacks
):
    editor.email = "editor@example.org"
    editor.save()
    article = ArticleFactory()
    review = submit(article, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        signoff = services.sign_off(review=review, reviewer=specialist.user,
                                    decision=SignOff.Decision.REQUEST_CHANGES,
                                    comment="Please add the rash advice.")  # fmt: skip
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.approved_revision is None
    assert signoff.next_review_due is None
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert "Please add the rash advice." in mail.outbox[0].body
    assert "asked for changes" in mail.outbox[0].body


def test_request_changes_on_a_published_article_leaves_it_published(editor, specialist):
    article = published_article()
    approved = article.approved_revision
    edit(article, "## Risky\n\nWrong advice.")
    review = submit(article, by=editor)
    services.sign_off(review=review, reviewer=specialist.user,
                      decision=SignOff.Decision.REQUEST_CHANGES, comment="This is wrong.")  # fmt: skip
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.approved_revision == approved


def test_approval_emails_the_editor_who_asked(editor, specialist,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    editor.email = "editor@example.org"
    editor.save()
    review = submit(ArticleFactory(), by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        approve_review(review, specialist)
    assert mail.outbox[-1].to == ["editor@example.org"]
    assert mail.outbox[-1].subject.startswith("Approve")


def test_a_failed_outcome_email_does_not_undo_or_break_the_sign_off(
    editor, specialist, settings, caplog, django_capture_on_commit_callbacks
):
    from tests.mail import BACKEND

    settings.EMAIL_BACKEND = BACKEND
    editor.email = "editor@unreachable.example"
    editor.save()
    article = ArticleFactory()
    review = submit(article, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        signoff = approve_review(review, specialist)
    assert SignOff.objects.get() == signoff
    article.refresh_from_db()
    assert article.approved_revision == signoff.revision
    # The email job failed (and was retried up to its limit); the saved row stays.
    assert "email given up" in caplog.text


# sign_off: refused paths -------------------------------------------------------------


def test_comment_is_required_to_request_changes(editor, specialist):
    review = submit(ArticleFactory(), by=editor)
    with pytest.raises(ValidationError) as error:
        services.sign_off(review=review, reviewer=specialist.user,
                          decision=SignOff.Decision.REQUEST_CHANGES, comment="   ")  # fmt: skip
    assert "comment" in error.value.message_dict
    assert not SignOff.objects.exists()


def test_unknown_decision_is_refused(editor, specialist):
    review = submit(ArticleFactory(), by=editor)
    with pytest.raises(ValidationError):
        services.sign_off(review=review, reviewer=specialist.user, decision="maybe", comment="")


@pytest.mark.parametrize(
    "state",
    ["unverified", "inactive", "registration_expired", "not_in_group", "no_profile"],
)
def test_only_verified_reviewers_can_sign_off(editor, state):
    user = reviewer()
    if state != "no_profile":
        specialist = SpecialistFactory(user=user)
        if state != "unverified":
            mark_verified(specialist, valid_days=-1 if state == "registration_expired" else 30)
        if state == "inactive":
            specialist.is_active = False
            specialist.save()
        if state == "not_in_group":
            user.groups.remove(Group.objects.get(name=MEDICAL_REVIEWERS))
    article = ArticleFactory()
    review = submit(article, by=editor)
    with pytest.raises(PermissionDenied, match="cannot sign off"):
        services.sign_off(review=review, reviewer=user, decision="approve", comment="")
    article.refresh_from_db()
    assert article.approved_revision is None
    assert not SignOff.objects.exists()


@pytest.mark.parametrize("link", ["author_user", "created_article", "wrote_revision",
                                  "author_profile"])  # fmt: skip
def test_author_cannot_review_their_own_article(link):
    clinician = reviewer()
    specialist = verified_specialist(user=clinician)
    # The clinician may edit articles too (some write as well as review).
    writer_editor = editor_user()
    if link in {"created_article", "wrote_revision"}:
        clinician.groups.add(Group.objects.get(name="Editors"))
    article = ArticleFactory()
    if link == "author_user":
        article.author.user = clinician
        article.author.save()
    elif link == "created_article":
        article.created_by = clinician
        article.save()
    elif link == "author_profile":
        specialist.author = article.author
        specialist.save()
    if link == "wrote_revision":
        edit(article, "## Mine\n\nI wrote this.")
        article_services.record_revision(article=article, by=clinician)
    review = submit(article, by=writer_editor)
    with pytest.raises(PermissionDenied, match="another clinician"):
        services.sign_off(review=review, reviewer=clinician, decision="approve", comment="")
    assert not SignOff.objects.exists()


def test_archived_article_cannot_be_approved(editor, specialist):
    article = published_article()
    edit(article, "## New\n\nText.")
    review = submit(article, by=editor)
    article_services.archive_article(article=article, by=editor)
    with pytest.raises(ValidationError, match="archived"):
        approve_review(review, specialist)
    article.refresh_from_db()
    assert article.approved_revision != review.revision


def test_decision_is_refused_when_the_text_changed_after_submission(editor, specialist):
    article = ArticleFactory()
    review = submit(article, by=editor)
    edit(article, "## Sneaky\n\nChanged after submission.")
    article_services.record_revision(article=article, by=editor)
    with pytest.raises(ValidationError, match="changed since"):
        approve_review(review, specialist)
    article.refresh_from_db()
    assert article.approved_revision is None


def test_a_review_is_decided_only_once(editor, specialist):
    review = submit(ArticleFactory(), by=editor)
    approve_review(review, specialist)
    with pytest.raises(ValidationError, match="already been decided"):
        approve_review(review, specialist)
    assert SignOff.objects.count() == 1


def test_review_assigned_to_someone_else_is_refused(editor, specialist):
    other = verified_specialist()
    review = submit(ArticleFactory(), by=editor, reviewer=other)
    with pytest.raises(PermissionDenied, match="assigned to another"):
        approve_review(review, specialist)


# The lifecycle owns the article's status ---------------------------------------------


def test_submit_and_decisions_move_the_article_through_the_lifecycle(editor, specialist):
    article = ArticleFactory()
    review = submit(article, by=editor)
    services.sign_off(review=review, reviewer=specialist.user,
                      decision=SignOff.Decision.REQUEST_CHANGES, comment="Add the dose.")  # fmt: skip
    edit(article, "## Dose\n\nTwo tablets.")
    approve_review(submit(article, by=editor), specialist)
    moves = list(article.status_changes.order_by("at", "pk").values_list("move", "to_status", "by"))
    assert moves == [
        ("submit", "in_review", editor.pk),
        ("send_back", "draft", specialist.user.pk),
        ("submit", "in_review", editor.pk),
        ("approve", "approved", specialist.user.pk),
    ]


def test_a_reviewer_without_the_lifecycle_permission_cannot_approve(editor):
    outsider = UserFactory(username="outsider", is_staff=True)
    specialist = mark_verified(SpecialistFactory(user=outsider))
    review = submit(ArticleFactory(), by=editor)
    with pytest.raises(PermissionDenied, match="Medical reviewers group"):
        approve_review(review, specialist)
    assert not SignOff.objects.exists()


def test_an_archived_article_is_restored_and_then_submitted(editor, specialist):
    article = published_article()
    article_services.archive_article(article=article, by=editor)
    with pytest.raises(ValidationError, match="Restore it"):
        submit(article, by=editor)
    article_services.restore_article(article=article, by=editor)
    review = submit(article, by=editor)
    approve_review(review, specialist)
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED
