"""Moderation of stories and comments. Every decision goes through stories.services."""

from . import comments, data_requests, screening, stories  # noqa: F401 - registers the admins
