"""Survivor stories, reader comments on articles, and the screening keyword list."""

from .comments import Comment, CommentQuerySet
from .screening import ScreeningKeyword
from .stories import ContentNote, Story, StoryQuerySet

__all__ = [
    "Comment",
    "CommentQuerySet",
    "ContentNote",
    "ScreeningKeyword",
    "Story",
    "StoryQuerySet",
]
