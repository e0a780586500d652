"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from datetime import timedelta

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Author, GlossaryTerm, Reference, Topic
from eduportal.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.is_staff = True
            self.groups.add(Group.objects.get(name=extracted))
            self.save()


def editor_user(**kwargs):
    return UserFactory(role=EDITORS, **kwargs)


def reviewer(**kwargs):
    return UserFactory(role=MEDICAL_REVIEWERS, **kwargs)


def moderator(**kwargs):
    return UserFactory(role=MODERATORS, **kwargs)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    kind = Topic.Kind.TREATMENT


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    role = Author.Role.MEDICAL_WRITER


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft article with one recorded revision."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Understanding treatment {n}")
    slug = factory.Sequence(lambda n: f"understanding-treatment-{n}")
    summary = "A short, plain summary of what this article explains."
    body = (
        "## What it is\n\nImmunotherapy helps your immune system.[^1]\n\n"
        "## How it is given\n\nThrough a drip.\n\n## Side effects\n\nTiredness and rash."
    )
    author = factory.SubFactory(AuthorFactory)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def references(self, create, extracted, **kwargs):
        if not create:
            return
        for position, citation in enumerate(extracted or [], start=1):
            Reference.objects.create(article=self, position=position, citation=citation)

    @factory.post_generation
    def revision(self, create, extracted, **kwargs):
        if create:
            article_services.record_revision(article=self, by=None)


def approve(article: Article) -> Article:
    """Test shortcut for a clinician's approval of the latest revision; the review
    workflow's own tests exercise the real sign-off."""
    revision = article_services.latest_revision(article)
    return article_services.make_revision_live(article=article, revision=revision)


def published_article(*, published_at=None, **kwargs) -> Article:
    article = approve(ArticleFactory(**kwargs))
    return article_services.publish_article(
        article=article, by=None, when=published_at or timezone.now() - timedelta(days=1)
    )


def approved_term(**kwargs) -> GlossaryTerm:
    """Test shortcut: a glossary term whose wording a clinician approved as written.
    reviews.services.approve_glossary_term's own tests exercise the real approval."""
    term = GlossaryTerm.objects.create(**kwargs)
    return article_services.approve_glossary_text(
        term=term,
        fingerprint=term.text_fingerprint(),
        by=None,
        approved_by_name="Dr Test Reviewer, MD",
    )


@pytest.fixture
def editor(db):
    return editor_user(username="editor")


@pytest.fixture
def reviewer_user(db):
    return reviewer(username="reviewer")
