"""The clinical governance dashboard in the admin: what needs a clinician, a credentials
officer or a moderator soon, across the apps.

Gated by `reviews.view_governance_dashboard` (Editors, Credentials officers and the
Medical leads hold it). Every section is a fixed number of queries, whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from articles.models import Article, Feedback
from articles.translation_work import LanguageWork, translation_work
from reviews.models import CredentialCheck, SignOff, Specialist
from reviews.selectors import DUE_SOON_DAYS, articles_due_for_review
from stories.models import Comment, Story

from .charts import BarChart, Series

LAPSING_WINDOW_DAYS = 60
# (label, at least this many days old, younger than this many days)
AGE_BUCKETS = [
    ("Under a day", 0, 1),
    ("1 to 3 days", 1, 3),
    ("3 to 7 days", 3, 7),
    ("Over a week", 7, None),
]


# How a bar's tooltip counts its value, in every language's plural forms.
def _count_overdue(n: int) -> str:
    return ngettext("%(count)d overdue", "%(count)d overdue", n) % {"count": n}


def _count_due_soon(n: int) -> str:
    return ngettext("%(count)d due within 30 days", "%(count)d due within 30 days", n) % {
        "count": n
    }


def _count_days_left(n: int) -> str:
    return ngettext("%(count)d day left", "%(count)d days left", n) % {"count": n}


def _count_stories(n: int) -> str:
    return ngettext("%(count)d story", "%(count)d stories", n) % {"count": n}


def _count_comments(n: int) -> str:
    return ngettext("%(count)d comment", "%(count)d comments", n) % {"count": n}


def _count_reports(n: int) -> str:
    return ngettext("%(count)d open error report", "%(count)d open error reports", n) % {"count": n}


@dataclass
class DueArticle:
    title: str
    article_id: int
    reviewer: str
    due: date
    overdue: bool


@dataclass
class CheckRow:
    name: str
    specialist_id: int
    registration: str
    valid_until: date
    days_left: int


@dataclass
class ReportRow:
    title: str
    article_id: int
    count: int
    oldest: datetime


@dataclass
class Dashboard:
    today: date
    due_articles: list[DueArticle]
    reviews_chart: BarChart
    lapsing: list[CheckRow]
    lapsed: list[CheckRow]
    unchecked_profiles: int
    checks_chart: BarChart
    stories_waiting: int
    comments_waiting: int
    oldest_story: datetime | None
    oldest_comment: datetime | None
    moderation_chart: BarChart
    open_reports: int
    report_rows: list[ReportRow]
    reports_chart: BarChart
    translations: list[LanguageWork]
    translations_chart: BarChart


def _age_filters(field_name: str, now: datetime) -> dict[str, Q]:
    filters = {}
    for index, (_label, older, younger) in enumerate(AGE_BUCKETS):
        condition = Q(**{f"{field_name}__lte": now - timedelta(days=older)})
        if younger is not None:
            condition &= Q(**{f"{field_name}__gt": now - timedelta(days=younger)})
        filters[f"bucket{index}"] = condition
    return filters


def _ages(queryset, field_name: str, now: datetime) -> tuple[list[int], datetime | None]:
    """Counts per age bucket and the oldest date, in one query."""
    filters = _age_filters(field_name, now)
    totals = queryset.aggregate(
        oldest=Min(field_name),
        **{key: Count("pk", filter=condition) for key, condition in filters.items()},
    )
    return [totals[key] for key in filters], totals["oldest"]


def _reviews_due(today: date) -> tuple[list[DueArticle], BarChart]:
    last_approval = SignOff.objects.approvals().filter(article=OuterRef("pk")).latest_first()
    articles = (
        articles_due_for_review(today)
        .select_related("approved_revision")
        .annotate(reviewer_name=Subquery(last_approval.values("reviewer_name_snapshot")[:1]))
    )
    rows = [
        DueArticle(
            title=article.approved_revision.title,
            article_id=article.pk,
            reviewer=article.reviewer_name or "No reviewer recorded",
            due=article.next_review_due,
            overdue=article.next_review_due < today,
        )
        for article in articles
    ]
    by_reviewer: dict[str, list[int]] = {}
    for row in rows:
        counts = by_reviewer.setdefault(row.reviewer, [0, 0])
        counts[0 if row.overdue else 1] += 1
    chart = BarChart(
        key="chart-reviews",
        title="Medical reviews overdue or due within 30 days, by reviewer",
        description="For each clinician who last approved the articles: how many of "
        "their reviews are overdue and how many are due within 30 days.",
        series=[
            Series("Overdue", "series-urgent", _count_overdue),
            Series("Due within 30 days", "series-soon", _count_due_soon),
        ],
        rows=sorted(by_reviewer.items(), key=lambda item: (-item[1][0], -sum(item[1]), item[0])),
    )
    return rows, chart


def _checks(today: date) -> tuple[list[CheckRow], list[CheckRow], int, BarChart]:
    def row(check: CredentialCheck) -> CheckRow:
        return CheckRow(
            name=check.name_with_credentials,
            specialist_id=check.specialist_id,
            registration=check.registration,
            valid_until=check.valid_until,
            days_left=(check.valid_until - today).days,
        )

    active = Q(specialist__is_active=True)
    lapsing = [
        row(check)
        for check in CredentialCheck.objects.lapsing(within_days=LAPSING_WINDOW_DAYS, today=today)
        .filter(active)
        .order_by("valid_until", "pk")
    ]
    lapsed = [
        row(check)
        for check in CredentialCheck.objects.lapsed(today).filter(active).order_by("valid_until")
    ]
    unchecked = (
        Specialist.objects.filter(is_active=True)
        .exclude(pk__in=Specialist.objects.checked().values("pk"))
        .count()
    )
    chart = BarChart(
        key="chart-checks",
        title=f"Credential checks that lapse within {LAPSING_WINDOW_DAYS} days",
        description="For each clinician whose check lapses soon: the days left before it "
        "lapses. After that they cannot sign off until checked again.",
        series=[Series("Days left", "series-soon", _count_days_left)],
        rows=[(item.name, [max(item.days_left, 0)]) for item in lapsing],
        unit="days",
    )
    return lapsing, lapsed, unchecked, chart


def _moderation(now: datetime):
    stories, oldest_story = _ages(Story.objects.pending(), "created_at", now)
    comments, oldest_comment = _ages(Comment.objects.pending(), "created_at", now)
    chart = BarChart(
        key="chart-moderation",
        title="Stories and comments waiting for moderation, by how long they have waited",
        description="How many survivor stories and reader comments wait for a "
        "moderator's decision, grouped by their age.",
        series=[
            Series("Stories", "series-stories", _count_stories),
            Series("Comments", "series-comments", _count_comments),
        ],
        rows=[
            (label, [stories[index], comments[index]])
            for index, (label, _older, _younger) in enumerate(AGE_BUCKETS)
        ],
    )
    return sum(stories), sum(comments), oldest_story, oldest_comment, chart


def _reports(now: datetime):
    open_errors = Feedback.objects.filter(kind=Feedback.Kind.ERROR, resolved=False)
    ages, _oldest = _ages(open_errors, "created_at", now)
    per_article = (
        Article.objects.filter(feedback__kind=Feedback.Kind.ERROR, feedback__resolved=False)
        .annotate(
            open_reports=Count("feedback", distinct=True),
            oldest=Min("feedback__created_at"),
        )
        .order_by("oldest", "pk")
        .values("pk", "title", "open_reports", "oldest")[:20]
    )
    rows = [
        ReportRow(
            title=item["title"],
            article_id=item["pk"],
            count=item["open_reports"],
            oldest=item["oldest"],
        )
        for item in per_article
    ]
    chart = BarChart(
        key="chart-reports",
        title="Open error reports from readers, by how long they have waited",
        description="Reports that something on a page is wrong which no editor has "
        "resolved yet, grouped by their age.",
        series=[Series("Open error reports", "series-urgent", _count_reports)],
        rows=[(label, [ages[index]]) for index, (label, _o, _y) in enumerate(AGE_BUCKETS)],
    )
    return sum(ages), rows, chart


def _translations() -> tuple[list[LanguageWork], BarChart]:
    """Per language: translations withdrawn for a safety-relevant English change, out of
    date (still public, with a notice) and waiting for a clinician (two queries)."""
    work = translation_work()
    chart = BarChart(
        key="chart-translations",
        title="Translations withdrawn, out of date or waiting for review, by language",
        description="For each language: translations taken off the site by a "
        "safety-relevant English change, translations still public but following an older "
        "English text, and translations waiting for a clinician's sign-off.",
        series=[
            Series("Withdrawn", "series-urgent"),
            Series("Out of date", "series-soon"),
            Series("Waiting for review", "series-stories"),
        ],
        rows=[
            (language.name, [language.withdrawn, language.out_of_date, language.awaiting_review])
            for language in work
        ],
    )
    return work, chart


def build_dashboard(*, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    due_articles, reviews_chart = _reviews_due(today)
    lapsing, lapsed, unchecked, checks_chart = _checks(today)
    stories, comments, oldest_story, oldest_comment, moderation_chart = _moderation(now)
    open_reports, report_rows, reports_chart = _reports(now)
    translations, translations_chart = _translations()
    return Dashboard(
        today=today,
        due_articles=due_articles,
        reviews_chart=reviews_chart,
        lapsing=lapsing,
        lapsed=lapsed,
        unchecked_profiles=unchecked,
        checks_chart=checks_chart,
        stories_waiting=stories,
        comments_waiting=comments,
        oldest_story=oldest_story,
        oldest_comment=oldest_comment,
        moderation_chart=moderation_chart,
        open_reports=open_reports,
        report_rows=report_rows,
        reports_chart=reports_chart,
        translations=translations,
        translations_chart=translations_chart,
    )


def dashboard_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reviews.view_governance_dashboard"):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": "Clinical governance",
        "dashboard": build_dashboard(),
        "due_soon_days": DUE_SOON_DAYS,
        "lapsing_days": LAPSING_WINDOW_DAYS,
    }
    response = TemplateResponse(request, "admin/governance_dashboard.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
