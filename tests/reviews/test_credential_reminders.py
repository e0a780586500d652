"""Credential checks lapse; the daily command reminds the clinician and the credentials
officers before they do and once when they have, never twice (controlled clock)."""

import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from reviews.models import CredentialReminder
from tests.factories import reviewer
from tests.reviews.factories import SpecialistFactory, credentials_officer, record_check

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def checked(settings):
    """Checked on 1 March 2026, valid until 31 March (the registration's expiry)."""
    settings.CREDENTIAL_CHECK_REMINDER_DAYS = 14
    officer = credentials_officer(email="officer@example.org")
    credentials_officer(username="demo-officer", email="someone@demo.invalid")
    with time_machine.travel("2026-03-01 09:00:00+00:00", tick=False):
        profile = SpecialistFactory(user=reviewer(email="dr@example.org"), full_name="Ann Lee")
        check = record_check(profile, by=officer, valid_days=30)
    mail.outbox.clear()
    return check


def test_no_reminder_while_the_lapse_is_far_off(checked):
    with time_machine.travel("2026-03-16 09:00:00+00:00", tick=False):  # 15 days left
        output = run()
    assert mail.outbox == []
    assert "Credential check reminders: 0 lapsed, 0 lapsing soon, 0 email(s) sent." in output


def test_reminder_before_the_lapse_goes_once_to_the_clinician_and_officers(checked):
    with time_machine.travel("2026-03-17 09:00:00+00:00", tick=False):  # 14 days left
        output = run()
    [email] = mail.outbox
    assert email.subject == "Credential check lapses soon: Dr Ann Lee"
    assert sorted(email.to) == ["dr@example.org", "officer@example.org"]  # .invalid left out
    assert "lapses after 31 March 2026" in email.body
    assert f"/admin/reviews/specialist/{checked.specialist_id}/check/" in email.body
    assert "check lapses soon: Dr Ann Lee" in output
    with time_machine.travel("2026-03-18 09:00:00+00:00", tick=False):
        again = run()
    assert len(mail.outbox) == 1
    assert "0 lapsing soon, 0 email(s) sent" in again


def test_lapsed_reminder_goes_once_after_the_last_day(checked):
    with time_machine.travel("2026-03-31 20:00:00+00:00", tick=False):
        run()  # the last valid day: "lapses soon"
    with time_machine.travel("2026-04-01 09:00:00+00:00", tick=False):
        output = run()
        run()
    subjects = [email.subject for email in mail.outbox]
    assert subjects == [
        "Credential check lapses soon: Dr Ann Lee",
        "Credential check lapsed: Dr Ann Lee",
    ]
    assert "cannot sign off" in mail.outbox[1].body
    assert "check lapsed: Dr Ann Lee" in output
    assert set(CredentialReminder.objects.values_list("kind", flat=True)) == {"lapsing", "lapsed"}


def test_void_checks_and_inactive_profiles_get_no_reminders(checked):
    other = SpecialistFactory(is_active=False)
    with time_machine.travel("2026-03-01 09:00:00+00:00", tick=False):
        record_check(other, valid_days=30)
    checked.void(reason="Replaced by a check on paper.")
    with time_machine.travel("2026-03-20 09:00:00+00:00", tick=False):
        run()
    with time_machine.travel("2026-04-05 09:00:00+00:00", tick=False):
        run()
    assert mail.outbox == []
