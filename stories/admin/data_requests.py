"""Data requests: a moderator exports or erases everything held about an address."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from eduportal.admin import ReadOnlyAdminMixin, error_text

from .. import services
from ..models import DataRequest


class DataRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The address the person wrote from. We look for stories and comments "
        "sent with it (upper or lower case alike).",
    )
    action = forms.ChoiceField(
        choices=[
            ("export", "Download a copy of everything we hold (JSON file)"),
            ("erase", "Erase everything we hold: stories, photos, comments"),
        ],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        required=False,
        label="I have checked the request comes from this address, and understand erasure "
        "cannot be undone.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "erase" and not cleaned.get("confirm"):
            self.add_error("confirm", "Please confirm before erasing.")
        return cleaned


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "handled_at",
        "kind",
        "stories",
        "comments",
        "files",
        "emails",
        "handled_by_username",
    ]
    list_filter = ["kind", "handled_at"]
    fields = [
        "kind",
        "handled_at",
        "handled_by_username",
        "stories",
        "comments",
        "files",
        "emails",
        "email_fingerprint",
    ]
    readonly_fields = fields

    def get_urls(self):
        return [
            path(
                "answer/",
                self.admin_site.admin_view(self.answer_view),
                name="stories_datarequest_answer",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "answer_url": reverse("admin:stories_datarequest_answer"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=extra)

    def answer_view(self, request):
        if not request.user.has_perm(services.data_requests.PERMISSION):
            raise PermissionDenied
        form = DataRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            email, action = form.cleaned_data["email"], form.cleaned_data["action"]
            try:
                if action == "export":
                    return self._download(
                        services.export_personal_data(email=email, by=request.user)
                    )
                record = services.erase_personal_data(email=email, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, error_text(error))
            else:
                self.message_user(
                    request,
                    f"Erased {record.stories} stor{'y' if record.stories == 1 else 'ies'}, "
                    f"{record.comments} comment(s), {record.files} file(s) and "
                    f"{record.emails} email(s) in the job table. Recorded without the address.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:stories_datarequest_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Answer a data request",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/stories/datarequest/answer.html", context)

    @staticmethod
    def _download(data: dict) -> HttpResponse:
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        name = f"personal-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
