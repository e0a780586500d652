"""Moderation of reader comments and staff replies, through stories.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from eduportal.admin import PublicContentAdminMixin

from .. import services
from ..models import Comment
from .common import CommentQueueFilter, FlagsMixin, _message


class CommentModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        required=False,
        choices=[("", "No decision now"), ("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label="Reply as staff",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published at once under this comment, marked with your role.",
    )
    reply_role = forms.CharField(
        label="Your role",
        required=False,
        max_length=40,
        help_text='Shown beside your reply, e.g. "Specialist" or "Editor".',
    )

    class Meta:
        model = Comment
        fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply", "").strip() and not cleaned.get("reply_role", "").strip():
            self.add_error("reply_role", "Please say in what role you reply.")
        return cleaned


@admin.register(Comment)
class CommentAdmin(PublicContentAdminMixin, FlagsMixin, admin.ModelAdmin):
    form = CommentModerationForm
    list_display = [
        "created_at",
        "excerpt",
        "name",
        "article",
        "status",
        "flags",
        "is_reply",
        "role_label",
    ]
    list_display_links = ["created_at", "excerpt"]
    list_filter = [CommentQueueFilter, "flagged_crisis", "flagged_medical"]
    list_select_related = ["article"]
    search_fields = ["body", "name", "email", "article__title"]
    ordering = ["created_at", "pk"]
    actions = ["approve_selected", "reject_selected"]
    readonly_fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "flags",
        "author_user",
        "role_label",
        "consent_privacy",
        "moderated_by",
        "moderated_at",
        "created_at",
    ]

    class Media:
        css = {"all": ["css/stories-admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["article", "parent", "name", "body", "status", "flags"]})]
        if request.user.has_perm("stories.moderate_comment"):
            fieldsets.append(("Decision", {"fields": ["decision"]}))
        can_reply = request.user.has_perm("stories.reply_comment")
        if can_reply and obj is not None and obj.parent_id is None and obj.is_public():
            fieldsets.append(("Reply", {"fields": ["reply", "reply_role"]}))
        fieldsets.append(
            (
                "Details",
                {
                    "fields": [
                        "email",
                        "consent_privacy",
                        "author_user",
                        "role_label",
                        "moderated_by",
                        "moderated_at",
                        "created_at",
                    ],
                    "classes": ["collapse"],
                },
            )
        )
        return fieldsets

    def has_add_permission(self, request):
        return False

    @admin.display(description="comment")
    def excerpt(self, comment: Comment) -> str:
        return comment.body if len(comment.body) <= 80 else comment.body[:80] + "…"

    @admin.display(boolean=True, description="reply")
    def is_reply(self, comment: Comment) -> bool:
        return comment.parent_id is not None

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        comment = Comment.objects.select_related("article").get(pk=obj.pk)
        try:
            with transaction.atomic():
                if data.get("decision") == "approve":
                    comment = services.approve_comment(comment=comment, moderator=request.user)
                elif data.get("decision") == "reject":
                    comment = services.reject_comment(comment=comment, moderator=request.user)
                if data.get("reply", "").strip():
                    services.reply_as_staff(
                        parent=comment,
                        author=request.user,
                        body=data["reply"],
                        role_label=data["reply_role"],
                    )
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, f"Nothing was changed: {_message(error)}", messages.ERROR)

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, services.approve_comment, "approved")

    @admin.action(description="Reject selected comments", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, services.reject_comment, "rejected")

    def _decide(self, request, queryset, service, verb: str) -> None:
        done = 0
        # Parents first, so a comment and its reply can be approved together.
        for comment in queryset.order_by(F("parent_id").asc(nulls_first=True), "created_at"):
            try:
                service(comment=comment, moderator=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"“{comment}”: {_message(error)}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} {verb}.", messages.SUCCESS)

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("stories.moderate_comment")
