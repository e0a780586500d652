"""Moderation of stories and comments (every decision goes through stories.services),
the screening list and the helplines."""

from . import comments, screening, stories, support  # noqa: F401 - importing registers them
