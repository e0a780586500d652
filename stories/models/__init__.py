"""Survivor stories, reader comments on articles, the screening keyword list and
helplines."""

from .comments import Comment, CommentQuerySet, Speaker, SpeakerRole
from .screening import ScreeningKeyword
from .stories import ContentNote, Story, StoryQuerySet
from .support import Helpline, HelplineQuerySet

__all__ = [
    "Comment",
    "CommentQuerySet",
    "ContentNote",
    "Helpline",
    "HelplineQuerySet",
    "ScreeningKeyword",
    "Speaker",
    "SpeakerRole",
    "Story",
    "StoryQuerySet",
]
