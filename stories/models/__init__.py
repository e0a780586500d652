"""Survivor stories, reader comments on articles, the screening keyword list and
helplines."""

from .comments import Comment, CommentQuerySet, Speaker, SpeakerRole
from .data_requests import DataRequest, email_fingerprint
from .screening import ScreeningKeyword
from .stories import ContentNote, Story, StoryQuerySet
from .support import Helpline, HelplineQuerySet

__all__ = [
    "Comment",
    "CommentQuerySet",
    "ContentNote",
    "DataRequest",
    "Helpline",
    "HelplineQuerySet",
    "ScreeningKeyword",
    "Speaker",
    "SpeakerRole",
    "Story",
    "StoryQuerySet",
    "email_fingerprint",
]
