"""Specialist profiles, their specialties and clinical interests."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from eduportal.admin import (
    PublicContentAdminMixin,
    ReadOnlyAdminMixin,
    RefusedSaveAsFormErrorMixin,
    SaveRefused,
)

from .. import identity
from ..forms import CredentialCheckForm
from ..models import (
    ClinicalInterest,
    CredentialCheck,
    Position,
    Specialist,
    Specialty,
    TaggedClinicalInterest,
)


@admin.register(Specialty)
class SpecialtyAdmin(PublicContentAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ClinicalInterest)
class ClinicalInterestAdmin(PublicContentAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    fields = ["kind", "title", "department", "institution", "position"]
    verbose_name = "position or programme role"


class CredentialCheckInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Every check of this profile, newest first, with what it vouched for."""

    model = CredentialCheck
    extra = 0
    fields = ["checked_at", "checked_by", "name_checked", "registration", "valid_until", "state"]
    readonly_fields = fields
    verbose_name_plural = "credential checks"
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("checked_by", "specialist")

    @admin.display(description="name and credentials checked")
    def name_checked(self, check: CredentialCheck) -> str:
        return check.name_with_credentials

    @admin.display(description="registration")
    def registration(self, check: CredentialCheck) -> str:
        return check.registration

    @admin.display(description="state")
    def state(self, check: CredentialCheck) -> str:
        return check_state(check)


def check_state(check: CredentialCheck, today=None) -> str:
    """The check in one line, as the admin shows it."""
    if check.voided_at is not None:
        return f"Void since {identity.human_date(check.voided_at)}: {check.void_reason}"
    if check.differences():
        return "No longer matches the profile: " + "; ".join(check.differences())
    if check.is_lapsed(today):
        return f"Lapsed after {identity.human_date(check.valid_until)}"
    return f"In force until {identity.human_date(check.valid_until)}"


class CheckStatusFilter(admin.SimpleListFilter):
    title = "credential check"
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [
            ("in_force", "In force"),
            ("lapsing", f"Lapses within {settings.CREDENTIAL_CHECK_REMINDER_DAYS} days"),
            ("none", "Not checked (none, void or lapsed)"),
        ]

    def queryset(self, request, queryset):
        checks = CredentialCheck.objects.filter(specialist=OuterRef("pk"))
        if self.value() == "in_force":
            return queryset.filter(Exists(checks.in_force()))
        if self.value() == "lapsing":
            return queryset.filter(
                Exists(checks.lapsing(within_days=settings.CREDENTIAL_CHECK_REMINDER_DAYS))
            )
        if self.value() == "none":
            return queryset.exclude(Exists(checks.in_force()))
        return queryset


