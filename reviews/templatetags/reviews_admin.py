"""The admin index's summary of the day's work (reviewer, editor, credentials officer),
in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import GlossaryTerm
from reviews import identity, selectors
from reviews.models import CredentialCheck, Review, ReviewQuerySet, Specialist

register = template.Library()


@dataclass
class YourDay:
    waiting_for_you: int | None = None
    overdue_for_you: int = 0
    standing: identity.Standing | None = None
    waiting_for_review: int | None = None
    overdue_requests: int = 0
    articles_overdue: int = 0
    articles_due_soon: int = 0
    checks_lapsing: int | None = None
    profiles_unchecked: int = 0
    glossary_waiting: int | None = None
    dashboard: bool = False

    @property
    def anything(self) -> bool:
        return any(
            value is not None
            for value in (
                self.waiting_for_you,
                self.waiting_for_review,
                self.checks_lapsing,
                self.glossary_waiting,
            )
        )


def _counts(queryset) -> tuple[int, int]:
    totals = queryset.with_article_review_due().aggregate(
        total=Count("pk"), overdue=Count("pk", filter=ReviewQuerySet.overdue_q())
    )
    return totals["total"], totals["overdue"]


@register.simple_tag
def your_day(user) -> YourDay:
    day = YourDay(dashboard=user.has_perm("reviews.view_governance_dashboard"))
    today = timezone.localdate()
    if user.has_perm("reviews.view_reviewqueueitem"):
        day.waiting_for_you, day.overdue_for_you = _counts(Review.objects.queue_for(user))
        day.standing = identity.standing_of(user)
    if user.has_perm("reviews.add_review"):
        day.waiting_for_review, day.overdue_requests = _counts(Review.objects.open())
        due = (
            selectors.articles_due_for_review(today)
            .order_by()
            .aggregate(
                overdue=Count("pk", filter=Q(next_review_due__lt=today)),
                soon=Count("pk", filter=Q(next_review_due__gte=today)),
            )
        )
        day.articles_overdue, day.articles_due_soon = due["overdue"], due["soon"]
    if user.has_perm("articles.approve_glossaryterm") or user.has_perm(
        "articles.change_glossaryterm"
    ):
        day.glossary_waiting = GlossaryTerm.objects.awaiting_approval().count()
    if user.has_perm("reviews.verify_specialist"):
        day.checks_lapsing = CredentialCheck.objects.lapsing(
            within_days=settings.CREDENTIAL_CHECK_REMINDER_DAYS, today=today
        ).count()
        day.profiles_unchecked = (
            Specialist.objects.filter(is_active=True)
            .exclude(pk__in=Specialist.objects.checked().values("pk"))
            .count()
        )
    return day
