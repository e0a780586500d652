"""The real background-job worker (`manage.py db_worker`, django-tasks' database
backend) runs the jobs the site queues, and a failed email is retried without losing
what the person sent."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus

from tests.mail import FLAKY_FILE_BACKEND
from tests.processes import manage, require_postgresql
from tests.stories.factories import cancer_type

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
}


@pytest.fixture
def database_jobs(settings):
    require_postgresql()
    settings.TASKS = DB_TASKS


def run_worker(tmp_path, **env):
    result = manage(
        "db_worker",
        "--batch",
        "--queue-name",
        "*",
        "--no-startup-delay",
        "--no-reload",
        EMAIL_BACKEND=FLAKY_FILE_BACKEND,
        EMAIL_FILE_PATH=tmp_path / "mail",
        MAIL_DOWN_MARKER=tmp_path / "mail-down",
        **env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def sent_mail(tmp_path) -> str:
    folder = tmp_path / "mail"
    return "".join(path.read_text() for path in folder.glob("*")) if folder.exists() else ""


def share_a_story():
    from stories import services
    from tests.stories.factories import STORY_TEXT

    data = services.StoryData(
        display_name="Mina",
        email="mina@example.org",
        short_line="Hopeful",
        text=STORY_TEXT,
        cancer_type=cancer_type(),
        status="cancer_free",
        consent_publish=True,
        consent_privacy=True,
    )
    story, _ = services.submit_story(data=data)
    return story


def test_the_worker_sends_the_queued_email(database_jobs, tmp_path):
    from django_tasks_db.models import DBTaskResult

    story = share_a_story()
    queued = DBTaskResult.objects.filter(task_path="eduportal.tasks.send_email")
    assert queued.filter(status=TaskResultStatus.READY).exists()
    assert sent_mail(tmp_path) == ""  # nothing is sent by the request itself
    run_worker(tmp_path)
    assert "mina@example.org" in sent_mail(tmp_path)
    assert not queued.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    story.refresh_from_db()
    assert story.moderation_status == "pending"


def test_a_failed_email_is_retried_later_and_the_story_stays(database_jobs, tmp_path):
    from django_tasks_db.models import DBTaskResult

    (tmp_path / "mail-down").touch()
    story = share_a_story()
    run_worker(tmp_path)
    jobs = DBTaskResult.objects.filter(task_path="eduportal.tasks.send_email")
    failed = jobs.filter(status=TaskResultStatus.FAILED)
    retry = jobs.get(status=TaskResultStatus.READY)
    assert failed.count() == 1 and "SMTPServerDisconnected" in failed.get().exception_class_path
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()  # after a pause, not at once
    assert sent_mail(tmp_path) == ""
    story.refresh_from_db()
    assert story.display_name == "Mina"  # the sharer's story is saved, whatever the mail did

    # The mail server is back and the pause is over: the next worker run delivers it.
    (tmp_path / "mail-down").unlink()
    jobs.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker(tmp_path)
    assert "mina@example.org" in sent_mail(tmp_path)
    assert jobs.get(pk=retry.pk).status == TaskResultStatus.SUCCESSFUL


def test_the_worker_makes_image_renditions(database_jobs, tmp_path, settings):
    from articles.models import Author
    from eduportal.images import clean_uploaded_image
    from tests.images import upload

    author = Author.objects.create(
        name="Sam Writer", slug="sam-writer", role=Author.Role.MEDICAL_WRITER
    )
    author.photo = clean_uploaded_image(upload()).content
    author.save()
    author.refresh_from_db()
    assert author.photo_renditions == {}  # the upload request does not resize
    run_worker(tmp_path, MEDIA_ROOT=settings.MEDIA_ROOT)
    author.refresh_from_db()
    assert author.photo_renditions["source"] == author.photo.name
    assert author.photo_renditions["webp"]