@admin.register(Specialist)
class SpecialistAdmin(PublicContentAdminMixin, RefusedSaveAsFormErrorMixin, SimpleHistoryAdmin):
    list_display = [
        "display_name",
        "post_nominals",
        "registration",
        "is_active",
        "credential_check",
        "signs_off",
    ]
    list_filter = ["is_active", CheckStatusFilter, "specialties"]
    search_fields = ["full_name", "registration_number", "post_nominals"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["user", "author"]
    filter_horizontal = ["specialties"]
    inlines = [PositionInline, CredentialCheckInline]
    object_history_template = "admin/reviews/specialist/object_history.html"
    readonly_fields = ["photo_preview", "check_summary", "created_at", "modified_at"]
    fieldsets = [
        (
            None,
            {
                "fields": ["honorific", "full_name", "slug", "post_nominals"],
                "description": "The title, name and credentials are what a credentials "
                "officer checks. Changing any of them voids the check.",
            },
        ),
        (
            "Professional registration",
            {
                "fields": ["registration_council", "registration_number", "languages"],
                "description": "Changing these voids the credential check: it must be "
                "done again before this clinician can sign off or appear as a clinician. "
                "The review languages are the ones they may sign off translations in.",
            },
        ),
        (
            "Expertise",
            {
                "fields": ["specialties", "clinical_interests"],
                "description": "The site shows the clinical interests, positions and "
                "programme roles as the credential check in force recorded them. Changes "
                "made here appear on the site after a credentials officer checks the "
                "profile again.",
            },
        ),
        (
            "Profile",
            {"fields": ["photo", "photo_preview", "photo_alt", "bio", "conflict_of_interest"]},
        ),
        (
            "Links and status",
            {
                "fields": ["user", "author", "is_active"],
                "description": "Linking the profile to another login, or unlinking it, "
                "voids the credential check: it vouched for this person's login only.",
            },
        ),
        ("Credential check", {"fields": ["check_summary"]}),
        ("Audit", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "languages":
            return forms.MultipleChoiceField(
                label="review languages",
                choices=settings.LANGUAGES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_current_check()
            .annotate(can_sign=Exists(Specialist.objects.verified().filter(pk=OuterRef("pk"))))
        )

    @admin.display(description="registration")
    def registration(self, specialist: Specialist) -> str:
        return f"{specialist.registration_council} {specialist.registration_number}"

    @admin.display(description="credential check")
    def credential_check(self, specialist: Specialist) -> str:
        check = specialist.current_check()
        if check is None:
            return mark_safe('<strong class="check-missing">Not checked</strong>')
        return f"Until {identity.human_date(check.valid_until)}"

    @admin.display(boolean=True, description="can sign off")
    def signs_off(self, specialist: Specialist) -> bool:
        return specialist.can_sign

    @admin.display(description="preview")
    def photo_preview(self, specialist: Specialist) -> str:
        from eduportal.templatetags.eduportal import picture

        if not specialist.photo_renditions:
            return "No photo yet."
        return picture(
            specialist.photo_renditions,
            specialist.photo_alt,
            sizes="10rem",
            css_class="admin-hero-preview",
        )

    @admin.display(description="check in force")
    def check_summary(self, specialist: Specialist) -> str:
        if specialist.pk is None:
            return "Save the profile first; a credentials officer then checks it."
        check = specialist.current_check()
        if check is None:
            text = mark_safe(
                "<strong>Not checked.</strong> This clinician cannot sign off and is not "
                "shown as a clinician on the site."
            )
        else:
            text = format_html(
                "{} checked {} ({}) on {}; in force until {}.<br>Evidence: {}",
                check.checked_by.get_full_name() or check.checked_by,
                check.name_with_credentials,
                check.registration,
                identity.human_date(check.checked_at),
                identity.human_date(check.valid_until),
                check.evidence,
            )
            unchecked = check.unchecked_changes(specialist)
            if unchecked:
                # The site shows the posts and interests the check recorded, not these.
                text = format_html(
                    '{}<br><strong class="check-missing">Not yet on the site:</strong> {} '
                    "changed since this check. The site shows them as they were checked "
                    "until a credentials officer records a new check.",
                    text,
                    " and ".join(unchecked).capitalize(),
                )
        url = reverse("admin:reviews_specialist_check", args=[specialist.pk])
        return format_html(
            '{} <a class="button" href="{}">Record a credential check</a>', text, url
        )

    def save_model(self, request, obj, form, change):
        try:
            voided = identity.save_specialist(specialist=obj, by=request.user)
        except ValidationError as error:  # the form validated; a race changed something
            # A form error only: the transaction rolls back, inlines are never saved and
            # no "…was changed successfully" follows (RefusedSaveAsFormErrorMixin).
            raise SaveRefused(error) from error
        for check in voided:
            self.message_user(
                request,
                f"The credential check of {identity.human_date(check.checked_at)} no longer "
                f"holds: {check.void_reason} A credentials officer must check {obj} again "
                "before they can sign off or appear as a clinician.",
                messages.WARNING,
            )

    def get_urls(self):
        extra = [
            path(
                "<int:specialist_id>/check/",
                self.admin_site.admin_view(self.check_view),
                name="reviews_specialist_check",
            )
        ]
        return extra + super().get_urls()

    def check_view(self, request, specialist_id: int):
        """A credentials officer records a check of one profile, seeing exactly what
        they vouch for."""
        specialist = get_object_or_404(
            Specialist.objects.select_related("user", "author"), pk=specialist_id
        )
        may_check = request.user.has_perm("reviews.verify_specialist")
        if not may_check and not self.has_view_permission(request, specialist):
            raise PermissionDenied
        form = CredentialCheckForm(request.POST if request.method == "POST" else None)
        refusal = None
        if specialist.user_id is not None and specialist.user_id == request.user.pk:
            refusal = (
                "This profile is linked to your own login. Another credentials officer "
                "must check it."
            )
        elif not may_check:
            refusal = "Only credentials officers may record credential checks."
        if request.method == "POST" and refusal is None and form.is_valid():
            try:
                identity.record_credential_check(
                    specialist=specialist,
                    by=request.user,
                    registration_expires=form.cleaned_data["registration_expires"],
                    evidence=form.cleaned_data["evidence"],
                )
            except ValidationError as error:
                for field_name, errors in error.message_dict.items():
                    form.add_error(field_name if field_name in form.fields else None, errors)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request, f"Credential check of {specialist} recorded.", messages.SUCCESS
                )
                return redirect("admin:reviews_specialist_change", specialist.pk)
        elif request.method == "POST" and refusal is not None:
            raise PermissionDenied(refusal)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Record a credential check: {specialist}",
            "specialist": specialist,
            "current": specialist.current_check(),
            "form": form,
            "refusal": refusal,
            "valid_days": settings.CREDENTIAL_CHECK_VALID_DAYS,
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/reviews/specialist/check.html", context)

    def history_view(self, request, object_id, extra_context=None):
        """The profile's history, with its positions' and interests' history beneath."""
        positions = (
            Position.history.filter(specialist_id=object_id)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:200]
        )
        interests = (
            TaggedClinicalInterest.history.filter(content_object_id=object_id)
            .select_related("history_user", "tag")
            .order_by("-history_date", "-history_id")[:200]
        )
        context = {"position_history": positions, "interest_history": interests}
        return super().history_view(
            request, object_id, extra_context={**context, **(extra_context or {})}
        )
