from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from taggit.models import Tag

from eduportal.admin import (
    PublicContentAdminMixin,
    ReadOnlyAdminMixin,
    RefusedSaveAsFormErrorMixin,
    SaveRefused,
    run_service_for_each,
)
from eduportal.templatetags.eduportal import picture

from . import lifecycle, readability, services
from .diff import revision_diff
from .models import (
    Article,
    ArticleRevision,
    BodyImage,
    Reference,
    StatusChange,
)
from .rendering import plain_text


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    # Django 6 assumes https for scheme-less addresses; opt in now, warning-free.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["position", "citation", "url", "doi", "pubmed_id", "accessed_on"]


class BodyImageInline(admin.TabularInline):
    model = BodyImage
    extra = 0
    fields = ["image", "alt_text", "caption", "markdown_line"]
    readonly_fields = ["markdown_line"]
    verbose_name_plural = "pictures for the text (upload, then paste the line shown into the body)"

    @admin.display(description="paste into the body")
    def markdown_line(self, body_image: BodyImage) -> str:
        line = body_image.markdown() if body_image.pk else ""
        return format_html("<code>{}</code>", line) if line else "Shown after saving."


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    can_delete = False
    show_change_link = False
    fields = ["number", "created_at", "created_by", "short_hash", "links"]
    readonly_fields = fields
    ordering = ["-number"]
    verbose_name_plural = "revision history"
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "created_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="content hash")
    def short_hash(self, revision: ArticleRevision) -> str:
        return revision.content_hash[:12]

    @admin.display(description="")
    def links(self, revision: ArticleRevision) -> str:
        preview = reverse("articles:preview", kwargs={"slug": revision.article.slug})
        diff = reverse("admin:articles_article_diff", args=[revision.article_id])
        return format_html(
            '<a href="{}?revision={}">Preview</a> · <a href="{}?new={}">Changes</a>',
            preview,
            revision.number,
            diff,
            revision.number,
        )


class StatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Every lifecycle move of the article (articles.lifecycle): who, when, what."""

    model = StatusChange
    extra = 0
    fields = ["at", "move_display", "from_status", "to_status", "revision_number", "by"]
    readonly_fields = fields
    ordering = ["-at", "-pk"]
    verbose_name_plural = "status history"
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "by", "revision")

    @admin.display(description="move")
    def move_display(self, change: StatusChange) -> str:
        return lifecycle.Move(change.move).label if change.move in lifecycle.Move.values else ""

    @admin.display(description="revision")
    def revision_number(self, change: StatusChange):
        return change.revision.number if change.revision else "—"


@admin.register(Article)
class ArticleAdmin(PublicContentAdminMixin, RefusedSaveAsFormErrorMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "author",
        "published_at",
        "is_public",
        "has_unreviewed_changes",
    ]
    list_filter = [
        "status",
        "topics",
        "author",
        ("tags", admin.RelatedOnlyFieldListFilter),
        "featured",
    ]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    filter_horizontal = ["topics"]
    inlines = [ReferenceInline, BodyImageInline, RevisionInline, StatusChangeInline]
    actions = ["publish_selected", "unpublish_selected", "archive_selected", "restore_selected"]
    readonly_fields = ["status", "hero_preview", "reading_stats", "approved_revision_link",
                       "created_at", "created_by", "modified_at", "modified_by"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "reading_stats"]}),
        ("Classification", {"fields": ["author", "topics", "tags", "featured"]}),
        ("Hero image", {"fields": ["hero_image", "hero_preview", "hero_alt", "hero_credit"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "approved_revision_link",
                    "published_at",
                    "review_interval_months",
                    "comments_open",
                ]
            },
        ),
        (
            "Search engines and sharing",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
        (
            "Audit",
            {
                "fields": ["created_at", "created_by", "modified_at", "modified_by"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        js = ["js/admin-article.js"]
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        # One query for the whole list: the latest revision's id is a subquery, not a
        # query per row (the change list test pins this).
        latest = ArticleRevision.objects.filter(article=OuterRef("pk")).order_by("-number")
        return (
            super()
            .get_queryset(request)
            .select_related("author", "approved_revision")
            .annotate(latest_revision_id=Subquery(latest.values("pk")[:1]))
        )

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and obj.was_ever_published else {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and obj.was_ever_published:
            fields.append("slug")
        return fields

    def view_on_site(self, obj: Article) -> str:
        if obj.is_published():
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"slug": obj.slug})

    @admin.display(boolean=True, description="public")
    def is_public(self, article: Article) -> bool:
        return article.is_published()

    @admin.display(boolean=True, description="unreviewed changes")
    def has_unreviewed_changes(self, article: Article) -> bool:
        latest_id = getattr(article, "latest_revision_id", None)
        if latest_id is None:
            latest = services.latest_revision(article)
            latest_id = latest.pk if latest else None
        return latest_id is not None and latest_id != article.approved_revision_id

    @admin.display(description="preview")
    def hero_preview(self, article: Article) -> str:
        if not article.hero_renditions:
            return "No image yet."
        return picture(
            article.hero_renditions, article.hero_alt, sizes="20rem", css_class="admin-hero-preview"
        )

    @admin.display(description="approved text")
    def approved_revision_link(self, article: Article) -> str:
        revision = article.approved_revision
        if revision is None:
            return "Not approved yet: the public cannot see this article."
        url = reverse("articles:preview", kwargs={"slug": article.slug})
        return format_html(
            '<a href="{}?revision={}">Revision {}</a>', url, revision.number, revision.number
        )

    @admin.display(description="readability")
    def reading_stats(self, article: Article) -> str:
        stats = _measure(article.summary, article.body)
        return format_html(
            '<div id="reading-stats" class="reading-stats" data-url="{}" aria-live="polite">'
            "{}</div>",
            reverse("admin:articles_article_readability"),
            _stats_text(stats),
        )

    def get_urls(self):
        extra = [
            path(
                "readability/",
                self.admin_site.admin_view(self.readability_view),
                name="articles_article_readability",
            ),
            path(
                "<int:article_id>/diff/",
                self.admin_site.admin_view(self.diff_view),
                name="articles_article_diff",
            ),
        ]
        return extra + super().get_urls()

    def readability_view(self, request):
        """Live word count, reading time and grade while an editor types."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        stats = _measure(request.POST.get("summary", ""), request.POST.get("body", "")[:200_000])
        return JsonResponse({**stats.as_dict(), "text": _stats_text(stats)})

    def diff_view(self, request, article_id: int):
        article = get_object_or_404(Article, pk=article_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        revisions = list(article.revisions.select_related("created_by").order_by("-number"))
        by_number = {revision.number: revision for revision in revisions}
        new = by_number.get(_int(request.GET.get("new"))) or (revisions[0] if revisions else None)
        default_old = next((r for r in revisions if new and r.number < new.number), None)
        old = by_number.get(_int(request.GET.get("old"))) or default_old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Changes in “{article.title}”",
            "article": article,
            "revisions": revisions,
            "old": old,
            "new": new,
            "diff": revision_diff(old, new) if new else [],
        }
        return TemplateResponse(request, "admin/articles/article/diff.html", context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # References and pictures are saved with the inlines, so the revision is taken
        # after them.
        try:
            services.record_revision(article=form.instance, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error

    @admin.action(description="Publish or schedule selected approved articles",
                  permissions=["publish"])  # fmt: skip
    def publish_selected(self, request, queryset):
        self._move_each(request, queryset, services.publish_article, "published")

    @admin.action(description="Unpublish selected articles (they stay approved)",
                  permissions=["publish"])  # fmt: skip
    def unpublish_selected(self, request, queryset):
        self._move_each(request, queryset, services.unpublish_article, "unpublished")

    @admin.action(description="Archive selected articles", permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._move_each(request, queryset, services.archive_article, "archived")

    @admin.action(description="Restore selected archived articles as drafts",
                  permissions=["publish"])  # fmt: skip
    def restore_selected(self, request, queryset):
        self._move_each(request, queryset, services.restore_article, "restored as a draft")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("articles.publish_article")

    def _move_each(self, request, queryset, service, verb: str) -> None:
        run_service_for_each(
            self,
            request,
            queryset,
            lambda article: service(article=article, by=request.user),
            done=(f"{{count}} article {verb}.", f"{{count}} articles {verb}."),
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags" and field is not None:
            field.widget.attrs.update({"list": "tag-suggestions", "autocomplete": "off"})
            field.help_text = "Separate tags with commas. Existing tags are suggested as you type."
        return field

    def render_change_form(self, request, context, *args, **kwargs):
        context["tag_names"] = list(
            Tag.objects.order_by("name").values_list("name", flat=True)[:500]
        )
        return super().render_change_form(request, context, *args, **kwargs)


def _measure(summary: str, body: str) -> readability.Readability:
    """The same measure for the saved article and for the text being typed."""
    return readability.measure(f"{summary} {plain_text(body)}")


def _stats_text(stats: readability.Readability) -> str:
    if not stats.words:
        return "Start writing to see the word count, reading time and reading grade."
    grade = f"reading grade {stats.grade}" if stats.grade is not None else ""
    warning = (
        f" — above grade {readability.TARGET_GRADE:.0f}: try shorter sentences and simpler words."
        if stats.too_hard
        else " — within the grade 6–8 aim for patients."
    )
    return f"{stats.words} words · {stats.minutes} min read · {grade}{warning}"


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Revisions are immutable: viewable, never added, changed or deleted here."""

    list_display = ["article", "number", "created_at", "created_by", "content_hash"]
    list_filter = ["created_at"]
    search_fields = ["article__title", "content_hash"]
    list_select_related = ["article", "created_by"]


# Importing registers the topic and author, feedback, glossary, synonym and translation
# admins.
from . import feedback_admin, glossary_admin, taxonomy_admin, translation_admin  # noqa: E402, F401
