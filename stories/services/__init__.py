"""State changes of stories and comments. Views, admin actions and the demo call these."""

from .comments import (
    approve_comment,
    erase_comments,
    reject_comment,
    reply_as_staff,
    submit_comment,
)
from .data_requests import erase_personal_data, export_personal_data
from .stories import (
    LinkExpired,
    StoryData,
    approve_story,
    edit_story,
    erase_story,
    manage_token,
    purge_rejected_stories,
    reject_story,
    send_fresh_links,
    set_featured,
    shorten_story,
    story_from_token,
    submit_story,
    take_down,
    withdraw_story,
)

__all__ = [
    "LinkExpired",
    "StoryData",
    "approve_comment",
    "approve_story",
    "edit_story",
    "erase_comments",
    "erase_personal_data",
    "erase_story",
    "export_personal_data",
    "manage_token",
    "purge_rejected_stories",
    "reject_comment",
    "reject_story",
    "reply_as_staff",
    "send_fresh_links",
    "set_featured",
    "shorten_story",
    "story_from_token",
    "submit_comment",
    "submit_story",
    "take_down",
    "withdraw_story",
]
