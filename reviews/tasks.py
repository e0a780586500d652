"""Background jobs of the reviews app (see eduportal/tasks.py)."""

from django_tasks import task


@task()
def send_review_reminders() -> dict:
    """The daily review-due reminders (the command `send_review_reminders --enqueue`
    queues this; a timer or cron runs the command once a day)."""
    from .reminders import send_review_reminders as send

    summary = send()
    return {
        "overdue": len(summary.overdue),
        "due_soon": len(summary.due_soon),
        "emails": summary.emails,
        "already_sent": summary.already_sent,
    }
