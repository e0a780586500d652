"""Moderation of reader comments and staff replies, through stories.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from eduportal.admin import (
    PublicContentAdminMixin,
    RefusedSaveAsFormErrorMixin,
    SaveRefused,
    run_service_for_each,
)

from .. import services
from ..models import Comment, SpeakerRole
from ..models.languages import language_choices
from .common import CommentQueueFilter, FlagsMixin, LanguageFilter, WrittenInMixin


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
        help_text="Published at once under this comment, labelled from your account.",
    )
    reply_language = forms.ChoiceField(
        label="Language of the reply",
        required=False,
        choices=language_choices,
        help_text="Marked on the page so screen readers read it right. It starts as the "
        "language of the comment you answer.",
    )

    # Set by CommentAdmin.get_form: who is replying.
    request_user = None

    class Meta:
        model = Comment
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "reply_language" in self.fields:
            self.fields["reply_language"].initial = self.instance.language

    def clean(self):
        cleaned = super().clean()
        reply = cleaned.get("reply", "").strip()
        if reply and "reply" in self.fields:
            # The service's own rules, checked before anything is saved: a refused
            # reply is a form error, and the decision is not saved without it.
            try:
                services.check_staff_reply(
                    parent=self.instance, author=self.request_user, body=reply
                )
            except ValidationError as error:
                self.add_error("reply", error.messages)
            except PermissionDenied as error:
                self.add_error("reply", str(error))
        return cleaned


@admin.register(Comment)
class CommentAdmin(
    PublicContentAdminMixin,
    RefusedSaveAsFormErrorMixin,
    FlagsMixin,
    WrittenInMixin,
    admin.ModelAdmin,
):
    form = CommentModerationForm
    list_display = [
        "created_at",
        "excerpt",
        "name",
        "article",
        "status",
        "written_in",
        "flags",
        "is_reply",
        "speaker_role",
    ]
    list_display_links = ["created_at", "excerpt"]
    list_filter = [CommentQueueFilter, LanguageFilter, "flagged_crisis", "flagged_medical"]
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
        "language",
        "status",
        "flags",
        "author_user",
        "speaker_role",
        "speaker_check",
        "consent_privacy",
        "email_updates",
        "moderated_by",
        "moderated_at",
        "created_at",
    ]

    class Media:
        css = {"all": ["css/stories-admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                None,
                {"fields": ["article", "parent", "name", "body", "language", "status", "flags"]},
            )
        ]
        if request.user.has_perm("stories.moderate_comment"):
            fieldsets.append(("Decision", {"fields": ["decision"]}))
        can_reply = request.user.has_perm("stories.reply_comment")
        if can_reply and obj is not None and obj.parent_id is None and obj.is_public():
            fieldsets.append(("Reply", {"fields": ["reply", "reply_language"]}))
        fieldsets.append(
            (
                "Details",
                {
                    "fields": [
                        "email",
                        "email_updates",
                        "consent_privacy",
                        "author_user",
                        "speaker_role",
                        "speaker_check",
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        if "reply" in form.base_fields:
            form.base_fields[
                "reply"
            ].help_text = f"Published at once under this comment. {_reply_label(request.user)}"
        return form

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
                        language=data.get("reply_language") or comment.language,
                    )
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, services.approve_comment, "approved")

    @admin.action(description="Reject selected comments", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, services.reject_comment, "rejected")

    def _decide(self, request, queryset, service, verb: str) -> None:
        # Parents first, so a comment and its reply can be approved together.
        run_service_for_each(
            self,
            request,
            queryset.order_by(F("parent_id").asc(nulls_first=True), "created_at"),
            lambda comment: service(comment=comment, moderator=request.user),
            done=(f"{{count}} {verb}.",) * 2,
        )

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("stories.moderate_comment")


def _reply_label(user) -> str:
    """What readers will see beside the reply, said before it is written."""
    try:
        role, check = services.speaking_as(user)
    except PermissionDenied as error:
        return str(error)
    if role == SpeakerRole.CLINICIAN:
        return f"It is shown as from {check.name_with_credentials}, with a link to your profile."
    return (
        f"It is shown as from the {SpeakerRole(role).label.lower()}. Medical questions "
        "are for a checked clinician to answer."
    )
