"""Daily reminders: medical reviews due (once per article, due date and kind) and
credential checks lapsing or lapsed (once per check and kind)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from eduportal.roles import CREDENTIALS_OFFICERS

from .emails import admin_url, send
from .identity import human_date
from .models import CredentialCheck, CredentialReminder, ReminderLog, SignOff
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


@dataclass
class CredentialReminderSummary:
    lapsing: list[str] = field(default_factory=list)
    lapsed: list[str] = field(default_factory=list)
    emails: int = 0


def _officer_emails() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=CREDENTIALS_OFFICERS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def send_credential_reminders(*, today: date | None = None) -> CredentialReminderSummary:
    """Email the clinician and the credentials officers once when a check is about to
    lapse (CREDENTIAL_CHECK_REMINDER_DAYS before) and once when it has lapsed, for
    active profiles whose check still matches them (void checks need no reminder: the
    person who changed the profile was told at once)."""
    today = today or timezone.localdate()
    summary = CredentialReminderSummary()
    officers = _officer_emails()
    due = [
        (CredentialReminder.Kind.LAPSING, CredentialCheck.objects.lapsing(
            within_days=settings.CREDENTIAL_CHECK_REMINDER_DAYS, today=today)),
        (CredentialReminder.Kind.LAPSED, CredentialCheck.objects.lapsed(today)),
    ]  # fmt: skip
    for kind, checks in due:
        checks = (
            checks.filter(specialist__is_active=True)
            .exclude(reminders__kind=kind)
            .select_related("specialist__user")
            .order_by("valid_until", "pk")
        )
        for check in checks:
            specialist = check.specialist
            last_day = human_date(check.valid_until)
            if kind == CredentialReminder.Kind.LAPSED:
                subject = f"Credential check lapsed: {check.display_name}"
                opening = (
                    f"The credential check of {check.name_with_credentials} lapsed after "
                    f"{last_day}. Until their registration is checked again they cannot "
                    "sign off medical reviews, and the site no longer shows them as a "
                    "clinician."
                )
            else:
                subject = f"Credential check lapses soon: {check.display_name}"
                opening = (
                    f"The credential check of {check.name_with_credentials} "
                    f"({check.registration}) lapses after {last_day}. Please check the "
                    "registration again before then, so they can keep signing off."
                )
            body = (
                f"{opening}\n\nA credentials officer records a new check on the profile: "
                f"{admin_url('admin:reviews_specialist_check', specialist.pk)}\n"
            )
            clinician = [specialist.user.email] if specialist.user_id else []
            recipients = [*clinician, *officers]
            try:
                with transaction.atomic():
                    CredentialReminder.objects.create(
                        check_record=check, kind=kind, recipients="\n".join(recipients)
                    )
                    summary.emails += send(subject, body, recipients)
            except IntegrityError:
                continue  # another run sent this reminder a moment ago
            target = summary.lapsed if kind == CredentialReminder.Kind.LAPSED else summary.lapsing
            target.append(check.display_name)
    return summary
