"""The glossary and the search synonyms editors keep (imported by articles.admin).

Editors write a term's wording here; the public sees only the wording a clinician
approved, which this admin shows but never writes (reviews/admin/glossary.py adds the
clinicians' approval action).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from eduportal.admin import PublicContentAdminMixin, RefusedSaveAsFormErrorMixin, SaveRefused

from . import services
from .models import GlossaryTerm, SearchSynonym


class ApprovalFilter(admin.SimpleListFilter):
    title = "clinician's approval"
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting for a clinician"),
            ("approved", "Approved as written"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.awaiting_approval()
        if self.value() == "approved":
            return queryset.approved_as_written()
        return queryset


def approval_status(term: GlossaryTerm) -> str:
    """Where the term's wording stands, in the words the change list shows."""
    if term.approved_at is None:
        return "Waiting for a clinician: not shown until approved"
    approved = f"{date_format(term.approved_at, 'j F Y')} by {term.approved_by_name}"
    if term.is_awaiting_approval():
        return f"Changed since approved ({approved}): the public sees the approved wording"
    return f"Approved {approved}"


# Shown, never edited here: what the public sees (written by the approval only) and
# who last changed the wording.
PUBLIC_FIELDS = ["approval", *services.APPROVED_GLOSSARY_FIELDS]
RECORD_FIELDS = ["edited_by", "modified_at"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PublicContentAdminMixin, RefusedSaveAsFormErrorMixin, SimpleHistoryAdmin):
    list_display = ["term", "definition", "approval", "published", "modified_at"]
    list_filter = [ApprovalFilter, "published"]
    list_editable = ["published"]
    search_fields = ["term", "definition", "also_matches", "approved_term", "approved_definition"]
    prepopulated_fields = {"slug": ["term"]}
    readonly_fields = [*PUBLIC_FIELDS, *RECORD_FIELDS]
    fieldsets = [
        (
            None,
            {
                "fields": ["term", "slug", "definition", "also_matches", "published"],
                "description": "A change to the term, its other forms or its definition "
                "is shown to the public only after a medical reviewer approves it; until "
                "then the public keeps seeing the approved wording.",
            },
        ),
        (
            "What the public sees",
            {"fields": PUBLIC_FIELDS},
        ),
        ("Record", {"classes": ["collapse"], "fields": RECORD_FIELDS}),
    ]

    @admin.display(description="clinician's approval")
    def approval(self, term: GlossaryTerm):
        status = approval_status(term)
        if term.is_awaiting_approval():
            return format_html('<strong class="approval-waiting">{}</strong>', status)
        return status

    def save_model(self, request, obj, form, change):
        # Through the service: it records who changed the wording (they may not approve
        # it themselves) and never writes the approved text.
        try:
            services.save_glossary_term(term=obj, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error


@admin.register(SearchSynonym)
class SearchSynonymAdmin(PublicContentAdminMixin, SimpleHistoryAdmin):
    list_display = ["words", "note", "active"]
    list_filter = ["active"]
    list_editable = ["active"]
    search_fields = ["words", "note"]
    fields = ["words", "note", "active"]
