"""Specialist profiles, their specialties and clinical interests."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef

from eduportal.admin import PublicContentAdminMixin

from .. import services
from ..forms import VerifyForm
from ..models import (
    ClinicalInterest,
    Position,
    Specialist,
    Specialty,
)
from .common import _action_form_page, _error_text


@admin.register(Specialty)
class SpecialtyAdmin(PublicContentAdminMixin, admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ClinicalInterest)
class ClinicalInterestAdmin(PublicContentAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    fields = ["kind", "title", "department", "institution", "position"]
    verbose_name = "position or programme role"


@admin.register(Specialist)
class SpecialistAdmin(PublicContentAdminMixin, admin.ModelAdmin):
    list_display = [
        "display_name",
        "post_nominals",
        "registration",
        "is_active",
        "registration_valid_until",
        "signs_off",
    ]
    list_filter = ["is_active", "specialties"]
    search_fields = ["full_name", "registration_number", "post_nominals"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["user", "author"]
    filter_horizontal = ["specialties"]
    inlines = [PositionInline]
    actions = ["verify_selected"]
    readonly_fields = [
        "photo_preview",
        "verified_at",
        "verified_by",
        "registration_valid_until",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        (None, {"fields": ["honorific", "full_name", "slug", "post_nominals"]}),
        (
            "Professional registration",
            {
                "fields": ["registration_council", "registration_number"],
                "description": "Changing these clears the verification: it must be checked "
                "again before this clinician can sign off.",
            },
        ),
        ("Expertise", {"fields": ["specialties", "clinical_interests"]}),
        (
            "Profile",
            {"fields": ["photo", "photo_preview", "photo_alt", "bio", "conflict_of_interest"]},
        ),
        ("Links and status", {"fields": ["user", "author", "is_active"]}),
        (
            "Verification",
            {
                "fields": ["verified_at", "verified_by", "registration_valid_until"],
                "description": 'Use the action "Record registration check" in the list.',
            },
        ),
        ("Audit", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(can_sign=Exists(Specialist.objects.verified().filter(pk=OuterRef("pk"))))
        )

    @admin.display(description="registration")
    def registration(self, specialist: Specialist) -> str:
        return f"{specialist.registration_council} {specialist.registration_number}"

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {"registration_council", "registration_number"} & set(form.changed_data)
        if change and changed and obj.verified_at is not None:
            services.clear_verification(specialist=obj)
            self.message_user(
                request,
                f"The registration changed, so it must be checked again before {obj} can sign off.",
                messages.WARNING,
            )

    @admin.action(description="Record registration check", permissions=["verify"])
    def verify_selected(self, request, queryset):
        form = VerifyForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for specialist in queryset:
                try:
                    services.verify_specialist(
                        specialist=specialist,
                        by=request.user,
                        valid_until=form.cleaned_data["valid_until"],
                    )
                    done += 1
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(
                        request, f"{specialist}: {_error_text(error)}", messages.ERROR
                    )
            if done:
                self.message_user(
                    request, f"Registration check recorded for {done}.", messages.SUCCESS
                )
            return None
        return _action_form_page(
            self,
            request,
            queryset,
            form=form,
            title="Record registration check",
            intro="You confirm that you checked each clinician's registration on the "
            "council's public register today.",
            button="Record check",
            action="verify_selected",
        )

    def has_verify_permission(self, request) -> bool:
        return request.user.has_perm("reviews.verify_specialist")
