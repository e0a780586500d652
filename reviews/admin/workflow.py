"""Review requests, the reviewer's queue, sign-offs and reminders."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import services as article_services
from articles.diff import review_changes
from eduportal.admin import ReadOnlyAdminMixin, add_refusal_to_form

from .. import identity, selectors, services
from ..forms import DecisionForm
from ..models import (
    ReminderLog,
    Review,
    ReviewQueueItem,
    SignOff,
)


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every review request, for editors. Requests are made with the article action
    "Submit for medical review"; decisions are made from "My review queue"."""

    list_display = [
        "article",
        "revision_number",
        "reviewer",
        "requested_by",
        "status",
        "created_at",
        "closed_at",
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["article__title"]
    list_select_related = ["article", "revision", "reviewer", "requested_by"]
    fields = [
        "article",
        "revision",
        "reviewer",
        "requested_by",
        "status",
        "created_at",
        "closed_at",
    ]
    readonly_fields = fields

    @admin.display(description="revision")
    def revision_number(self, review: Review) -> int:
        return review.revision.number


@admin.register(ReviewQueueItem)
class ReviewQueueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The reviewer's queue: open reviews assigned to them or to nobody. Opening one
    shows the text as it will be published, the changes, and the decision form."""

    list_display = ["article_title", "revision_number", "requested_by", "created_at", "assignment",
                    "due"]  # fmt: skip
    list_display_links = ["article_title"]
    list_select_related = ["revision", "requested_by", "reviewer"]
    ordering = ["created_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).queue_for(request.user).with_article_review_due()

    def changelist_view(self, request, extra_context=None):
        # Before they open an article: whether they may sign off at all, and why not.
        extra_context = {
            "title": "Articles waiting for your medical review",
            "standing": identity.standing_of(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="decision due")
    def due(self, review: Review):
        due = review.due_on()
        if due < timezone.localdate():
            return format_html('<strong class="review-overdue">Overdue since {}</strong>', due)
        return due

    @admin.display(description="article")
    def article_title(self, review: Review) -> str:
        return review.revision.title

    @admin.display(description="revision")
    def revision_number(self, review: Review) -> int:
        return review.revision.number

    @admin.display(description="assigned to")
    def assignment(self, review: Review) -> str:
        return "You" if review.reviewer_id else "Any reviewer"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review = self.get_object(request, object_id)
        if review is None:
            raise Http404("This review is not in your queue (it may have been decided).")
        if not self.has_view_permission(request, review):
            raise PermissionDenied
        standing = identity.standing_of(request.user)
        may_add = request.user.has_perm("reviews.add_signoff")
        # The form is shown only to someone who may sign off today; a post from anyone
        # else is refused by the service with the reasons, as a form error.
        may_decide = may_add and standing.may_sign_off
        form = DecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if not may_add:
                raise PermissionDenied
            if form.is_valid():
                try:
                    signoff = services.sign_off(
                        review=review,
                        reviewer=request.user,
                        decision=form.cleaned_data["decision"],
                        comment=form.cleaned_data["comment"],
                        public=form.cleaned_data["public_note"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    add_refusal_to_form(form, error)
                else:
                    verb = (
                        "approved"
                        if signoff.decision == SignOff.Decision.APPROVE
                        else "sent back with your request for changes"
                    )
                    self.message_user(
                        request, f"“{signoff.revision.title}” {verb}.", messages.SUCCESS
                    )
                    return redirect("admin:reviews_reviewqueueitem_changelist")
        return TemplateResponse(
            request,
            "admin/reviews/review_decide.html",
            {**self._decide_context(request, review, form), "standing": standing,
             "may_decide": may_decide},
        )  # fmt: skip

    def _decide_context(self, request, review: Review, form: DecisionForm) -> dict:
        article = review.article
        revision = review.revision
        approved = article.approved_revision
        old = approved if approved and approved.pk != revision.pk else None
        latest = article_services.latest_revision(article)
        preview = reverse("articles:preview", kwargs={"slug": article.slug})
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Review “{revision.title}”",
            "review": review,
            "article": article,
            "revision": revision,
            "approved": approved,
            "unchanged": approved is not None and approved.pk == revision.pk,
            "old": old,
            "changes": review_changes(old, revision),
            # A later edit made this review stale: nothing it says may be approved.
            "stale": latest is not None and latest.pk != revision.pk,
            "latest": latest,
            "preview_url": f"{preview}?revision={revision.number}",
            "history": article.signoffs.select_related("revision").latest_first()[:10],
            "form": form,
            "may_decide": request.user.has_perm("reviews.add_signoff"),
        }


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review due"
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        return [("soon", "Due in 30 days"), ("overdue", "Overdue")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + timedelta(days=selectors.DUE_SOON_DAYS),
            )
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        return queryset


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sign-offs are append-only: nobody, superusers included, changes or deletes one."""

    list_display = [
        "article",
        "revision_number",
        "decision",
        "reviewer_name_snapshot",
        "signed_at",
        "next_review_due",
    ]
    list_filter = ["decision", "signed_at"]
    search_fields = ["article__title", "reviewer_name_snapshot", "content_hash"]
    list_select_related = ["article", "revision"]
    date_hierarchy = "signed_at"

    @admin.display(description="revision")
    def revision_number(self, signoff: SignOff) -> int:
        return signoff.revision.number

    def get_actions(self, request):
        return {}


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["article", "kind", "due_date", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["article"]
