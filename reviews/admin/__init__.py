"""The review workflow and specialist profiles in the admin."""

from . import articles, credentials, glossary, specialists, workflow  # noqa: F401 - importing registers the admins
