"""Personal data in the background-job table: each email job keeps its recipients and
its text (private links, addresses). Finished rows are pruned after a few days
(eduportal.tasks.prune_jobs, `manage.py prune_jobs`), and a data request's erasure
deletes the email jobs to or about the address."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eduportal import emails
from eduportal.tasks import delete_email_jobs, prune_jobs, send_email
from stories import services
from stories.models import DataRequest
from tests.factories import moderator, published_article
from tests.stories.factories import CommentFactory, StoryFactory, story_data

pytestmark = pytest.mark.django_db

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
}
START = "2030-03-01 09:00:00+00:00"


@pytest.fixture
def database_jobs(settings):
    """Jobs are rows in the table, as in production (tests otherwise run them at once)."""
    settings.TASKS = DB_TASKS


def email_rows():
    return DBTaskResult.objects.filter(task_path="eduportal.tasks.send_email")


def queue(to: str, body: str = "Hello.") -> DBTaskResult:
    result = send_email.enqueue(subject="A message", body=body, recipients=[to])
    return DBTaskResult.objects.get(id=result.id)


# Pruning ------------------------------------------------------------------------------


def test_finished_and_failed_jobs_are_pruned_after_three_days_and_waiting_ones_stay(
    database_jobs,
):
    with time_machine.travel(START, tick=False) as clock:
        sent, failed, waiting = (queue(f"{name}@example.org") for name in ("a", "b", "c"))
        sent.set_successful(1)
        failed.set_failed(RuntimeError("mail server down"))
        clock.shift(timedelta(days=3) - timedelta(minutes=1))
        assert prune_jobs() == (0, 0)
        assert email_rows().count() == 3
        clock.shift(timedelta(minutes=2))
        pruned = prune_jobs()
        assert (pruned.finished, pruned.abandoned) == (2, 0)
        assert list(email_rows()) == [waiting]
        assert waiting.status == TaskResultStatus.READY


def test_rows_left_unfinished_by_a_dead_worker_go_after_a_month(database_jobs):
    with time_machine.travel(START, tick=False) as clock:
        stuck = queue("stuck@example.org")
        stuck.claim("worker-that-died")
        clock.shift(timedelta(days=29))
        fresh = queue("fresh@example.org")
        assert prune_jobs().abandoned == 0
        clock.shift(timedelta(days=1, minutes=1))
        assert prune_jobs().abandoned == 1
        assert list(email_rows()) == [fresh]


def test_the_retention_periods_are_settings(database_jobs, settings):
    settings.JOB_RESULTS_RETENTION_DAYS = 1
    settings.JOB_RESULTS_ABANDONED_DAYS = 2
    with time_machine.travel(START, tick=False) as clock:
        queue("a@example.org").set_successful(1)
        queue("b@example.org")
        clock.shift(timedelta(days=1, minutes=1))
        assert prune_jobs() == (1, 0)
        clock.shift(timedelta(days=1))
        assert prune_jobs() == (0, 1)
    assert not DBTaskResult.objects.exists()


def test_rows_of_every_queue_and_task_are_pruned(database_jobs):
    from articles.tasks import rebuild_search_vocabulary

    with time_machine.travel(START, tick=False) as clock:
        other = rebuild_search_vocabulary.enqueue()
        DBTaskResult.objects.get(id=other.id).set_successful(None)
        queue("a@example.org").set_successful(1)
        clock.shift(timedelta(days=4))
        assert prune_jobs().finished == 2


def test_the_daily_command_prunes_and_says_how_many(database_jobs):
    with time_machine.travel(START, tick=False) as clock:
        queue("a@example.org").set_successful(1)
        clock.shift(timedelta(days=4))
        out = io.StringIO()
        call_command("prune_jobs", stdout=out)
    assert "1 finished deleted (more than 3 days ago)" in out.getvalue()
    assert not DBTaskResult.objects.exists()
    # Idempotent, and harmless with another backend configured (tests' immediate one).
    call_command("prune_jobs", stdout=io.StringIO())


# Erasure ------------------------------------------------------------------------------


@pytest.fixture
def mailed(database_jobs, django_capture_on_commit_callbacks):
    """Emails queued and sent to and about Maria, and to someone else."""
    moderator(username="mod-on-duty")  # receives the new-story notices
    with django_capture_on_commit_callbacks(execute=True):
        story, _ = services.submit_story(data=story_data(email="Maria@Example.org"))
        other, _ = services.submit_story(
            data=story_data(email="someone@example.org", short_line="Someone else's words.")
        )
    comment = CommentFactory(article=published_article(), email="maria@example.org")
    emails.send("A reply to your comment", "Someone answered you.", ["MARIA@example.org"])
    # One was sent already, one failed: every state holds the text.
    thanks = email_rows().filter(args_kwargs__kwargs__subject__icontains="thank").first()
    rows = list(email_rows())
    rows[0].set_successful(1)
    rows[1].set_failed(RuntimeError("refused"))
    return {"story": story, "other": other, "comment": comment, "thanks": thanks}


def held_about(address: str, story) -> list[DBTaskResult]:
    admin_path = reverse("admin:stories_story_change", args=[story.pk])
    return [
        row
        for row in email_rows()
        if address in json.dumps(row.args_kwargs).lower()
        or admin_path in json.dumps(row.args_kwargs)
    ]


def test_erasure_deletes_the_email_jobs_to_and_about_the_address(mailed):
    story, other = mailed["story"], mailed["other"]
    before = held_about("maria@example.org", story)
    # The thank-you with the private link, the moderators' notice (which quotes the
    # story's short line and is not sent to Maria), the reply notice.
    assert len(before) == 3
    notice = next(r for r in before if "mod-on-duty@example.org" in json.dumps(r.args_kwargs))
    assert "I feel hopeful today." in notice.args_kwargs["kwargs"]["body"]
    others = held_about("someone@example.org", other)
    assert len(others) == 2
    record = services.erase_personal_data(email="maria@example.org", by=moderator(username="m"))
    assert held_about("maria@example.org", story) == []
    assert not email_rows().filter(pk__in=[r.pk for r in before]).exists()
    # Nobody else's emails are touched, and the record counts without the address.
    assert {r.pk for r in held_about("someone@example.org", other)} == {r.pk for r in others}
    assert record.emails == 3
    assert "maria" not in str(list(DataRequest.objects.values())).lower()


def test_the_job_cleanup_matches_any_capitals_and_nothing_else(database_jobs):
    mine = queue("Maria@Example.org")
    copy = send_email.enqueue(
        subject="s", body="b", recipients=["x@example.org", "maria@example.org"]
    )
    theirs = queue("mariana@example.org", body="Not about maria-at-example.")
    assert delete_email_jobs(address=" MARIA@example.org ") == 2
    assert list(email_rows()) == [theirs]
    assert not DBTaskResult.objects.filter(pk__in=[mine.pk, copy.id]).exists()
    assert delete_email_jobs(address="") == 0


def test_the_admin_says_how_many_emails_went(mailed, client):
    client.force_login(moderator(username="mod"))
    response = client.post(
        reverse("admin:stories_datarequest_answer"),
        {"email": "maria@example.org", "action": "erase", "confirm": "on"},
        follow=True,
    )
    assert "and 3 email(s) in the job table" in response.content.decode()
    assert held_about("maria@example.org", mailed["story"]) == []


def test_the_export_holds_nothing_from_the_job_table(mailed):
    thanks = mailed["thanks"]
    # The private link in the thank-you email (tokens carry their time: read it back).
    prefix = reverse("stories:manage", kwargs={"token": "TOKEN"}).split("TOKEN")[0]
    private_link = re.search(re.escape(prefix) + r"\S+", thanks.args_kwargs["kwargs"]["body"])
    assert private_link is not None
    private_link = private_link.group(0)
    data = services.export_personal_data(email="maria@example.org", by=moderator(username="m"))
    exported = json.dumps(data)
    assert private_link not in exported and "A reply to your comment" not in exported
    assert set(data) == {"about", "exported_at", "request", "stories", "comments"}
    # Exporting leaves the jobs as they were.
    assert thanks in email_rows()


def test_erasure_with_no_job_table_rows_records_zero(database_jobs):
    StoryFactory(email="quiet@example.org")
    record = services.erase_personal_data(email="quiet@example.org", by=moderator(username="m"))
    assert (record.stories, record.emails) == (1, 0)
