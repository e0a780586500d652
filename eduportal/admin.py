"""Admin pieces shared by the apps."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage


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


# Change history in the admin for the models eduportal does not own (see models.py):
# site pages, and logins with the roles (groups) they hold.
def _with_history(model) -> None:
    """Re-register `model`'s current admin with a "History" page that lists who changed
    what, field by field (whatever admin class another module registered for it)."""
    from simple_history.admin import SimpleHistoryAdmin

    current = type(admin.site.get_model_admin(model))
    if issubclass(current, SimpleHistoryAdmin):
        return
    admin.site.unregister(model)
    admin.site.register(model, type(current.__name__, (SimpleHistoryAdmin, current), {}))


_with_history(FlatPage)
_with_history(get_user_model())
