"""Credential checks and their reminders: read-only records; voiding is a service."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from eduportal.admin import ReadOnlyAdminMixin

from .. import identity
from ..forms import VoidCheckForm
from ..models import CredentialCheck, CredentialReminder
from .specialists import check_state


class CheckStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        days = settings.CREDENTIAL_CHECK_REMINDER_DAYS
        return [("in_force", "In force"), ("lapsing", f"Lapses within {days} days"),
                ("lapsed", "Lapsed"), ("void", "Void")]  # fmt: skip

    def queryset(self, request, queryset):
        value = self.value()
        if value == "in_force":
            return queryset.in_force()
        if value == "lapsing":
            return queryset.lapsing(within_days=settings.CREDENTIAL_CHECK_REMINDER_DAYS)
        if value == "lapsed":
            return queryset.lapsed()
        if value == "void":
            return queryset.filter(voided_at__isnull=False)
        return queryset


@admin.register(CredentialCheck)
class CredentialCheckAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Every credential check ever recorded. Checks are recorded from the specialist's
    page ("Record a credential check") and can only be voided, never edited."""

    list_display = ["specialist", "name_checked", "registration", "checked_by", "checked_at",
                    "valid_until", "state"]  # fmt: skip
    list_filter = [CheckStateFilter, "checked_at"]
    search_fields = ["full_name", "registration_number", "specialist__full_name"]
    list_select_related = ["specialist", "checked_by", "user"]
    date_hierarchy = "checked_at"
    fields = ["specialist", "user", "honorific", "full_name", "post_nominals",
              "registration_council", "registration_number", "registration_expires",
              "valid_until", "evidence", "checked_by", "checked_at", "voided_at", "voided_by",
              "void_reason", "void_link"]  # fmt: skip
    readonly_fields = fields

    def get_actions(self, request):
        return {}

    @admin.display(description="name and credentials checked")
    def name_checked(self, check: CredentialCheck) -> str:
        return check.name_with_credentials

    @admin.display(description="registration")
    def registration(self, check: CredentialCheck) -> str:
        return check.registration

    @admin.display(description="state")
    def state(self, check: CredentialCheck) -> str:
        return check_state(check)

    @admin.display(description="")
    def void_link(self, check: CredentialCheck) -> str:
        if check.voided_at is not None:
            return "This check is void."
        url = reverse("admin:reviews_credentialcheck_void", args=[check.pk])
        return format_html('<a class="button" href="{}">Void this check</a>', url)

    def get_urls(self):
        extra = [
            path(
                "<int:check_id>/void/",
                self.admin_site.admin_view(self.void_view),
                name="reviews_credentialcheck_void",
            )
        ]
        return extra + super().get_urls()

    def void_view(self, request, check_id: int):
        check = get_object_or_404(CredentialCheck.objects.select_related("specialist"), pk=check_id)
        if not request.user.has_perm("reviews.verify_specialist"):
            raise PermissionDenied
        form = VoidCheckForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                identity.void_credential_check(
                    check=check, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    f"The check of {check.specialist} is void. They cannot sign off until "
                    "checked again.",
                    messages.SUCCESS,
                )
                return redirect("admin:reviews_specialist_change", check.specialist_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Void the credential check of {check.specialist}",
            "check": check,
            "form": form,
        }
        return TemplateResponse(request, "admin/reviews/credentialcheck/void.html", context)


@admin.register(CredentialReminder)
class CredentialReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["check_record", "kind", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["check_record"]
