"""Admin pieces shared by the apps."""


class ReadOnlyAdminMixin:
    """For records kept for the audit trail (revisions, reviews, sign-offs, reminder
    logs): anyone with view permission sees them; nobody, superusers included, adds,
    changes or deletes them through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Staff sign-in: unlocking locked-out logins, two-factor resets.
from .staff import admin as _staff_admin  # noqa: E402, F401 - importing registers the admins
