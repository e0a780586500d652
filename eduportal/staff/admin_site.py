from __future__ import annotations

from django.contrib import admin
from django.urls import path

from . import login, twofactor


class StaffAdminSite(admin.AdminSite):
    """Django's admin, signed in with a password and a second factor (eduportal/staff/
    login.py). It is `admin.site` (eduportal.apps.StaffAdminConfig), so every app's
    @admin.register lands here."""

    def has_permission(self, request):
        user = request.user
        if not super().has_permission(request):
            return False
        if not twofactor.required_for(user):
            return True
        is_verified = getattr(user, "is_verified", None)
        return bool(is_verified and is_verified())

    def login(self, request, extra_context=None):
        return login.password_step(request, self, extra_context)

    def get_urls(self):
        urls = [
            path("two-factor/", self._wrap(login.code_step), name="two-factor"),
            path("two-factor/setup/", self._wrap(login.setup_step), name="two-factor-setup"),
            path(
                "two-factor/recovery-codes/",
                self._wrap(login.recovery_codes),
                name="two-factor-recovery-codes",
            ),
        ]
        return urls + super().get_urls()

    def _wrap(self, view):
        def wrapped(request, *args, **kwargs):
            request.current_app = self.name
            return view(request, self, *args, **kwargs)

        return wrapped
