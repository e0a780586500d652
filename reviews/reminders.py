"""Review-due reminders: once per article, due date and kind (due soon, overdue)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article

from .emails import admin_url, send
from .models import ReminderLog, SignOff
from .selectors import articles_due_for_review


@dataclass
class ReminderSummary:
    due_soon: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    already_sent: int = 0
    emails: int = 0


def _recipients(article: Article) -> list[str]:
    """The clinician who last approved the article and the editor who asked them."""
    approval = (
        SignOff.objects.approvals()
        .filter(article=article)
        .select_related("reviewer", "review__requested_by")
        .latest_first()
        .first()
    )
    if approval is None:
        return []
    people = [approval.reviewer, approval.review.requested_by]
    return [person.email for person in people if person is not None and person.email]


def send_review_reminders(*, today: date | None = None) -> ReminderSummary:
    today = today or timezone.localdate()
    summary = ReminderSummary()
    for article in articles_due_for_review(today).select_related("approved_revision"):
        due = article.next_review_due
        kind = ReminderLog.Kind.OVERDUE if due < today else ReminderLog.Kind.DUE_SOON
        if ReminderLog.objects.filter(article=article, due_date=due, kind=kind).exists():
            summary.already_sent += 1
            continue
        recipients = _recipients(article)
        title = article.approved_revision.title
        if kind == ReminderLog.Kind.OVERDUE:
            subject = f"Overdue for medical review: {title}"
            opening = f"The medical review of “{title}” was due on {due:%d %B %Y}."
        else:
            subject = f"Medical review due soon: {title}"
            opening = f"The medical review of “{title}” is due on {due:%d %B %Y}."
        body = (
            f"{opening}\n\nPlease check the article is still accurate. An editor can send "
            "it for review with the article action “Submit for medical review”.\n\n"
            f"Article: {admin_url('admin:articles_article_change', article.pk)}\n"
        )
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    article=article, due_date=due, kind=kind, recipients="\n".join(recipients)
                )
                summary.emails += send(subject, body, recipients)
        except IntegrityError:
            # Another run recorded this reminder a moment ago.
            summary.already_sent += 1
            continue
        (summary.overdue if kind == ReminderLog.Kind.OVERDUE else summary.due_soon).append(title)
    return summary
