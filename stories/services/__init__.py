"""State changes of stories and comments. Views, admin actions and the demo call these."""

from .comments import (
    approve_comment,
    check_staff_reply,
    email_from_unsubscribe_token,
    reject_comment,
    reply_as_staff,
    speaking_as,
    submit_comment,
    unsubscribe_commenter,
    unsubscribe_token,
)
from .stories import (
    StoryData,
    approve_story,
    edit_story,
    manage_token,
    reject_story,
    set_featured,
    shorten_story,
    story_from_token,
    submit_story,
    withdraw_story,
)

__all__ = [
    "StoryData",
    "approve_comment",
    "approve_story",
    "check_staff_reply",
    "edit_story",
    "email_from_unsubscribe_token",
    "manage_token",
    "reject_comment",
    "reject_story",
    "reply_as_staff",
    "set_featured",
    "shorten_story",
    "speaking_as",
    "story_from_token",
    "submit_comment",
    "submit_story",
    "unsubscribe_commenter",
    "unsubscribe_token",
    "withdraw_story",
]
