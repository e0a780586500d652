"""Daily (cron): email reviewers and editors about articles whose medical review is due
within 30 days or overdue, and clinicians and credentials officers about credential
checks that lapse soon or have lapsed. Idempotent: each reminder goes out once."""

from django.core.management.base import BaseCommand

from reviews.reminders import send_credential_reminders, send_review_reminders


class Command(BaseCommand):
    help = (
        "Email reminders: medical reviews due within 30 days or overdue, and credential "
        "checks that lapse soon or have lapsed."
    )

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
        checks = send_credential_reminders()
        for name in checks.lapsed:
            self.stdout.write(f"  check lapsed: {name}")
        for name in checks.lapsing:
            self.stdout.write(f"  check lapses soon: {name}")
        self.stdout.write(
            f"Credential check reminders: {len(checks.lapsed)} lapsed, {len(checks.lapsing)} "
            f"lapsing soon, {checks.emails} email(s) sent."
        )
