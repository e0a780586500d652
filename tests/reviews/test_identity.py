"""Side door 1, "borrowed identity", through the service and model layer: a credential
check vouches for one person's profile and login as they stood, and nothing else."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from eduportal.roles import MEDICAL_REVIEWERS
from reviews import identity, services
from reviews.models import CredentialCheck, SignOff, Specialist
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


def fresh(specialist: Specialist) -> Specialist:
    return Specialist.objects.get(pk=specialist.pk)


def expires_in(days: int):
    return timezone.localdate() + timedelta(days=days)


# Recording a check -------------------------------------------------------------------


def test_a_check_records_what_it_vouched_for_and_who_checked():
    clinician = reviewer()
    profile = SpecialistFactory(user=clinician, honorific="Prof", post_nominals="MD")
    officer = credentials_officer()
    check = identity.record_credential_check(
        specialist=profile, by=officer, registration_expires=expires_in(200),
        evidence="  Register page read today.  ",
    )  # fmt: skip
    assert check.specialist == profile and check.user == clinician
    assert (check.honorific, check.full_name, check.post_nominals) == (
        "Prof",
        profile.full_name,
        "MD",
    )
    assert check.registration_council == profile.registration_council
    assert check.registration_number == profile.registration_number
    assert check.checked_by == officer and check.checked_at is not None
    assert check.registration_expires == check.valid_until == expires_in(200)
    assert check.evidence == "Register page read today."
    assert fresh(profile).can_sign_off() and fresh(profile).is_public


def test_a_check_lapses_after_the_set_period_even_if_the_registration_runs_longer(settings):
    settings.CREDENTIAL_CHECK_VALID_DAYS = 90
    check = record_check(SpecialistFactory(), valid_days=700)
    assert check.registration_expires == expires_in(700)
    assert check.valid_until == expires_in(90)


def test_a_new_check_replaces_the_open_one():
    profile = SpecialistFactory()
    first = record_check(profile)
    second = record_check(profile, by=credentials_officer(username="second"))
    first.refresh_from_db()
    assert first.voided_at is not None and first.void_reason.startswith("Replaced by a new check")
    assert fresh(profile).current_check() == second


@pytest.mark.parametrize("who", ["editor", "reviewer", "nobody"])
def test_only_credentials_officers_record_checks(who):
    profile = SpecialistFactory()
    by = {"editor": editor_user, "reviewer": reviewer, "nobody": lambda: None}[who]()
    with pytest.raises(PermissionDenied, match="credentials officers"):
        identity.record_credential_check(
            specialist=profile, by=by, registration_expires=expires_in(30), evidence="x"
        )
    assert not CredentialCheck.objects.exists()


def test_editors_no_longer_hold_the_permission_and_officers_do():
    assert not editor_user().has_perm("reviews.verify_specialist")
    assert credentials_officer().has_perm("reviews.verify_specialist")


def test_a_check_needs_evidence_and_a_registration_valid_after_today():
    with pytest.raises(ValidationError) as error:
        identity.record_credential_check(
            specialist=SpecialistFactory(), by=credentials_officer(),
            registration_expires=timezone.localdate(), evidence="  ",
        )  # fmt: skip
    assert set(error.value.message_dict) == {"evidence", "registration_expires"}


def test_nobody_checks_the_profile_linked_to_their_own_login():
    officer = credentials_officer()
    profile = SpecialistFactory(user=officer)
    with pytest.raises(PermissionDenied, match="your own login"):
        record_check(profile, by=officer)
    assert not CredentialCheck.objects.exists()


def test_the_database_refuses_a_check_by_the_linked_login():
    officer = credentials_officer()
    profile = SpecialistFactory(user=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialCheck.objects.create(
            specialist=profile, user=officer, full_name=profile.full_name,
            registration_council="C", registration_number="1",
            registration_expires=expires_in(10), valid_until=expires_in(10),
            evidence="Me.", checked_by=officer,
        )  # fmt: skip


def test_checking_an_unlinked_profile_then_linking_it_to_yourself_voids_the_check():
    officer = credentials_officer()
    officer.groups.add(Group.objects.get(name=MEDICAL_REVIEWERS))
    profile = SpecialistFactory()  # no login yet
    check = record_check(profile, by=officer)
    profile.user = officer
    identity.save_specialist(specialist=profile, by=editor_user())
    check.refresh_from_db()
    assert check.voided_at is not None and "linked to another login" in check.void_reason
    assert not fresh(profile).is_public and not fresh(profile).can_sign_off()
    review = submit(ArticleFactory(), by=editor_user(username="ed2"))
    with pytest.raises(PermissionDenied, match=r"changed after it was checked|was voided"):
        services.sign_off(review=review, reviewer=officer, decision="approve", comment="")


# Borrowed identity: any change to what was checked voids the check ------------------------


def test_relinking_a_checked_profile_to_another_login_voids_the_check(editor):
    profile = verified_specialist(full_name="Adaeze Okafor")
    impostor = reviewer(username="impostor")
    profile.user = impostor
    voided = identity.save_specialist(specialist=profile, by=editor)
    assert [check.voided_by for check in voided] == [editor]
    assert "linked to another login" in voided[0].void_reason
    review = submit(ArticleFactory(), by=editor)
    with pytest.raises(PermissionDenied, match="cannot sign off"):
        services.sign_off(review=review, reviewer=impostor, decision="approve", comment="")
    assert not SignOff.objects.exists()
    assert not Specialist.objects.public().filter(pk=profile.pk).exists()


def test_unlinking_the_login_voids_the_check(editor):
    profile = verified_specialist()
    profile.user = None
    [check] = identity.save_specialist(specialist=profile, by=editor)
    assert "login was unlinked" in check.void_reason
    assert not fresh(profile).is_public


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("honorific", "Prof", "title changed"),
        ("full_name", "Someone Else", "name changed"),
        ("post_nominals", "MD, PhD, FRCS", "credentials changed"),
        ("registration_council", "Another Council", "registration body changed"),
        ("registration_number", "NMC-000001", "registration number changed"),
    ],
)
def test_changing_anything_checked_voids_the_check(editor, field, value, words):
    profile = verified_specialist()
    setattr(profile, field, value)
    [check] = identity.save_specialist(specialist=profile, by=editor)
    assert words in check.void_reason and f"“{value}”" in check.void_reason
    assert not fresh(profile).can_sign_off() and not fresh(profile).is_public


def test_editing_what_was_not_checked_keeps_the_check(editor):
    profile = verified_specialist()
    profile.bio = "Now also runs the survivorship clinic."
    profile.is_active = True
    assert identity.save_specialist(specialist=profile, by=editor) == []
    assert fresh(profile).can_sign_off()


def test_bulk_update_voids_the_checks_it_makes_untrue():
    renamed, untouched = verified_specialist(), verified_specialist()
    Specialist.objects.filter(pk=renamed.pk).update(full_name="Bulk Renamed")
    Specialist.objects.filter(pk=untouched.pk).update(bio="Unchecked field.")
    assert renamed.credential_checks.get().voided_at is not None
    assert untouched.credential_checks.get().voided_at is None
    assert set(Specialist.objects.checked()) == {untouched}


def test_even_raw_sql_cannot_present_a_renamed_profile_as_checked():
    profile = verified_specialist()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Specialist._meta.db_table} SET full_name = %s WHERE id = %s",
            ["Raw Renamed", profile.pk],
        )
    assert profile.credential_checks.get().voided_at is None  # nothing recorded it…
    assert not Specialist.objects.checked().filter(pk=profile.pk).exists()  # …yet it fails
    assert not fresh(profile).can_sign_off()
    assert "name changed" in identity.standing_of(profile.user).explanation


def test_checks_are_append_only_except_for_voiding():
    check = record_check(SpecialistFactory())
    check.full_name = "Changed"
    with pytest.raises(ValidationError):
        check.save()
    with pytest.raises(ValidationError):
        CredentialCheck.objects.filter(pk=check.pk).update(full_name="Changed")
    with pytest.raises(ValidationError):
        check.delete()
    with pytest.raises(ValidationError):
        CredentialCheck.objects.all().delete()
    assert CredentialCheck.objects.get(pk=check.pk).full_name != "Changed"


def test_a_credentials_officer_voids_a_check_with_a_reason():
    profile = verified_specialist()
    check = profile.credential_checks.get()
    with pytest.raises(PermissionDenied):
        identity.void_credential_check(check=check, by=editor_user(), reason="Suspended.")
    officer = credentials_officer(username="second")
    with pytest.raises(ValidationError):
        identity.void_credential_check(check=check, by=officer, reason=" ")
    identity.void_credential_check(check=check, by=officer, reason="Registration suspended.")
    check.refresh_from_db()
    assert check.voided_by == officer and check.void_reason == "Registration suspended."
    assert not fresh(profile).can_sign_off()
    with pytest.raises(ValidationError, match="already void"):
        identity.void_credential_check(check=check, by=officer, reason="Again.")


# Lapsing -----------------------------------------------------------------------------


def test_a_check_counts_through_its_last_day_and_lapses_after_it():
    with time_machine.travel("2026-01-10 09:00:00+00:00", tick=False):
        profile = SpecialistFactory(user=reviewer())
        record_check(profile, valid_days=20)  # valid until 30 January
    with time_machine.travel("2026-01-30 22:00:00+00:00", tick=False):
        assert fresh(profile).can_sign_off()
    with time_machine.travel("2026-01-31 09:00:00+00:00", tick=False):
        assert not fresh(profile).can_sign_off() and not fresh(profile).is_public
        assert "lapsed on 30 January 2026" in identity.standing_of(profile.user).explanation


# The rule is written once for querysets and once for instances --------------------------


def test_in_force_queryset_and_instance_agree():
    ok = record_check(SpecialistFactory())
    lapsed = mark_verified(SpecialistFactory(), valid_days=-2).credential_checks.get()
    voided = record_check(SpecialistFactory())
    voided.void(reason="Withdrawn.")
    renamed_profile = SpecialistFactory()
    renamed = record_check(renamed_profile)
    Specialist.objects.filter(pk=renamed_profile.pk).update(post_nominals="X")
    in_force = set(CredentialCheck.objects.in_force())
    assert in_force == {ok}
    for check in CredentialCheck.objects.select_related("specialist"):
        assert check.is_in_force() == (check in in_force), check
    assert {lapsed, voided, renamed} & in_force == set()


def test_standing_agrees_with_the_verified_queryset():
    people = [
        verified_specialist().user,
        SpecialistFactory(user=reviewer()).user,
        mark_verified(SpecialistFactory(user=reviewer()), valid_days=-1).user,
        verified_specialist(is_active=False).user,
        reviewer(),  # no profile
        mark_verified(SpecialistFactory(user=UserFactory(is_staff=True))).user,  # no group
    ]
    verified_logins = set(Specialist.objects.verified().values_list("user_id", flat=True))
    for user in people:
        assert identity.standing_of(user).may_sign_off == (user.pk in verified_logins), user
    assert len(verified_logins) == 1


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("no_profile", "not linked to a specialist profile"),
        ("never_checked", "No one has checked your registration"),
        ("voided", "was voided"),
        ("lapsed", "lapsed on"),
        ("inactive", "no longer reviewing"),
        ("not_in_group", "not in the Medical reviewers group"),
    ],
)
def test_standing_says_exactly_why_a_reviewer_cannot_sign_off(state, words):
    user = reviewer()
    if state != "no_profile":
        profile = SpecialistFactory(user=user, is_active=state != "inactive")
        if state in {"voided", "inactive", "not_in_group"}:
            record_check(profile)
        if state == "voided":
            profile.credential_checks.get().void(reason="Registration suspended.")
        if state == "lapsed":
            mark_verified(profile, valid_days=-3)
    if state == "not_in_group":
        user.groups.remove(Group.objects.get(name=MEDICAL_REVIEWERS))
    standing = identity.standing_of(user)
    assert not standing.may_sign_off
    assert words in standing.explanation
    if state == "voided":
        assert "Registration suspended." in standing.explanation


def test_standing_warns_before_a_check_lapses(settings):
    settings.CREDENTIAL_CHECK_REMINDER_DAYS = 30
    profile = SpecialistFactory(user=reviewer())
    record_check(profile, valid_days=10)
    standing = identity.standing_of(profile.user)
    assert standing.may_sign_off
    assert "lapses after" in standing.warnings[0]


# Sign-offs stand on the check, as it was ----------------------------------------------------


def test_a_sign_off_binds_the_check_and_its_names(editor):
    profile = verified_specialist(full_name="Adaeze Okafor", post_nominals="MD")
    signoff = approve_review(submit(ArticleFactory(), by=editor), profile)
    check = profile.credential_checks.get()
    assert signoff.credential_check == check
    assert signoff.reviewer_name_snapshot == "Dr Adaeze Okafor"
    assert signoff.credentials_snapshot == "MD"


def test_a_check_behind_a_sign_off_cannot_be_deleted_or_rewritten(editor):
    profile = verified_specialist()
    approve_review(submit(ArticleFactory(), by=editor), profile)
    check = profile.credential_checks.get()
    with pytest.raises(ValidationError):
        check.delete()
