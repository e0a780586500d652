"""Daily (cron): delete rejected stories, their photos and personal data, once their
decision is older than STORIES_REJECTED_RETENTION_DAYS. Idempotent."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from stories.services import purge_rejected_stories

logger = logging.getLogger("stories.retention")


class Command(BaseCommand):
    help = "Delete rejected stories older than STORIES_REJECTED_RETENTION_DAYS (run daily)."

    def handle(self, *args, **options):
        count = purge_rejected_stories()
        days = settings.STORIES_REJECTED_RETENTION_DAYS
        logger.info(
            "rejected_stories_purged",
            extra={"event": "rejected_stories_purged", "stories": count, "days": days},
        )
        self.stdout.write(f"Rejected stories: {count} deleted (decided more than {days} days ago).")
