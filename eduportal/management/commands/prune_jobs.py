"""Daily (cron): delete background-job rows the site no longer needs. Each row keeps its
job's arguments (an email's recipients and text), so they are kept only a few days
(JOB_RESULTS_RETENTION_DAYS). Idempotent."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from eduportal.tasks import prune_jobs

logger = logging.getLogger("eduportal.tasks")


class Command(BaseCommand):
    help = (
        "Delete finished and failed background-job rows older than JOB_RESULTS_RETENTION_DAYS "
        "(and abandoned ones older than JOB_RESULTS_ABANDONED_DAYS). Run daily."
    )

    def handle(self, *args, **options):
        pruned = prune_jobs()
        days = settings.JOB_RESULTS_RETENTION_DAYS
        logger.info(
            "job_results_pruned",
            extra={
                "event": "job_results_pruned",
                "finished": pruned.finished,
                "abandoned": pruned.abandoned,
                "days": days,
            },
        )
        self.stdout.write(
            f"Background jobs: {pruned.finished} finished deleted (more than {days} days "
            f"ago), {pruned.abandoned} abandoned deleted (queued more than "
            f"{settings.JOB_RESULTS_ABANDONED_DAYS} days ago)."
        )
