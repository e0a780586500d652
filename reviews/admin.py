from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.admin import ArticleAdmin as BaseArticleAdmin
from articles.diff import revision_diff
from articles.models import Article
from eduportal.admin import ReadOnlyAdminMixin

from . import selectors, services
from .forms import DecisionForm, SubmitForReviewForm, VerifyForm
from .models import (
    ClinicalInterest,
    Position,
    ReminderLog,
    Review,
    ReviewQueueItem,
    SignOff,
    Specialist,
    Specialty,
)


def _error_text(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def _action_form_page(modeladmin, request, queryset, *, form, title, intro, button, action):
    """An intermediate page for an admin action that needs a little input."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "intro": intro,
        "button": button,
        "action": action,
        "form": form,
        "objects": list(queryset),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/reviews/action_form.html", context)


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ClinicalInterest)
class ClinicalInterestAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    fields = ["kind", "title", "department", "institution", "position"]
    verbose_name = "position or programme role"


@admin.register(Specialist)
class SpecialistAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "post_nominals",
        "registration",
        "is_active",
        "registration_valid_until",
        "signs_off",
    ]
    list_filter = ["is_active", "specialties"]
    search_fields = ["full_name", "registration_number", "post_nominals"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["user", "author"]
    filter_horizontal = ["specialties"]
    inlines = [PositionInline]
    actions = ["verify_selected"]
    readonly_fields = [
        "photo_preview",
        "verified_at",
        "verified_by",
        "registration_valid_until",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        (None, {"fields": ["honorific", "full_name", "slug", "post_nominals"]}),
        (
            "Professional registration",
            {
                "fields": ["registration_council", "registration_number"],
                "description": "Changing these clears the verification: it must be checked "
                "again before this clinician can sign off.",
            },
        ),
        ("Expertise", {"fields": ["specialties", "clinical_interests"]}),
        (
            "Profile",
            {"fields": ["photo", "photo_preview", "photo_alt", "bio", "conflict_of_interest"]},
        ),
        ("Links and status", {"fields": ["user", "author", "is_active"]}),
        (
            "Verification",
            {
                "fields": ["verified_at", "verified_by", "registration_valid_until"],
                "description": 'Use the action "Record registration check" in the list.',
            },
        ),
        ("Audit", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(can_sign=Exists(Specialist.objects.verified().filter(pk=OuterRef("pk"))))
        )

    @admin.display(description="registration")
    def registration(self, specialist: Specialist) -> str:
        return f"{specialist.registration_council} {specialist.registration_number}"

    @admin.display(boolean=True, description="can sign off")
    def signs_off(self, specialist: Specialist) -> bool:
        return specialist.can_sign

    @admin.display(description="preview")
    def photo_preview(self, specialist: Specialist) -> str:
        from eduportal.templatetags.eduportal import picture

        if not specialist.photo_renditions:
            return "No photo yet."
        return picture(
            specialist.photo_renditions,
            specialist.photo_alt,
            sizes="10rem",
            css_class="admin-hero-preview",
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {"registration_council", "registration_number"} & set(form.changed_data)
        if change and changed and obj.verified_at is not None:
            services.clear_verification(specialist=obj)
            self.message_user(
                request,
                f"The registration changed, so it must be checked again before {obj} can sign off.",
                messages.WARNING,
            )

    @admin.action(description="Record registration check", permissions=["verify"])
    def verify_selected(self, request, queryset):
        form = VerifyForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for specialist in queryset:
                try:
                    services.verify_specialist(
                        specialist=specialist,
                        by=request.user,
                        valid_until=form.cleaned_data["valid_until"],
                    )
                    done += 1
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(
                        request, f"{specialist}: {_error_text(error)}", messages.ERROR
                    )
            if done:
                self.message_user(
                    request, f"Registration check recorded for {done}.", messages.SUCCESS
                )
            return None
        return _action_form_page(
            self,
            request,
            queryset,
            form=form,
            title="Record registration check",
            intro="You confirm that you checked each clinician's registration on the "
            "council's public register today.",
            button="Record check",
            action="verify_selected",
        )

    def has_verify_permission(self, request) -> bool:
        return request.user.has_perm("reviews.verify_specialist")


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

    list_display = ["article_title", "revision_number", "requested_by", "created_at", "assignment"]
    list_display_links = ["article_title"]
    list_select_related = ["revision", "requested_by", "reviewer"]
    ordering = ["created_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).queue_for(request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": "Articles waiting for your medical review",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

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
        may_decide = request.user.has_perm("reviews.add_signoff")
        form = DecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if not may_decide:
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
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        for field, errors in error.message_dict.items():
                            form.add_error(field if field in form.fields else None, errors)
                    else:
                        form.add_error(None, error.messages)
                except PermissionDenied as error:
                    form.add_error(None, str(error))
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
            request, "admin/reviews/review_decide.html", self._decide_context(request, review, form)
        )

    def _decide_context(self, request, review: Review, form: DecisionForm) -> dict:
        article = review.article
        revision = review.revision
        approved = article.approved_revision
        old = approved if approved and approved.pk != revision.pk else None
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
            "diff": revision_diff(old, revision),
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
            done = 0
            for article in queryset:
                try:
                    with transaction.atomic():
                        services.submit_for_review(
                            article=article, by=request.user, reviewer=form.cleaned_data["reviewer"]
                        )
                    done += 1
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, f"“{article}”: {_error_text(error)}", messages.ERROR)
            if done:
                self.message_user(
                    request,
                    f"{done} article{'s' if done != 1 else ''} sent for medical review.",
                    messages.SUCCESS,
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
