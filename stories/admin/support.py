"""The helplines editors keep per country."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from eduportal.admin import PublicContentAdminMixin

from ..models import Helpline


@admin.register(Helpline)
class HelplineAdmin(PublicContentAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "country", "kind", "phone", "in_box", "active", "checked_on"]
    list_filter = ["kind", "in_box", "active", "country"]
    list_editable = ["in_box", "active"]
    search_fields = ["name", "description", "phone"]
    fieldsets = [
        (None, {"fields": ["name", "country", "kind", "description"]}),
        ("How to reach them", {"fields": ["phone", "text_number", "website", "hours"]}),
        (
            "Where it is shown",
            {
                "fields": ["in_box", "position", "active", "checked_on"],
                "description": "Crisis lines are also shown at once to anyone whose story "
                "or comment mentions a crisis. Check each number before it goes live.",
            },
        ),
    ]
