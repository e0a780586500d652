import itertools
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleRevision, Reference, content_hash
from tests.factories import ArticleFactory, UserFactory, approve, editor_user, published_article

pytestmark = pytest.mark.django_db


def test_content_hash_is_deterministic_and_covers_all_medical_fields():
    content = {"title": "T", "summary": "S", "body": "B", "references": [{"position": 1}]}
    assert content_hash(content) == content_hash(dict(reversed(list(content.items()))))
    for key, value in [("title", "T2"), ("summary", "S2"), ("body", "B2"), ("references", [])]:
        assert content_hash({**content, key: value}) != content_hash(content)


def test_record_revision_only_when_content_changes():
    article = ArticleFactory()
    first = services.latest_revision(article)
    assert first.number == 1
    assert services.record_revision(article=article, by=None) == first

    article.tags.set(["new tag"])  # navigation, not signed off
    article.featured = True
    article.comments_open = False
    article.save()
    assert services.record_revision(article=article, by=None) == first

    article.body += "\n\nA new paragraph."
    article.save()
    second = services.record_revision(article=article, by=None)
    assert second.number == 2
    assert second.content_hash != first.content_hash
    assert "A new paragraph." in second.body_html


def test_references_are_part_of_the_revision():
    article = ArticleFactory()
    Reference.objects.create(article=article, position=1, citation="Smith J. A study. 2024.")
    revision = services.record_revision(article=article, by=None)
    assert revision.number == 2
    assert revision.references[0]["citation"] == "Smith J. A study. 2024."


def test_revisions_are_immutable():
    revision = services.latest_revision(ArticleFactory())
    revision.title = "Changed"
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.delete()
    assert ArticleRevision.objects.get(pk=revision.pk).title != "Changed"


def test_record_revision_refuses_users_without_edit_permission():
    article = ArticleFactory()
    with pytest.raises(PermissionDenied):
        services.record_revision(article=article, by=UserFactory())


def test_publish_requires_an_approved_revision():
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        services.publish_article(article=article, by=None)
    approve(article)
    services.publish_article(article=article, by=None)
    assert article.is_published()


def test_publish_refuses_people_without_the_publish_permission():
    article = approve(ArticleFactory())
    with pytest.raises(PermissionDenied):
        services.publish_article(article=article, by=UserFactory())
    services.publish_article(article=article, by=editor_user())
    assert article.status == Article.Status.PUBLISHED


def test_database_refuses_published_without_approval():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status="published", published_at=timezone.now()
        )


def test_database_refuses_hero_image_without_alt_text():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(hero_image="articles/x.jpg", hero_alt="")


def test_scheduled_article_goes_live_by_itself():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        article = approve(ArticleFactory())
        services.publish_article(article=article, by=None, when=start + timedelta(days=2))
        assert not article.is_published()
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(start + timedelta(days=2, minutes=1), tick=False):
        article.refresh_from_db()
        assert article.is_published()
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_published_queryset_and_instance_agree_in_every_state():
    now = timezone.now()
    articles = []
    for status, when, approved in itertools.product(
        Article.Status.values,
        [None, now - timedelta(days=1), now + timedelta(days=1)],
        [False, True],
    ):
        article = ArticleFactory()
        if approved:
            approve(article)
        if status == Article.Status.PUBLISHED and not (approved and when):
            continue  # the database constraint forbids this combination
        Article.objects.filter(pk=article.pk).update(status=status, published_at=when)
        articles.append(Article.objects.get(pk=article.pk))
    public_ids = set(Article.objects.published().values_list("pk", flat=True))
    for article in articles:
        assert article.is_published() == (article.pk in public_ids), (
            article.status,
            article.published_at,
        )
    assert len(public_ids) == 1


def test_editing_a_published_article_keeps_the_approved_text_public():
    article = published_article(title="Original title")
    article.title = "Edited title"
    article.save()
    services.record_revision(article=article, by=None)
    article.refresh_from_db()
    assert article.approved_revision.title == "Original title"
    assert article.is_published()


def test_new_approved_revision_of_published_article_sets_updated_at():
    article = published_article()
    assert article.updated_at is None
    article.body += "\n\nMore."
    article.save()
    revision = services.record_revision(article=article, by=None)
    services.make_revision_live(article=article, revision=revision)
    assert article.updated_at is not None
    assert article.status == Article.Status.PUBLISHED


def test_archived_article_cannot_be_approved_and_leaves_the_site():
    article = published_article()
    services.archive_article(article=article, by=None)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    with pytest.raises(ValidationError):
        services.make_revision_live(article=article, revision=article.approved_revision)
    with pytest.raises(ValidationError):
        services.archive_article(article=article, by=None)


def test_revision_of_another_article_cannot_go_live():
    first, second = ArticleFactory(), ArticleFactory()
    with pytest.raises(ValidationError):
        services.make_revision_live(article=first, revision=services.latest_revision(second))


def test_slug_is_stable_once_published():
    article = published_article()
    article.slug = "a-new-address"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_hero_alt_text_is_required_with_an_image():
    article = ArticleFactory()
    article.hero_image = "articles/x.jpg"
    article.hero_alt = " "
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_alt" in error.value.message_dict


def test_feedback_only_on_published_articles():
    with pytest.raises(ValidationError):
        services.record_feedback(article=ArticleFactory(), kind="helpful", message="")
    feedback = services.record_feedback(article=published_article(), kind="error", message=" Typo ")
    assert feedback.message == "Typo"


def test_slug_is_made_from_the_title_and_kept_unique():
    first = ArticleFactory(title="Living with fatigue", slug="")
    second = ArticleFactory(title="Living with fatigue", slug="")
    assert first.slug == "living-with-fatigue"
    assert second.slug == "living-with-fatigue-2"


def test_windows_line_endings_do_not_make_a_new_revision():
    article = ArticleFactory(body="## One\n\nText.\n\n## Two\n\nMore.")
    article.body = "## One\r\n\r\nText.\r\n\r\n## Two\r\n\r\nMore."
    article.save()
    assert article.body == "## One\n\nText.\n\n## Two\n\nMore."
    assert services.record_revision(article=article, by=None).number == 1
