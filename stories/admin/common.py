"""What the story and comment admins share: the moderation queue filter and flags."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from ..models import Comment, Story
from ..models.languages import language_choices, language_name


class QueueFilter(admin.SimpleListFilter):
    """Opens on the queue (pending, oldest first); other statuses one click away."""

    title = "moderation status"
    parameter_name = "moderation"
    field = "status"
    statuses: list[tuple[str, str]] = []

    def lookups(self, request, model_admin):
        return [*self.statuses, ("all", "All")]

    def choices(self, changelist):
        current = self.value() or "pending"
        for value, title in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "pending"
        if value == "all":
            return queryset
        return queryset.filter(**{self.field: value})


class StoryQueueFilter(QueueFilter):
    field = "moderation_status"
    statuses = [(value, label) for value, label in Story.Moderation.choices]


class CommentQueueFilter(QueueFilter):
    field = "status"
    statuses = [(value, label) for value, label in Comment.Status.choices]


class FlagsMixin:
    @admin.display(description="flags")
    def flags(self, obj) -> str:
        labels = []
        if obj.flagged_crisis:
            labels.append(("flag flag-crisis", "Crisis"))
        if obj.flagged_medical:
            labels.append(("flag flag-medical", "Medical claim"))
        if not labels:
            return "—"
        badges = format_html_join(" ", '<span class="{}">{}</span>', labels)
        words = ", ".join(obj.flag_keywords or [])
        return format_html("{} <small>({})</small>", badges, words) if words else badges


class LanguageFilter(admin.SimpleListFilter):
    """By the language the text is written in, so moderators who read a language can
    take its queue (each language by its own name)."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return language_choices()

    def queryset(self, request, queryset):
        if self.value() in dict(language_choices()):
            return queryset.filter(language=self.value())
        return queryset


class WrittenInMixin:
    @admin.display(description="language", ordering="language")
    def written_in(self, obj) -> str:
        return language_name(obj.language)
