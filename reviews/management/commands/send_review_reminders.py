"""Daily (cron): email reviewers and editors about articles whose medical review is due
within 30 days or overdue. Idempotent: each reminder goes out once per due date."""

from django.core.management.base import BaseCommand

from reviews.reminders import send_review_reminders


class Command(BaseCommand):
    help = "Email reviewers and editors about medical reviews due within 30 days or overdue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the reminders as a background job for the worker instead.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            from reviews.tasks import send_review_reminders as reminders_task

            result = reminders_task.enqueue()
            self.stdout.write(f"Review reminders queued as job {result.id}.")
            return
        summary = send_review_reminders()
        for title in summary.overdue:
            self.stdout.write(f"  overdue: {title}")
        for title in summary.due_soon:
            self.stdout.write(f"  due soon: {title}")
        self.stdout.write(
            f"Review reminders: {len(summary.overdue)} overdue, {len(summary.due_soon)} due "
            f"within 30 days, {summary.emails} email(s) sent, {summary.already_sent} "
            "already reminded."
        )
