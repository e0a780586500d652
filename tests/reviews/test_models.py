from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eduportal.roles import MEDICAL_REVIEWERS
from reviews.models import Review, SignOff, Specialist
from reviews.services import add_months
from tests.factories import ArticleFactory, reviewer
from tests.reviews.factories import (
    SpecialistFactory,
    approve_review,
    mark_verified,
    submit,
    verified_specialist,
)

pytestmark = pytest.mark.django_db


def test_verified_queryset_and_can_sign_off_agree():
    ok = verified_specialist()
    unverified = SpecialistFactory(user=reviewer())
    expired = mark_verified(SpecialistFactory(user=reviewer()), valid_days=-1)
    inactive = verified_specialist(is_active=False)
    no_login = mark_verified(SpecialistFactory())
    outside_group = verified_specialist()
    outside_group.user.groups.remove(Group.objects.get(name=MEDICAL_REVIEWERS))
    disabled_login = verified_specialist()
    disabled_login.user.is_active = False
    disabled_login.user.save()
    verified = set(Specialist.objects.verified())
    assert verified == {ok}
    for specialist in Specialist.objects.all():
        assert specialist.can_sign_off() == (specialist in verified), specialist
    assert {unverified, expired, inactive, no_login} & verified == set()


def test_public_queryset_and_is_public_agree():
    shown = mark_verified(SpecialistFactory())
    SpecialistFactory()
    verified_specialist(is_active=False)
    public = set(Specialist.objects.public())
    assert public == {shown}
    for specialist in Specialist.objects.all():
        assert specialist.is_public == (specialist in public)


def test_registration_expires_at_the_end_of_its_last_day():
    specialist = mark_verified(SpecialistFactory(user=reviewer()), valid_days=0)
    assert specialist.current_check().valid_until == timezone.localdate()
    assert specialist.can_sign_off()
    assert Specialist.objects.verified().filter(pk=specialist.pk).exists()


def test_one_open_review_per_article_is_a_named_database_constraint(editor):
    article = ArticleFactory()
    review = submit(article, by=editor)
    with (
        pytest.raises(
            IntegrityError, match=r"review_one_open_per_article|reviews_review\.article_id"
        ),
        transaction.atomic(),
    ):
        Review.objects.create(article=article, revision=review.revision, requested_by=editor)
    # A closed review does not block a new one.
    Review.objects.create(article=article, revision=review.revision, status="closed",
                          closed_at=timezone.now())  # fmt: skip


def _signoff_kwargs(review, specialist, **overrides):
    values = {
        "review": review,
        "article": review.article,
        "revision": review.revision,
        "content_hash": review.revision.content_hash,
        "reviewer": specialist.user,
        "specialist": specialist,
        "reviewer_name_snapshot": specialist.display_name,
        "decision": "approve",
        "next_review_due": date(2030, 1, 1),
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"decision": "maybe", "next_review_due": None}, "signoff_decision_valid"),
        ({"decision": "request_changes", "comment": "", "next_review_due": None},
         "signoff_changes_need_comment"),
        ({"next_review_due": None}, "signoff_approval_sets_due_date"),
    ],
)  # fmt: skip
def test_signoff_invariants_are_database_constraints(editor, overrides, constraint):
    specialist = verified_specialist()
    review = submit(ArticleFactory(), by=editor)
    with pytest.raises(IntegrityError, match=constraint):
        SignOff.objects.create(**_signoff_kwargs(review, specialist, **overrides))


def test_second_decision_on_a_review_fails_at_the_database(editor):
    specialist = verified_specialist()
    review = submit(ArticleFactory(), by=editor)
    approve_review(review, specialist)
    with pytest.raises(
        IntegrityError, match=r"signoff_one_decision_per_review|reviews_signoff\.review_id"
    ):
        SignOff.objects.create(**_signoff_kwargs(review, specialist))


def test_signoffs_cannot_be_changed_or_deleted(editor):
    specialist = verified_specialist()
    signoff = approve_review(submit(ArticleFactory(), by=editor), specialist)
    signoff.comment = "Rewritten history"
    with pytest.raises(ValidationError, match="permanent"):
        signoff.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        signoff.delete()
    with pytest.raises(ValidationError):
        SignOff.objects.filter(pk=signoff.pk).update(comment="Rewritten")
    with pytest.raises(ValidationError):
        SignOff.objects.all().delete()
    signoff.refresh_from_db()
    assert signoff.comment == ""


def test_photo_needs_alt_text():
    from tests.images import upload

    specialist = SpecialistFactory()
    specialist.photo = upload()
    specialist.photo_alt = ""
    with pytest.raises(ValidationError) as error:
        specialist.full_clean()
    assert "photo_alt" in error.value.message_dict


def test_photo_gets_renditions_like_article_images():
    from eduportal.images import clean_uploaded_image
    from tests.images import upload

    specialist = SpecialistFactory(photo_alt="Dr Clinician smiling.")
    specialist.photo = clean_uploaded_image(upload()).content
    specialist.save()
    assert specialist.photo_renditions["source"] == specialist.photo.name
    assert specialist.photo_renditions["jpeg"]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 21), 12, date(2027, 11, 21)),
        (date(2026, 12, 15), 6, date(2027, 6, 15)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_display_names():
    specialist = SpecialistFactory.build(honorific="Dr", full_name="Ada Okafor",
                                         post_nominals="MD, PhD")  # fmt: skip
    assert specialist.display_name == "Dr Ada Okafor"
    assert specialist.name_with_credentials == "Dr Ada Okafor, MD, PhD"
