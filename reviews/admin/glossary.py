"""The glossary admin, extended with the clinicians' approval of definitions.

Registered again over articles' admin (as articles.py does for articles), so
articles/glossary_admin.py needs no knowledge of reviews.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from articles.glossary_admin import GlossaryTermAdmin as BaseGlossaryTermAdmin
from articles.models import GlossaryTerm
from eduportal.admin import run_service_for_each

from .. import identity, services

FINGERPRINT_FIELD = "fingerprint-{pk}"

admin.site.unregister(GlossaryTerm)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(BaseGlossaryTermAdmin):
    actions = [*(BaseGlossaryTermAdmin.actions or []), "approve_wording"]

    @admin.action(description="Approve the wording of the selected terms", permissions=["approve"])
    def approve_wording(self, request, queryset):
        """First a page showing exactly the words to approve; approving there binds each
        approval to those words (their fingerprints travel with the form)."""
        terms = list(queryset.order_by("term"))
        if "apply" in request.POST:
            run_service_for_each(
                self,
                request,
                terms,
                lambda term: services.approve_glossary_term(
                    term=term,
                    reviewer=request.user,
                    fingerprint=request.POST.get(FINGERPRINT_FIELD.format(pk=term.pk), ""),
                ),
                done=("{count} term approved.", "{count} terms approved."),
            )
            return None
        standing = identity.standing_of(request.user)
        if not standing.may_sign_off:
            self.message_user(
                request, f"You cannot approve yet. {standing.explanation}", messages.ERROR
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Approve glossary wording",
            "terms": [
                {
                    "term": term,
                    "field": FINGERPRINT_FIELD.format(pk=term.pk),
                    "fingerprint": term.text_fingerprint(),
                    "waiting": term.is_awaiting_approval(),
                }
                for term in terms
            ],
            "signer": standing.check.name_with_credentials,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/reviews/glossary_approve.html", context)

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("articles.approve_glossaryterm")
