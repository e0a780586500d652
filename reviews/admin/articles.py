"""The article admin, extended with the review workflow."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from articles.admin import ArticleAdmin as BaseArticleAdmin
from articles.models import Article
from eduportal.admin import ReadOnlyAdminMixin, run_service_for_each

from .. import selectors, services
from ..forms import SubmitForReviewForm
from ..models import (
    SignOff,
)
from .common import _action_form_page
from .workflow import ReviewDueFilter


class SignOffInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The article's review history: read-only, newest first."""

    model = SignOff
    fk_name = "article"
    extra = 0
    can_delete = False
    fields = [
        "signed_at",
        "revision",
        "decision",
        "reviewer_name_snapshot",
        "comment",
        "public_note",
        "next_review_due",
    ]
    readonly_fields = fields
    ordering = ["-signed_at"]
    verbose_name_plural = "medical review history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "revision")


# The article admin gains the review workflow: subclass articles' admin and register it
# again, so articles/admin.py needs no knowledge of reviews.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleAdmin(BaseArticleAdmin):
    actions = [*BaseArticleAdmin.actions, "submit_for_review"]
    inlines = [*BaseArticleAdmin.inlines, SignOffInline]
    list_display = [*BaseArticleAdmin.list_display, "review_due"]
    list_filter = [*BaseArticleAdmin.list_filter, ReviewDueFilter]

    def get_queryset(self, request):
        return selectors.with_next_review_due(super().get_queryset(request))

    @admin.display(description="next review due", ordering="next_review_due")
    def review_due(self, article: Article):
        due = getattr(article, "next_review_due", None)
        if due is None:
            return "—"
        if due < timezone.localdate():
            return format_html('<strong class="review-overdue">Overdue since {}</strong>', due)
        return due

    @admin.action(description="Submit for medical review", permissions=["submit_review"])
    def submit_for_review(self, request, queryset):
        form = SubmitForReviewForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            reviewer = form.cleaned_data["reviewer"]
            run_service_for_each(
                self,
                request,
                queryset,
                lambda article: services.submit_for_review(
                    article=article, by=request.user, reviewer=reviewer
                ),
                done=(
                    "{count} article sent for medical review.",
                    "{count} articles sent for medical review.",
                ),
            )
            return None
        return _action_form_page(
            self,
            request,
            queryset,
            form=form,
            title="Submit for medical review",
            intro="The current text of each article is saved as a new revision and sent "
            "to a clinician. Published articles keep showing their approved text until "
            "the new revision is approved.",
            button="Send for review",
            action="submit_for_review",
        )

    def has_submit_review_permission(self, request) -> bool:
        return request.user.has_perm("reviews.add_review")
