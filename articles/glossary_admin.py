"""The glossary and the search synonyms editors keep (imported by articles.admin)."""

from __future__ import annotations

from django.contrib import admin

from eduportal.admin import PublicContentAdminMixin

from .models import GlossaryTerm, SearchSynonym


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PublicContentAdminMixin, admin.ModelAdmin):
    list_display = ["term", "definition", "also_matches", "published", "modified_at"]
    list_filter = ["published"]
    list_editable = ["published"]
    search_fields = ["term", "definition", "also_matches"]
    prepopulated_fields = {"slug": ["term"]}
    fields = ["term", "slug", "definition", "also_matches", "published"]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(PublicContentAdminMixin, admin.ModelAdmin):
    list_display = ["words", "note", "active"]
    list_filter = ["active"]
    list_editable = ["active"]
    search_fields = ["words", "note"]
    fields = ["words", "note", "active"]
