"""Translations in the admin: editors and translators write them (each save records a
new immutable revision through articles.translations), everyone with view permission
reads the revisions, and editors mark English changes as safety-relevant.

Sign-offs are the reviews app's (reviews/admin/translations.py). The side-by-side
translator's desk builds on these admins.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from eduportal.admin import ReadOnlyAdminMixin, RefusedSaveAsFormErrorMixin, SaveRefused

from . import translations
from .models import (
    ArticleTranslation,
    SafetyRelevantChange,
    TranslationRevision,
)
from .models.translations import TRANSLATED_FIELDS


class TranslationForm(forms.ModelForm):
    """The translator's text. Not stored on the translation itself: each save becomes a
    new TranslationRevision (articles.translations.save_translation_revision)."""

    title = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Markdown, as in the English text. Keep each picture line's address as "
        "it is in English and translate its alt text and caption; keep the [^1] "
        "reference marks.",
    )
    questions = forms.CharField(
        label="questions to ask your care team",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One question per line.",
    )
    seo_title = forms.CharField(label="SEO title", max_length=70, required=False)
    seo_description = forms.CharField(label="SEO description", max_length=160, required=False)
    hero_alt = forms.CharField(
        label="hero image alt text",
        max_length=250,
        required=False,
        help_text="Describe the English page's hero picture in this language. Required when "
        "the article has one.",
    )

    class Meta:
        model = ArticleTranslation
        fields = ["article", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            latest = translations.latest_translation_revision(self.instance)
            if latest is not None:
                for name in TRANSLATED_FIELDS:
                    value = getattr(latest, name)
                    self.initial[name] = "\n".join(value) if name == "questions" else value

    def translated_content(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in TRANSLATED_FIELDS}


class TranslationRevisionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TranslationRevision
    extra = 0
    fields = ["number", "source_number", "created_at", "created_by", "decision", "links"]
    readonly_fields = fields
    verbose_name_plural = "revisions"
    classes = ["collapse"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source_revision", "created_by")
            .prefetch_related("signoffs")
        )

    @admin.display(description="English revision")
    def source_number(self, revision: TranslationRevision) -> int:
        return revision.source_revision.number

    @admin.display(description="decision")
    def decision(self, revision: TranslationRevision) -> str:
        signoffs = list(revision.signoffs.all())
        if not signoffs:
            return "Waiting for a clinician with this language"
        signoff = signoffs[0]
        return f"{signoff.get_decision_display()} by {signoff.reviewer_with_credentials}"

    @admin.display(description="")
    def links(self, revision: TranslationRevision) -> str:
        view = reverse("admin:articles_translationrevision_change", args=[revision.pk])
        sign_off = reverse("admin:reviews_translationsignoff_add") + f"?revision={revision.pk}"
        return format_html('<a href="{}">View</a> · <a href="{}">Sign off</a>', view, sign_off)


class TranslationStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("public", "On the site"),
            ("out_of_date", "Follows an older English text"),
            ("withdrawn", "Withdrawn until re-reviewed"),
            ("unapproved", "Never approved"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.filter(pk__in=ArticleTranslation.objects.public().values("pk"))
        if self.value() == "out_of_date":
            return queryset.out_of_date()
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        if self.value() == "unapproved":
            return queryset.filter(approved_revision__isnull=True)
        return queryset


@admin.register(ArticleTranslation)
class ArticleTranslationAdmin(RefusedSaveAsFormErrorMixin, admin.ModelAdmin):
    form = TranslationForm
    list_display = ["article", "language", "state", "latest_revision", "modified_at"]
    list_filter = ["language", TranslationStateFilter]
    search_fields = ["article__title", "revisions__title"]
    list_select_related = ["article__approved_revision", "approved_revision__source_revision"]
    autocomplete_fields = ["article"]
    inlines = [TranslationRevisionInline]
    readonly_fields = ["state", "approved_revision_link", "withdrawn_at", "withdrawn_reason"]
    fieldsets = [
        (None, {"fields": ["article", "language", "state"]}),
        (
            "Translated text",
            {
                "fields": ["title", "summary", "body", "questions"],
                "description": "Saving records a new revision of the translation, bound to "
                "the article's current approved English text. It reaches the site only when "
                "a clinician who reviews in this language signs off that exact revision.",
            },
        ),
        ("Hero image and search engines", {"fields": ["hero_alt", "seo_title", "seo_description"]}),
        (
            "What the public sees",
            {"fields": ["approved_revision_link", "withdrawn_at", "withdrawn_reason"]},
        ),
    ]

    def get_queryset(self, request):
        latest = (
            TranslationRevision.objects.filter(translation=OuterRef("pk"))
            .order_by("-number")
            .values("number")[:1]
        )
        return super().get_queryset(request).annotate(latest_number=Subquery(latest)).distinct()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["article", "language"]
        return fields

    @admin.display(description="state")
    def state(self, translation: ArticleTranslation) -> str:
        if translation.pk is None:
            return "New"
        if translation.withdrawn_at is not None:
            return "Withdrawn until re-reviewed"
        if translation.approved_revision_id is None:
            return "Never approved"
        if translation.is_out_of_date:
            return "Out of date: follows an older English text"
        return "Up to date"

    @admin.display(description="latest revision", ordering="latest_number")
    def latest_revision(self, translation: ArticleTranslation):
        return getattr(translation, "latest_number", None) or "—"

    @admin.display(description="approved text")
    def approved_revision_link(self, translation: ArticleTranslation) -> str:
        revision = translation.approved_revision
        if revision is None:
            return "None yet: the public does not see this translation."
        url = reverse("admin:articles_translationrevision_change", args=[revision.pk])
        return format_html(
            '<a href="{}">Revision {}</a>, translating English revision {}',
            url,
            revision.number,
            revision.source_revision.number,
        )

    def save_model(self, request, obj, form, change):
        try:
            revision = translations.save_translation_revision(
                content=form.translated_content(),
                by=request.user,
                **(
                    {"translation": obj}
                    if change
                    else {"article": obj.article, "language": obj.language}
                ),
            )
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error
        # The service made (or found) the translation; the admin's redirect needs it.
        saved = revision.translation
        obj.pk, obj._state.adding = saved.pk, False
        obj.approved_revision_id = saved.approved_revision_id


@admin.register(TranslationRevision)
class TranslationRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Translation revisions are immutable: viewable, never added, changed or deleted."""

    list_display = ["translation", "number", "source_revision", "created_at", "created_by"]
    list_filter = ["translation__language", "created_at"]
    search_fields = ["title", "translation__article__title", "content_hash"]
    list_select_related = ["translation__article", "source_revision", "created_by"]
    fields = [
        "translation",
        "number",
        "source_revision",
        "title",
        "summary",
        "body",
        "questions_list",
        "hero_alt",
        "seo_title",
        "seo_description",
        "content_hash",
        "created_at",
        "created_by",
    ]
    readonly_fields = fields

    @admin.display(description="questions to ask your care team")
    def questions_list(self, revision: TranslationRevision) -> str:
        if not revision.questions:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((q,) for q in revision.questions))
        )


class SafetyRelevantChangeForm(forms.ModelForm):
    class Meta:
        model = SafetyRelevantChange
        fields = ["revision", "reason"]


@admin.register(SafetyRelevantChange)
class SafetyRelevantChangeAdmin(RefusedSaveAsFormErrorMixin, admin.ModelAdmin):
    """An editor marks an English revision as safety-relevant (articles.translations
    .mark_safety_relevant): once it is the approved text, translations of older English
    text leave the site until re-reviewed. Marks are kept: never changed or deleted."""

    form = SafetyRelevantChangeForm
    list_display = ["revision", "reason", "marked_by", "marked_at"]
    list_select_related = ["revision__article", "marked_by"]
    search_fields = ["revision__article__title", "reason"]
    autocomplete_fields = ["revision"]

    def get_readonly_fields(self, request, obj=None):
        return ["revision", "reason", "marked_by", "marked_at"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            mark = translations.mark_safety_relevant(
                revision=obj.revision, by=request.user, reason=obj.reason
            )
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error
        obj.pk, obj._state.adding = mark.pk, False
