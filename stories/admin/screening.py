"""The screening keywords moderators maintain."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import ScreeningKeyword


@admin.register(ScreeningKeyword)
class ScreeningKeywordAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "kind", "active", "note"]
    list_filter = ["kind", "active"]
    list_editable = ["active"]
    search_fields = ["phrase", "note"]
