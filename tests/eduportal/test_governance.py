"""Deliver 9: the governance dashboard — who may see it, what it counts, charts drawn as
SVG on the server with a table of the same figures, in a constant number of queries."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services as article_services
from articles.models import Feedback
from eduportal.governance import build_dashboard
from eduportal.roles import MEDICAL_LEADS
from stories.models import Comment, Story
from tests.factories import ArticleFactory, UserFactory, editor_user, moderator, reviewer
from tests.reviews.factories import (
    SpecialistFactory,
    approve_review,
    credentials_officer,
    mark_verified,
    submit,
    verified_specialist,
)
from tests.stories.factories import CommentFactory, StoryFactory

pytestmark = pytest.mark.django_db

URL = "/admin/governance/"
NOW = "2026-06-15 09:00:00+00:00"


def published(editor, specialist, *, title, months=12, days_ago=0):
    """An article approved `days_ago` by `specialist`, reviewed every `months`."""
    signed = timezone.now() - timedelta(days=days_ago)
    with time_machine.travel(signed, tick=False):
        article = ArticleFactory(title=title, review_interval_months=months)
        approve_review(submit(article, by=editor), specialist)
        article.refresh_from_db()
        article_services.publish_article(article=article, by=None, when=signed)
    return article


@pytest.fixture
def data(editor, settings):
    """An overdue and a due-soon review, a lapsing and a lapsed check, waiting stories
    and comments, and an open error report, as of NOW."""
    settings.CREDENTIAL_CHECK_VALID_DAYS = 800  # one check covers the whole story
    with time_machine.travel(NOW, tick=False):
        with time_machine.travel("2025-05-01 09:00:00+00:00", tick=False):
            okafor = mark_verified(
                SpecialistFactory(user=reviewer(), full_name="Adaeze Okafor"), valid_days=600
            )
        overdue = published(editor, okafor, title="Overdue article", days_ago=400)
        soon = published(editor, okafor, title="Due soon article", days_ago=350)
        published(editor, okafor, title="Fine article", days_ago=10)
        mark_verified(SpecialistFactory(full_name="Lapsing Soon"), valid_days=20)
        mark_verified(SpecialistFactory(full_name="Long Lapsed"), valid_days=-30)
        StoryFactory(moderation_status="pending", created_at=timezone.now() - timedelta(days=5))
        StoryFactory(moderation_status="pending", created_at=timezone.now() - timedelta(hours=2))
        CommentFactory(article=soon, status=Comment.Status.PENDING)
        article_services.record_feedback(article=overdue, kind="error", message="Wrong dose?")
        article_services.record_feedback(article=overdue, kind="helpful", message="")
    return {"overdue": overdue, "soon": soon}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("editor", True), ("officer", True), ("lead", True), ("reviewer", False),
     ("moderator", False)],
)  # fmt: skip
def test_only_editors_credentials_officers_and_the_medical_lead_see_it(client, who, allowed):
    user = {
        "editor": lambda: editor_user(username="ed"),
        "officer": lambda: credentials_officer(username="co"),
        "lead": lambda: UserFactory(username="lead", role=MEDICAL_LEADS),
        "reviewer": lambda: reviewer(username="rv"),
        "moderator": lambda: moderator(username="md"),
    }[who]()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == (200 if allowed else 403)


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_counts_what_needs_attention(data):
    with time_machine.travel(NOW, tick=False):
        dashboard = build_dashboard()
    assert [(row.title, row.overdue) for row in dashboard.due_articles] == [
        ("Overdue article", True),
        ("Due soon article", False),
    ]
    assert dashboard.reviews_chart.rows == [("Dr Adaeze Okafor", [1, 1])]
    assert [row.name for row in dashboard.lapsing] == ["Dr Lapsing Soon, MD, PhD"]
    assert dashboard.lapsing[0].days_left == 20
    assert [row.name for row in dashboard.lapsed] == ["Dr Long Lapsed, MD, PhD"]
    assert dashboard.unchecked_profiles == 1  # the lapsed one
    assert (dashboard.stories_waiting, dashboard.comments_waiting) == (2, 1)
    assert dashboard.moderation_chart.rows[0] == ("Under a day", [1, 1])
    assert dashboard.moderation_chart.rows[2] == ("3 to 7 days", [1, 0])
    assert dashboard.open_reports == 1
    assert [(row.title, row.count) for row in dashboard.report_rows] == [("Overdue article", 1)]


def test_charts_are_server_drawn_svg_each_with_a_table_and_no_script(client, editor, data):
    client.force_login(editor)
    with time_machine.travel(NOW, tick=False):
        html = client.get(URL).content.decode()
    body = html[html.index('id="content-main"') :]
    assert body.count('<svg class="chart" role="img"') == 4
    assert body.count('<table class="chart-table">') == 4
    assert "<script" not in body and "style=" not in body
    assert 'aria-labelledby="chart-reviews-title chart-reviews-desc"' in body
    assert "<th scope='row'>Dr Adaeze Okafor</th><td>1</td><td>1</td><td>2</td>" in body
    assert "Overdue since" in body and "Lapsed after" in body


def test_chart_labels_are_escaped(client, editor):
    with time_machine.travel(timezone.now() - timedelta(days=401), tick=False):
        evil = verified_specialist(full_name="<script>alert(1)</script>")
    published(editor, evil, title="Old", days_ago=400)
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_dashboard_query_count_is_constant(client, editor, data, django_assert_max_num_queries):
    client.force_login(editor)
    with time_machine.travel(NOW, tick=False):
        client.get(URL)  # the staff session's first request records it; measure the next
        with CaptureQueriesContext(connection) as few:
            client.get(URL)
        with time_machine.travel("2025-05-01 09:00:00+00:00", tick=False):
            more = verified_specialist(full_name="Second Reviewer")
        for n in range(4):
            published(editor, more, title=f"Old {n}", days_ago=380 + n)
            mark_verified(SpecialistFactory(), valid_days=5 + n)
            StoryFactory(moderation_status=Story.Moderation.PENDING)
            CommentFactory(article=data["soon"], status=Comment.Status.PENDING)
            Feedback.objects.create(article=data["soon"], kind="error", message=f"Report {n}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(URL)
    assert len(response.context["dashboard"].due_articles) == 6
    # Session, user, second factor, permissions, then: due articles, lapsing, lapsed,
    # unchecked, stories, comments, report ages, reports per article; translations
    # (published articles, and their translations with latest revisions and decisions);
    # and the staff session's activity stamp (idle timeout) saved in a savepoint.
    assert len(few.captured_queries) <= 18


def test_chart_counts_say_one_story_not_one_stories():
    from eduportal.governance import _moderation

    StoryFactory(moderation_status=Story.Moderation.PENDING)
    _stories, _comments, _oldest, _oldest_comment, chart = _moderation(timezone.now())
    svg = str(chart.svg())
    assert "Under a day: 1 story</title>" in svg
    assert "1 stories" not in svg
    for _ in range(2):
        StoryFactory(moderation_status=Story.Moderation.PENDING)
    assert "Under a day: 3 stories</title>" in str(_moderation(timezone.now())[-1].svg())
