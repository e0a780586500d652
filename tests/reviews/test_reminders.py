import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from articles import services as article_services
from reviews.models import ReminderLog
from tests.factories import ArticleFactory, editor_user, reviewer
from tests.reviews.factories import approve_review, submit, verified_specialist

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def approved():
    """Three articles approved on 1 January 2026, due 1 February, 1 April and 1 January
    2027, by a reviewer and editor with real addresses."""
    editor = editor_user(email="editor@example.org")
    specialist = verified_specialist(user=reviewer(email="dr@example.org"))
    articles = {}
    with time_machine.travel("2026-01-01 09:00:00+00:00", tick=False):
        for title, months in [("One month", 1), ("Three months", 3), ("A year", 12)]:
            article = ArticleFactory(title=title, review_interval_months=months)
            approve_review(submit(article, by=editor), specialist)
            articles[title] = article
    mail.outbox.clear()
    return articles


def test_nothing_due_sends_nothing(approved):
    with time_machine.travel("2026-01-01 18:00:00+00:00", tick=False):
        output = run()  # the earliest is due on 1 February: 31 days away
    assert mail.outbox == []
    assert "0 overdue, 0 due within 30 days, 0 email(s) sent" in output


def test_due_within_30_days_emails_the_reviewer_and_editor_once(approved):
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False):
        output = run()
    assert [m.subject for m in mail.outbox] == ["Medical review due soon: One month"]
    assert sorted(mail.outbox[0].to) == ["dr@example.org", "editor@example.org"]
    assert "01 February 2026" in mail.outbox[0].body
    assert "due soon: One month" in output
    assert "0 overdue, 1 due within 30 days, 1 email(s) sent" in output
    # Idempotent: running again the same day, or the next, sends nothing new.
    with time_machine.travel("2026-01-06 09:00:00+00:00", tick=False):
        second = run()
    assert len(mail.outbox) == 1
    assert "0 email(s) sent, 1 already reminded" in second
    assert ReminderLog.objects.count() == 1


def test_overdue_gets_its_own_reminder_once(approved):
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False):
        run()
    with time_machine.travel("2026-02-02 09:00:00+00:00", tick=False):
        output = run()
        run()
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Medical review due soon: One month",
        "Overdue for medical review: One month",
    ]
    assert "overdue: One month" in output
    assert "1 overdue, 0 due within 30 days" in output


def test_new_approval_moves_the_due_date_and_stops_reminders(approved):
    editor = editor_user(email="e2@example.org")
    specialist = verified_specialist()
    with time_machine.travel("2026-01-20 09:00:00+00:00", tick=False):
        approve_review(submit(approved["One month"], by=editor), specialist)  # due 20 Feb
    with time_machine.travel("2026-01-25 09:00:00+00:00", tick=False):
        run()
    assert [m.subject for m in mail.outbox] == ["Medical review due soon: One month"]
    assert ReminderLog.objects.get().due_date.isoformat() == "2026-02-20"


def test_archived_articles_are_not_reminded(approved):
    approved["One month"].refresh_from_db()
    article_services.publish_article(article=approved["One month"], by=None)
    article_services.archive_article(article=approved["One month"], by=None)
    with time_machine.travel("2026-03-05 09:00:00+00:00", tick=False):
        output = run()
    assert [m.subject for m in mail.outbox] == ["Medical review due soon: Three months"]
    assert "One month" not in output
