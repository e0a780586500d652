"""The stories app's views, by concept: the public pages, sharing and managing a story,
and readers' comments. Addresses (stories/urls.py) name them from here."""

from .comments import comment, comment_sent, unsubscribe
from .pages import StoryDetailView, StoryListView, StoryPreviewView, support
from .sharing import (
    manage,
    manage_edit,
    manage_withdraw,
    resend_link,
    resend_link_sent,
    share,
    thanks,
)

__all__ = [
    "StoryDetailView",
    "StoryListView",
    "StoryPreviewView",
    "comment",
    "comment_sent",
    "manage",
    "manage_edit",
    "manage_withdraw",
    "resend_link",
    "resend_link_sent",
    "share",
    "support",
    "thanks",
    "unsubscribe",
]
