from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EduportalConfig(AppConfig):
    """Site-wide pieces: roles, static pages, health check, demo content loader, staff
    sign-in."""

    name = "eduportal"
    verbose_name = "Site"

    def ready(self):
        # Log events of sign-in, sessions ended on password change or deactivation,
        # and the deploy checks.
        from . import checks  # noqa: F401
        from .staff import events, receivers  # noqa: F401


class StaffAdminConfig(admin_apps.AdminConfig):
    """The admin, with a site that asks staff for a second factor."""

    default = False  # named in INSTALLED_APPS; EduportalConfig is this module's default

    default_site = "eduportal.staff.admin_site.StaffAdminSite"
