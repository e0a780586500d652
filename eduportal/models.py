"""Records about staff accounts (where they are signed in, two-factor resets), and the
change history of models eduportal does not own: the site pages (flat pages), logins
with their role (group) membership, and the roles' permissions. The history tables live
in this app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.db import models
from django.utils import timezone
from simple_history import register

from eduportal.history import QuietHistoricalRecords
from eduportal.records import AppendOnlyModel

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
# What each role may do: a permission quietly given to a role (say
# reviews.verify_specialist to Editors) is on the record with who and when.
register(Group, app="eduportal", m2m_fields=["permissions"])


class StaffSession(models.Model):
    """A signed-in browser of a staff member, so that deactivating the account or
    changing its password can end every one of its sessions at once, whatever the
    session backend (eduportal/staff/sessions.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "staff session"
        verbose_name_plural = "staff sessions"
        indexes = [models.Index(fields=["user", "started_at"], name="staffsession_user_idx")]

    def __str__(self) -> str:
        return f"Session of user #{self.user_id} since {self.started_at:%Y-%m-%d %H:%M}"


class TwoFactorReset(AppendOnlyModel):
    """A superuser removed someone's authenticator and recovery codes (a lost phone),
    so that they enrol again at their next sign-in. Append-only: kept for the audit
    trail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150, help_text="As it was at the time.")
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reset_by_username = models.CharField(max_length=150)
    reason = models.CharField(
        max_length=300,
        help_text="Why, in a few words, e.g. “lost phone, identity checked by call”.",
    )
    devices_removed = models.PositiveSmallIntegerField(default=0)
    sessions_ended = models.PositiveSmallIntegerField(default=0)
    reset_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-reset_at", "-pk"]
        verbose_name = "two-factor reset"
        verbose_name_plural = "two-factor resets"

    def __str__(self) -> str:
        return f"Two-factor reset of {self.username} by {self.reset_by_username}"
