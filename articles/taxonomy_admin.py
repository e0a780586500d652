"""Topics and authors: what cards, filters and bylines are made of (imported by
articles.admin). Every save invalidates the public pages (PublicContentAdminMixin)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from eduportal.admin import PublicContentAdminMixin

from .models import Author, Topic


@admin.register(Topic)
class TopicAdmin(PublicContentAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(PublicContentAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "role", "user"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
