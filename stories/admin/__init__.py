"""Moderation of stories and comments. Every decision goes through stories.services."""

from . import comments, screening, stories  # noqa: F401 - importing registers the admins
