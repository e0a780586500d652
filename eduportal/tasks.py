"""Background jobs shared by the apps, through Django's Tasks API.

`django_tasks` is the backport of `django.tasks` (Django 6): moving to Django 6 changes
the import line only. The embedded default runs jobs from a database table
(`django_tasks_db`, worker: `manage.py db_worker`); tests use the immediate backend.

Each row of that table keeps its job's arguments: for an email, the recipients and the
whole message (a sharer's private link, a reader's address). So the rows do not stay:
finished ones are pruned daily (`prune_jobs`, JOB_RESULTS_RETENTION_DAYS), and a data
request's erasure removes every email job to or about the address (`delete_email_jobs`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd … attempt of a failed email: 1, 5, 15, 60 minutes.
EMAIL_RETRY_MINUTES = (1, 5, 15, 60, 240)


@task(queue_name="email")
def send_email(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    headers: dict[str, str] | None = None,
    attempt: int = 1,
) -> int:
    """Send one email. A failure (mail server down, refused) schedules another attempt
    and is recorded as this job's error; the story, comment or sign-off that asked for
    the email was saved before and is never affected."""
    try:
        message = EmailMessage(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, headers=headers or None
        )
        return message.send()
    except Exception:
        attempts = int(getattr(settings, "EMAIL_TASK_ATTEMPTS", 5))
        if attempt >= attempts:
            logger.exception("email given up", extra={"subject": subject, "attempt": attempt})
            raise
        logger.warning("email failed, trying again", extra={"subject": subject, "attempt": attempt})
        retry = send_email
        if default_task_backend.supports_defer:
            wait = EMAIL_RETRY_MINUTES[min(attempt, len(EMAIL_RETRY_MINUTES)) - 1]
            retry = send_email.using(run_after=timezone.now() + timedelta(minutes=wait))
        retry.enqueue(
            subject=subject,
            body=body,
            recipients=recipients,
            headers=headers,
            attempt=attempt + 1,
        )
        raise


@task()
def make_image_renditions(
    *, model: str, pk: int, image_field: str, renditions_field: str, source: str
) -> dict:
    """Resize a newly uploaded image into its WebP and JPEG renditions.

    Does nothing if the image was replaced or removed meanwhile (a newer job handles
    the new one), unless something else still shows it (an article revision).
    Pages showing the image are rebuilt once its renditions exist.
    """
    from eduportal import pagecache
    from eduportal.images import delete_image_files, make_renditions, renditions_ready, still_shown

    model_class = apps.get_model(model)
    current = model_class._default_manager.filter(pk=pk).values_list(image_field, flat=True).first()
    if current != source and not still_shown(source):
        return {}
    try:
        renditions = {"source": source, **make_renditions(source)}
    except Exception:
        # No half-written set of files stays behind; the job is recorded as failed.
        delete_image_files(source, None, keep_source=True)
        raise
    model_class._default_manager.filter(pk=pk, **{image_field: source}).update(
        **{renditions_field: renditions}
    )
    # A revision that shows this picture (recorded before the job ran) gets them too.
    renditions_ready(source, renditions)
    pagecache.invalidate_site()
    return renditions


# The job table ----------------------------------------------------------------------


class Pruned(NamedTuple):
    finished: int
    abandoned: int


def prune_jobs(*, now=None) -> Pruned:
    """Delete job rows the site no longer needs, whatever backend is configured now.

    - finished (successful or failed) more than JOB_RESULTS_RETENTION_DAYS ago: the
      rows django-tasks-db's own `prune_db_task_results` selects (its `finished()`
      queryset), across every queue;
    - never finished and queued more than JOB_RESULTS_ABANDONED_DAYS ago: a worker that
      died mid-job leaves its row "running" for ever, and no email waits that long
      (retries give up within hours).
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    finished_before = now - timedelta(days=settings.JOB_RESULTS_RETENTION_DAYS)
    queued_before = now - timedelta(days=settings.JOB_RESULTS_ABANDONED_DAYS)
    finished, _ = DBTaskResult.objects.finished().filter(finished_at__lte=finished_before).delete()
    abandoned, _ = (
        DBTaskResult.objects.exclude(pk__in=DBTaskResult.objects.finished().values("pk"))
        .filter(enqueued_at__lte=queued_before)
        .delete()
    )
    return Pruned(finished=finished, abandoned=abandoned)


def delete_email_jobs(*, address: str, mentions: Iterable[str] = ()) -> int:
    """For an erasure: delete every email job, queued, sent or failed, sent to `address`
    (capitals aside), naming it in its text, or mentioning any of `mentions` (the admin
    addresses of the erased stories and comments, which moderators' emails link to).
    Returns how many rows went.

    Read in Python rather than by a JSON lookup: SQLite has no JSON containment, and
    the table holds only a few days of jobs (prune_jobs).
    """
    from django_tasks_db.models import DBTaskResult

    address = (address or "").strip().lower()
    mentions = [text for text in mentions if text]
    if not address:
        return 0
    matching = []
    rows = DBTaskResult.objects.filter(task_path=send_email.module_path)
    for pk, args_kwargs in rows.values_list("pk", "args_kwargs").iterator():
        kwargs = (args_kwargs or {}).get("kwargs") or {}
        recipients = {str(r).strip().lower() for r in kwargs.get("recipients") or []}
        text = f"{kwargs.get('subject', '')}\n{kwargs.get('body', '')}"
        if (
            address in recipients
            or address in text.lower()
            or any(mention in text for mention in mentions)
        ):
            matching.append(pk)
    deleted, _ = DBTaskResult.objects.filter(pk__in=matching).delete()
    return deleted
