"""Admin for staff sign-in: locked-out sign-ins (unlock) and two-factor resets."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from eduportal.admin import ReadOnlyAdminMixin
from eduportal.models import TwoFactorReset

from . import lockout, twofactor

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """django-axes' failed sign-ins, with an action to unlock them (for staff with the
    "Can delete access attempt" permission; superusers have it)."""

    actions = ["unlock_selected", *AccessAttemptAdmin.actions]

    @admin.action(
        description="Unlock the selected sign-ins (their usernames and addresses)",
        permissions=["unlock"],
    )
    def unlock_selected(self, request, queryset):
        try:
            removed = lockout.unlock(attempts=queryset, by=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            f"Unlocked. {removed} failed-attempt record(s) cleared; they can sign in again.",
            messages.SUCCESS,
        )

    def has_unlock_permission(self, request):
        return lockout.can_unlock(request.user)


class TwoFactorResetForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        help_text="Their authenticator and recovery codes are removed and every session of "
        "theirs ends. They set up a new authenticator at their next sign-in.",
    )

    class Meta:
        model = TwoFactorReset
        fields = ["user", "reason"]


@admin.register(TwoFactorReset)
class TwoFactorResetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Superusers reset the second factor of someone who lost their phone; every reset
    stays listed here."""

    list_display = ["reset_at", "username", "reset_by_username", "reason", "sessions_ended"]
    list_filter = ["reset_at"]
    search_fields = ["username", "reset_by_username"]
    readonly_fields = [
        "username",
        "reset_by_username",
        "reason",
        "devices_removed",
        "sessions_ended",
        "reset_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = TwoFactorResetForm
            kwargs["fields"] = ["user", "reason"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["user", "reason"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        try:
            record = twofactor.reset_two_factor(
                user=form.cleaned_data["user"], by=request.user, reason=obj.reason
            )
        except (PermissionDenied, ValidationError) as error:
            raise PermissionDenied(str(error)) from error
        for name in ("pk", "username", "reset_by_id", "reset_by_username", "reset_at"):
            setattr(obj, name, getattr(record, name))
        obj._state.adding = False
