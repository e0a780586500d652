"""Survivor stories, reader comments on articles, and the screening keyword list."""

from .comments import Comment, CommentQuerySet, Speaker, SpeakerRole
from .screening import ScreeningKeyword
from .stories import ContentNote, Story, StoryQuerySet

__all__ = [
    "Comment",
    "CommentQuerySet",
    "ContentNote",
    "ScreeningKeyword",
    "Speaker",
    "SpeakerRole",
    "Story",
    "StoryQuerySet",
]
