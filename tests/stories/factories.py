"""Factories and helpers for stories and comments."""

from __future__ import annotations

import factory
from django.utils import timezone

from articles.models import Topic
from stories.models import Comment, Story
from stories.models.stories import CONSENT_VERSION
from stories.services import StoryData
from tests.factories import TopicFactory

STORY_TEXT = (
    "When I was diagnosed I felt the ground move under my feet. My nurse sat with me and "
    "explained every step, and I wrote my questions in a small notebook. Treatment was "
    "hard, and some weeks I only managed short walks. Friends brought soup and sat with "
    "me. Today I feel stronger, and I want others to know that the bad days do pass."
)
assert len(STORY_TEXT) >= 300


def cancer_type(slug: str = "breast-cancer", name: str = "Breast cancer") -> Topic:
    return TopicFactory(slug=slug, name=name, kind=Topic.Kind.CANCER_TYPE)


class StoryFactory(factory.django.DjangoModelFactory):
    """An approved story with full consent (use moderation_status= for others)."""

    class Meta:
        model = Story

    display_name = factory.Sequence(lambda n: f"Sharer{n}")
    age = 50
    country = "GB"
    status = Story.Status.CANCER_FREE
    status_year = 2021
    cancer_type = factory.LazyFunction(cancer_type)
    short_line = "I feel hopeful today."
    text = STORY_TEXT
    email = factory.Sequence(lambda n: f"sharer{n}@example.org")
    consent_publish = True
    consent_privacy = True
    consented_at = factory.LazyFunction(timezone.now)
    consent_version = CONSENT_VERSION
    moderation_status = Story.Moderation.APPROVED
    slug = factory.Sequence(lambda n: f"story-{n}")


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved reader comment."""

    class Meta:
        model = Comment

    name = factory.Sequence(lambda n: f"Reader{n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = "Thank you for this clear article."
    consent_privacy = True
    status = Comment.Status.APPROVED


def story_data(**overrides) -> StoryData:
    values = {
        "display_name": "Maria",
        "email": "maria@example.org",
        "short_line": "I feel hopeful today.",
        "text": STORY_TEXT,
        "cancer_type": overrides.pop("cancer_type", None) or cancer_type(),
        "status": Story.Status.CANCER_FREE,
        "status_year": 2021,
        "age": 52,
        "country": "ES",
        "consent_publish": True,
        "consent_privacy": True,
    }
    values.update(overrides)
    return StoryData(**values)


def share_post(topic: Topic, **overrides) -> dict:
    """A valid share-form POST body."""
    data = {
        "display_name": "Maria",
        "age": "52",
        "country": "ES",
        "status": "cancer_free",
        "status_year": "2021",
        "cancer_type": str(topic.pk),
        "short_line": "I feel hopeful today.",
        "text": STORY_TEXT,
        "email": "maria@example.org",
        "consent_publish": "on",
        "consent_privacy": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
