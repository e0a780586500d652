"""Change history for models eduportal does not own: the site pages (flat pages) and
logins with their role (group) membership. The history tables live in this app."""

from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from simple_history import register

from eduportal.history import QuietHistoricalRecords

register(FlatPage, app="eduportal", m2m_fields=["sites"])
# Who was added to or removed from which role. A login's `last_login` stamp and its
# password hash are no part of that record.
register(
    get_user_model(),
    app="eduportal",
    records_class=QuietHistoricalRecords,
    m2m_fields=["groups"],
    excluded_fields=["password", "last_login"],
)
