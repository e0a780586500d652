"""Survivor stories, reader comments on articles, and the screening keyword list."""

from .comments import Comment, CommentQuerySet
from .data_requests import DataRequest, email_fingerprint
from .screening import ScreeningKeyword
from .stories import ContentNote, Story, StoryQuerySet

__all__ = [
    "Comment",
    "CommentQuerySet",
    "ContentNote",
    "DataRequest",
    "ScreeningKeyword",
    "Story",
    "StoryQuerySet",
    "email_fingerprint",
]
