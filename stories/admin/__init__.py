"""Moderation of stories and comments (every decision goes through stories.services),
the screening list and the helplines."""

from . import comments, data_requests, screening, stories, support  # noqa: F401 - registers them
