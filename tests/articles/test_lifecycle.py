"""The article lifecycle has one owner: articles.lifecycle. Service layer and admin."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import lifecycle, services
from articles.lifecycle import LIFECYCLE, Move
from articles.models import Article, StatusChange
from tests.admin_forms import admin_post_data
from tests.factories import ArticleFactory, UserFactory, approve, editor_user, published_article

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def test_the_table_declares_every_move_from_every_status():
    assert set(LIFECYCLE) == set(Move)
    for rule in LIFECYCLE.values():
        assert set(rule.moves) <= set(Status.values)
        assert set(rule.moves.values()) <= set(Status.values)
    assert LIFECYCLE[Move.RESTORE].moves == {Status.ARCHIVED: Status.DRAFT}
    assert LIFECYCLE[Move.UNPUBLISH].moves == {Status.PUBLISHED: Status.APPROVED}
    assert Status.ARCHIVED not in LIFECYCLE[Move.APPROVE].moves
    assert Status.ARCHIVED not in LIFECYCLE[Move.SUBMIT].moves


def test_archived_article_is_restored_as_a_draft_and_can_be_reviewed_again(editor):
    article = published_article()
    services.archive_article(article=article, by=editor)
    services.restore_article(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.DRAFT and not article.is_published()
    # Its address stays fixed: it was published once.
    assert article.was_ever_published
    with pytest.raises(ValidationError, match="Only an archived article"):
        services.restore_article(article=article, by=editor)


def test_unpublish_takes_the_article_off_the_site_and_it_stays_approved(editor):
    article = published_article()
    services.unpublish_article(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.APPROVED and article.approved_revision is not None
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert article.was_ever_published  # the slug is still frozen
    services.publish_article(article=article, by=editor)
    assert article.is_published()


def test_a_scheduled_article_can_be_unpublished_before_it_goes_live(editor):
    article = approve(ArticleFactory())
    services.publish_article(article=article, by=editor, when=timezone.now() + timedelta(days=3))
    services.unpublish_article(article=article, by=editor)
    assert article.status == Status.APPROVED


@pytest.mark.parametrize(
    ("move", "status", "message"),
    [
        (Move.PUBLISH, Status.DRAFT, "Only an article a clinician has approved"),
        (Move.UNPUBLISH, Status.DRAFT, "Only a published or scheduled article"),
        (Move.RESTORE, Status.PUBLISHED, "Only an archived article"),
        (Move.APPROVE, Status.ARCHIVED, "archived article cannot be approved"),
        (Move.SUBMIT, Status.ARCHIVED, "Restore it before sending it"),
        (Move.ARCHIVE, Status.ARCHIVED, "already archived"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(move, status, message):
    article = published_article()
    Article.objects.filter(pk=article.pk).update(status=status)
    article.refresh_from_db()
    moves_before = StatusChange.objects.filter(article=article).count()
    with pytest.raises(ValidationError, match=message):
        lifecycle.move_article(
            article=article, move=move, by=None, revision=article.approved_revision
        )
    assert Article.objects.get(pk=article.pk).status == status
    assert StatusChange.objects.filter(article=article).count() == moves_before


@pytest.mark.parametrize("move", [Move.PUBLISH, Move.UNPUBLISH, Move.ARCHIVE, Move.RESTORE])
def test_moves_need_their_permission(move):
    article = published_article()
    with pytest.raises(PermissionDenied):
        lifecycle.move_article(article=article, move=move, by=UserFactory())


def test_approve_needs_the_reviewers_permission(editor):
    article = ArticleFactory()
    with pytest.raises(PermissionDenied):
        services.make_revision_live(
            article=article, revision=services.latest_revision(article), by=editor
        )


def test_every_move_is_stamped_with_who_and_when(editor):
    article = approve(ArticleFactory())
    services.publish_article(article=article, by=editor)
    services.unpublish_article(article=article, by=editor)
    services.archive_article(article=article, by=editor)
    services.restore_article(article=article, by=editor)
    moves = list(
        article.status_changes.order_by("at", "pk").values_list(
            "move", "from_status", "to_status", "by"
        )
    )
    assert moves == [
        ("approve", "draft", "approved", None),
        ("publish", "approved", "published", editor.pk),
        ("unpublish", "published", "approved", editor.pk),
        ("archive", "approved", "archived", editor.pk),
        ("restore", "archived", "draft", editor.pk),
    ]
    with pytest.raises(ValidationError):
        StatusChange.objects.filter(article=article).update(by=None)


def test_every_move_that_changes_public_pages_calls_the_hook(
    editor, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    monkeypatch.setattr(
        lifecycle, "public_pages_changed", lambda *, article, move: seen.append(move)
    )
    with django_capture_on_commit_callbacks(execute=True):
        article = approve(ArticleFactory())
        services.publish_article(article=article, by=editor)
        services.unpublish_article(article=article, by=editor)
        services.archive_article(article=article, by=editor)
        services.restore_article(article=article, by=editor)
    assert seen == [Move.APPROVE, Move.PUBLISH, Move.UNPUBLISH, Move.ARCHIVE, Move.RESTORE]


def test_only_the_lifecycle_writes_article_status():
    """Nothing outside articles/lifecycle.py assigns an article's status."""
    root = Path(__file__).resolve().parents[2]
    assignment = re.compile(
        r"\barticle\.status\s*=(?!=)|[\"']status[\"']\s*:\s*Article\.Status|update\(status="
    )
    offenders = []
    for app in ("articles", "reviews", "stories", "eduportal"):
        for path in (root / app).rglob("*.py"):
            # Generated load data (make bench) is written in bulk, as a database restore
            # would be; it is never run on a site with real content.
            if "migrations" in path.parts or path.name in {"lifecycle.py", "loaddata.py"}:
                continue
            if assignment.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []


