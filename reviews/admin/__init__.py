"""The review workflow and specialist profiles in the admin."""

from . import articles, credentials, specialists, workflow  # noqa: F401 - importing registers the admins
