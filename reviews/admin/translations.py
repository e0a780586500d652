"""Translation sign-offs in the admin: a clinician decides on one translation revision
through reviews.services.sign_off_translation, which says why when it refuses. Sign-offs
are kept as recorded: never changed or deleted."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html

from articles.models import TranslationRevision
from eduportal.admin import RefusedSaveAsFormErrorMixin, SaveRefused

from .. import services
from ..models import TranslationSignoff


class TranslationSignoffForm(forms.ModelForm):
    revision = forms.ModelChoiceField(
        queryset=TranslationRevision.objects.select_related("translation__article"),
        help_text="The exact translation revision you read. Only the latest revision of a "
        "translation can be decided.",
    )

    class Meta:
        model = TranslationSignoff
        fields = ["revision", "decision", "note"]
        help_texts = {"note": "Required when you ask for changes: tell the translator what to fix."}


@admin.register(TranslationSignoff)
class TranslationSignoffAdmin(RefusedSaveAsFormErrorMixin, admin.ModelAdmin):
    form = TranslationSignoffForm
    list_display = [
        "revision",
        "language",
        "decision",
        "reviewer_name_snapshot",
        "credentials_snapshot",
        "decided_at",
    ]
    list_filter = ["language", "decision", "decided_at"]
    search_fields = ["revision__title", "translation__article__title", "reviewer_name_snapshot"]
    list_select_related = ["revision"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["revision", "revision_text", "decision", "note"]
        return [
            "revision_link",
            "language",
            "decision",
            "note",
            "reviewer_name_snapshot",
            "credentials_snapshot",
            "content_hash",
            "decided_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["revision_text"] if obj is None else self.get_fields(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        revision = request.GET.get("revision", "")
        if revision.isdigit():
            initial["revision"] = int(revision)
        return initial

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="what you are signing off")
    def revision_text(self, obj=None) -> str:
        return (
            "Open the revision from the translation's page to read it in full, beside "
            "the English text it translates."
        )

    @admin.display(description="revision")
    def revision_link(self, signoff: TranslationSignoff) -> str:
        url = reverse("admin:articles_translationrevision_change", args=[signoff.revision_id])
        return format_html('<a href="{}">{}</a>', url, signoff.revision)

    def save_model(self, request, obj, form, change):
        try:
            signoff = services.sign_off_translation(
                revision=form.cleaned_data["revision"],
                reviewer=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data.get("note", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error
        obj.pk, obj._state.adding = signoff.pk, False
