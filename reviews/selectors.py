"""Read-only questions about reviews, shared by pages, the admin and commands."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from articles.models import Article, ArticleRevision

from .models import SignOff

DUE_SOON_DAYS = 30
_CACHE_ATTR = "_reviews_approval"


def approval_for(revision: ArticleRevision | None) -> SignOff | None:
    """The latest approval of exactly this revision, with the specialist (one query).

    Cached on the revision object, so the page's review block and its JSON-LD share it.
    """
    if revision is None:
        return None
    if not hasattr(revision, _CACHE_ATTR):
        approval = (
            SignOff.objects.approvals()
            .filter(revision=revision)
            .select_related("specialist")
            .latest_first()
            .first()
        )
        setattr(revision, _CACHE_ATTR, approval)
    return getattr(revision, _CACHE_ATTR)


def with_next_review_due(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate `next_review_due`: the due date set by the article's latest approval."""
    latest = (
        SignOff.objects.approvals()
        .filter(article=OuterRef("pk"))
        .latest_first()
        .values("next_review_due")[:1]
    )
    return queryset.annotate(next_review_due=Subquery(latest))


def articles_due_for_review(today: date | None = None) -> QuerySet[Article]:
    """Live or approved articles whose review is due within 30 days, or overdue."""
    today = today or timezone.localdate()
    return (
        with_next_review_due(
            Article.objects.exclude(status=Article.Status.ARCHIVED).filter(
                approved_revision__isnull=False
            )
        )
        .filter(next_review_due__lte=today + timedelta(days=DUE_SOON_DAYS))
        .order_by("next_review_due", "pk")
    )
