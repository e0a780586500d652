"""Helpers the review admins share."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from eduportal.admin import error_text as _error_text  # noqa: F401 - one helper for all apps


def _action_form_page(modeladmin, request, queryset, *, form, title, intro, button, action):
    """An intermediate page for an admin action that needs a little input."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "intro": intro,
        "button": button,
        "action": action,
        "form": form,
        "objects": list(queryset),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/reviews/action_form.html", context)
