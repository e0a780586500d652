"""Readers' feedback and error reports: the editors' inbox (imported by articles.admin)."""

from django.contrib import admin, messages

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """The editors' inbox of reader feedback and error reports."""

    list_display = ["article", "kind", "short_message", "created_at", "resolved"]
    list_filter = ["resolved", "kind", "created_at"]
    search_fields = ["message", "article__title"]
    list_select_related = ["article"]
    readonly_fields = ["article", "kind", "message", "created_at", "resolved_by"]
    fields = ["article", "kind", "message", "created_at", "resolved", "resolved_by"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="message")
    def short_message(self, feedback: Feedback) -> str:
        return (feedback.message[:80] + "…") if len(feedback.message) > 80 else feedback.message

    @admin.action(description="Mark selected as resolved")
    def mark_resolved(self, request, queryset):
        updated = queryset.filter(resolved=False).update(resolved=True, resolved_by=request.user)
        self.message_user(request, f"{updated} marked as resolved.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if obj.resolved and obj.resolved_by_id is None:
            obj.resolved_by = request.user
        super().save_model(request, obj, form, change)
