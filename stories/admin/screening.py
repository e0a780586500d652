"""The screening keywords moderators maintain."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import ScreeningKeyword
from ..models.languages import language_choices
from .common import LanguageFilter


class ScreeningKeywordForm(forms.ModelForm):
    language = forms.ChoiceField(
        required=False,
        choices=lambda: [("", "Not set"), *language_choices()],
        help_text=ScreeningKeyword._meta.get_field("language").help_text,
    )

    class Meta:
        model = ScreeningKeyword
        fields = ["kind", "phrase", "language", "active", "note"]


@admin.register(ScreeningKeyword)
class ScreeningKeywordAdmin(SimpleHistoryAdmin):
    form = ScreeningKeywordForm
    list_display = ["phrase", "kind", "language_name", "active", "note"]
    list_filter = ["kind", LanguageFilter, "active"]
    list_editable = ["active"]
    search_fields = ["phrase", "note"]

    @admin.display(description="language", ordering="language")
    def language_name(self, keyword: ScreeningKeyword) -> str:
        return keyword.language_name or "—"
