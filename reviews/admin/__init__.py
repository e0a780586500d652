"""The review workflow and specialist profiles in the admin."""

from . import (  # noqa: F401 - importing registers the admins
    articles,
    credentials,
    glossary,
    specialists,
    translations,
    workflow,
)
