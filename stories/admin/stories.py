"""Moderation of survivor stories. Every decision goes through stories.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from eduportal.admin import (
    PublicContentAdminMixin,
    RefusedSaveAsFormErrorMixin,
    SaveRefused,
    run_service_for_each,
)
from eduportal.templatetags.eduportal import picture

from .. import services
from ..models import Story
from ..views import StoryPreviewView
from .common import FlagsMixin, LanguageFilter, StoryQueueFilter, WrittenInMixin


class StoryModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        required=False,
        choices=[("", "No decision now"), ("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        help_text="Approving publishes the story at once and emails the sharer.",
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when rejecting. The sharer receives it by email, so write kindly "
        "and say what they could change.",
    )

    class Meta:
        model = Story
        fields = ["text", "featured"]

    def clean(self):
        cleaned = super().clean()
        story = self.instance
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Please give the sharer a reason.")
        if cleaned.get("decision") == "approve" and story.moderation_status != "pending":
            self.add_error("decision", "Only a story waiting for moderation can be approved.")
        if "text" in self.changed_data:
            if not story.consent_edit:
                self.add_error("text", "The sharer did not allow edits for length.")
            elif len(cleaned.get("text", "")) >= len(self.initial.get("text", "")):
                self.add_error("text", "An edit for length must make the story shorter.")
        if cleaned.get("featured") and "featured" in self.changed_data:
            if not story.consent_quote:
                self.add_error("featured", "The sharer did not allow quoting.")
            will_be_public = story.is_public() or cleaned.get("decision") == "approve"
            if not will_be_public or cleaned.get("decision") == "reject":
                self.add_error("featured", "Only an approved story can be featured.")
        return cleaned


@admin.register(Story)
class StoryAdmin(
    PublicContentAdminMixin,
    RefusedSaveAsFormErrorMixin,
    FlagsMixin,
    WrittenInMixin,
    admin.ModelAdmin,
):
    form = StoryModerationForm
    list_display = [
        "created_at",
        "shown_name_display",
        "cancer_type",
        "written_in",
        "moderation_status",
        "flags",
        "has_photo",
        "consent_edit",
        "consent_quote",
        "featured",
    ]
    list_display_links = ["created_at", "shown_name_display"]
    list_filter = [
        StoryQueueFilter,
        LanguageFilter,
        "flagged_crisis",
        "flagged_medical",
        "featured",
        "cancer_type",
    ]
    list_select_related = ["cancer_type"]
    search_fields = ["display_name", "short_line", "email", "slug"]
    ordering = ["created_at", "pk"]
    actions = ["approve_selected", "reject_selected"]
    audit_fields = [
        "moderated_by",
        "moderated_at",
        "created_at",
        "updated_at",
        "withdrawn_at",
        "consented_at",
        "consent_version",
        "slug",
    ]

    class Media:
        css = {"all": ["css/stories-admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Stories are withdrawn by their sharers, never deleted by staff: the
        # tombstone is the record that a story existed.
        return False

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.is_withdrawn:
            return [
                (None, {"fields": ["withdrawn_notice"]}),
                ("Audit", {"fields": self.audit_fields}),
            ]
        decision_fields = ["preview_link", "moderation_status", "flags"]
        if request.user.has_perm("stories.moderate_story"):
            decision_fields += ["decision", "reason"]
        return [
            (
                "Decision",
                {
                    "fields": [*decision_fields, "rejection_reason"],
                },
            ),
            (
                "The story",
                {
                    "fields": [
                        "shown_name_display",
                        "display_name",
                        "publish_anonymously",
                        "age",
                        "country",
                        "status",
                        "status_year",
                        "cancer_type",
                        "language",
                        "short_line",
                        "content_notes_display",
                        "text",
                        "original_text",
                        "photo_preview",
                        "photo_alt",
                    ],
                },
            ),
            (
                "Consent and contact (personal data)",
                {
                    "fields": [
                        "email",
                        "consent_publish",
                        "consent_privacy",
                        "consent_edit",
                        "consent_quote",
                        "featured",
                    ],
                    "description": "The email address is personal data: use it only to "
                    "contact the sharer about this story.",
                },
            ),
            ("Audit", {"fields": self.audit_fields, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = [
            "withdrawn_notice",
            "preview_link",
            "moderation_status",
            "flags",
            "rejection_reason",
            "shown_name_display",
            "display_name",
            "publish_anonymously",
            "age",
            "country",
            "status",
            "status_year",
            "cancer_type",
            "language",
            "short_line",
            "content_notes_display",
            "original_text",
            "photo_preview",
            "photo_alt",
            "email",
            "consent_publish",
            "consent_privacy",
            "consent_edit",
            "consent_quote",
            *self.audit_fields,
        ]
        can_moderate = request.user.has_perm("stories.moderate_story")
        if obj is None or obj.is_withdrawn or not can_moderate or not obj.consent_edit:
            fields.append("text")
        if obj is None or obj.is_withdrawn or not can_moderate or not obj.consent_quote:
            fields.append("featured")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not request.user.has_perm("stories.moderate_story"):
            kwargs["exclude"] = ["decision", "reason"]
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description="name shown")
    def shown_name_display(self, story: Story) -> str:
        return str(story) if story.is_withdrawn else story.shown_name

    @admin.display(boolean=True, description="photo")
    def has_photo(self, story: Story) -> bool:
        return bool(story.photo)

    @admin.display(description="content notes")
    def content_notes_display(self, story: Story) -> str:
        return ", ".join(story.content_note_labels()) or "—"

    @admin.display(description="photo")
    def photo_preview(self, story: Story) -> str:
        if not story.photo_renditions:
            return "No photo."
        return picture(story.photo_renditions, story.photo_alt, sizes="16rem")

    @admin.display(description="preview")
    def preview_link(self, story: Story) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview exactly as it will appear</a>',
            reverse("admin:stories_story_preview", args=[story.pk]),
        )

    @admin.display(description="")
    def withdrawn_notice(self, story: Story) -> str:
        return (
            "The sharer withdrew this story. Its text, personal details and photo were "
            "deleted; only this record that a story existed remains."
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="stories_story_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = StoryPreviewView.as_view()(request, pk=pk)
        response["X-Robots-Tag"] = "noindex"
        return response

    def save_model(self, request, obj, form, change):
        """Apply the moderator's choices through the services, in a sensible order."""
        data = form.cleaned_data
        story = Story.objects.get(pk=obj.pk)
        moderator = request.user
        try:
            with transaction.atomic():
                if "text" in form.changed_data:
                    story = services.shorten_story(
                        story=story, moderator=moderator, text=data["text"]
                    )
                if data.get("decision") == "approve":
                    story = services.approve_story(story=story, moderator=moderator)
                elif data.get("decision") == "reject":
                    story = services.reject_story(
                        story=story, moderator=moderator, reason=data["reason"]
                    )
                if "featured" in form.changed_data and story.featured != data["featured"]:
                    story = services.set_featured(
                        story=story, moderator=moderator, featured=data["featured"]
                    )
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description="Approve selected stories", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        run_service_for_each(
            self,
            request,
            queryset,
            lambda story: services.approve_story(story=story, moderator=request.user),
            done=("{count} approved.",) * 2,
        )

    @admin.action(description="Reject selected stories (with a reason)…", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            reason = form.cleaned_data["reason"]
            run_service_for_each(
                self,
                request,
                queryset,
                lambda story: services.reject_story(
                    story=story, moderator=request.user, reason=reason
                ),
                done=("{count} rejected; the sharers were emailed.",) * 2,
            )
            return HttpResponseRedirect(request.get_full_path())
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject stories",
            "opts": self.model._meta,
            "stories": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "reject_selected",
        }
        return TemplateResponse(request, "admin/stories/story/reject_selected.html", context)

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("stories.moderate_story")


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Each sharer receives this by email. Write kindly and say what they could "
        "change.",
    )