# Publication dates -------------------------------------------------------------------


def test_a_published_article_needs_its_date_as_a_model_error():
    article = published_article()
    article.published_at = None
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Unpublish" in error.value.message_dict["published_at"][0]


def test_moving_a_live_date_into_the_future_is_refused():
    article = published_article()
    article.published_at = timezone.now() + timedelta(days=5)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "published_at" in error.value.message_dict
    article.published_at = timezone.now() - timedelta(days=9)  # a correction is fine
    article.full_clean()


# The admin ---------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_form(client, article, **fields):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_post_data(
        client,
        url,
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        body=article.body,
        author=article.author.pk,
        review_interval_months=12,
        comments_open="on",
        **fields,
    )
    return url, data


def test_clearing_the_date_of_a_published_article_is_a_form_error_not_a_500(editor_client):
    article = published_article()
    url, data = change_form(editor_client, article, published_at_0="", published_at_1="")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Unpublish" in errors["published_at"][0]
    assert "changed successfully" not in response.content.decode()
    article.refresh_from_db()
    assert article.published_at is not None and article.is_published()


def test_restore_and_unpublish_actions(editor_client):
    live = published_article()
    archived = published_article()
    services.archive_article(article=archived, by=None)
    response = editor_client.post(
        CHANGELIST, {"action": "unpublish_selected", ACTION_CHECKBOX_NAME: [live.pk]}, follow=True
    )
    assert "1 article unpublished." in response.content.decode()
    response = editor_client.post(
        CHANGELIST, {"action": "restore_selected", ACTION_CHECKBOX_NAME: [archived.pk]}, follow=True
    )
    assert "1 article restored as a draft." in response.content.decode()
    live.refresh_from_db()
    archived.refresh_from_db()
    assert live.status == Status.APPROVED and archived.status == Status.DRAFT


def test_a_refused_action_shows_only_the_error(editor_client):
    draft = ArticleFactory()
    response = editor_client.post(
        CHANGELIST, {"action": "restore_selected", ACTION_CHECKBOX_NAME: [draft.pk]}, follow=True
    )
    levels = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    assert levels == [("error", f"“{draft}”: Only an archived article can be restored.")]


def test_people_without_the_publish_permission_get_no_lifecycle_actions(client, reviewer_user):
    client.force_login(reviewer_user)
    html = client.get(CHANGELIST).content.decode()
    for action in (
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "restore_selected",
    ):
        assert f'value="{action}"' not in html


def test_status_history_is_shown_on_the_change_page(editor_client):
    article = published_article()
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "status history" in html.lower() and "Publish or schedule" in html


def test_editor_user_can_publish_through_the_lifecycle():
    article = approve(ArticleFactory())
    services.publish_article(article=article, by=editor_user())
    change = article.status_changes.latest("at")
    assert change.move == "publish" and change.published_at == article.published_at
