from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from articles.models import Article
from eduportal import pagecache

from .models import ClinicalInterest, SignOff, Specialist, Specialty
from .structured_data import specialist_json_ld


class SpecialistListView(ListView):
    """The directory, filterable by specialty and clinical interest."""

    template_name = "reviews/specialist_list.html"
    context_object_name = "specialists"
    paginate_by = 24

    def get_queryset(self):
        queryset = Specialist.objects.public().for_cards().order_by("full_name", "pk")
        self.specialty = self.interest = None
        specialty_slug = self.request.GET.get("specialty", "").strip()[:80]
        interest_slug = self.request.GET.get("interest", "").strip()[:100]
        # No slug holds a NUL character, and PostgreSQL refuses one in a query.
        if specialty_slug:
            if "\x00" not in specialty_slug:
                self.specialty = Specialty.objects.filter(slug=specialty_slug).first()
            if self.specialty is None:
                raise Http404("No such specialty.")
            queryset = queryset.filter(specialties=self.specialty)
        if interest_slug:
            if "\x00" not in interest_slug:
                self.interest = ClinicalInterest.objects.filter(slug=interest_slug).first()
            if self.interest is None:
                raise Http404("No such clinical interest.")
            queryset = queryset.filter(tagged_interests__tag=self.interest)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Specialist.objects.public()
        context["specialty"] = self.specialty
        context["interest"] = self.interest
        context["specialties"] = list(
            Specialty.objects.annotate(
                listed=Count("specialists", filter=Q(specialists__in=public), distinct=True)
            ).filter(listed__gt=0)
        )
        context["interests"] = list(
            ClinicalInterest.objects.filter(tagged_specialists__content_object__in=public)
            .distinct()
            .order_by("name")
        )
        params = []
        if self.specialty:
            params.append(f"specialty={self.specialty.slug}")
        if self.interest:
            params.append(f"interest={self.interest.slug}")
        context["query_prefix"] = "&".join(params)
        return context


class SpecialistDetailView(pagecache.VersionedObjectMixin, DetailView):
    template_name = "reviews/specialist_detail.html"
    context_object_name = "specialist"

    def get_queryset(self):
        return (
            Specialist.objects.public()
            .with_current_check()
            .select_related("author")
            .prefetch_related("specialties")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        specialist = self.object
        published = Article.objects.published().for_cards().newest_first()
        # Lazy: read only when the page's cached fragment has to be rendered again.
        context["written"] = SimpleLazyObject(
            lambda: (
                list(published.filter(author_id=specialist.author_id))
                if specialist.author_id
                else []
            )
        )
        context["reviewed"] = SimpleLazyObject(
            lambda: list(
                published.filter(
                    pk__in=SignOff.objects.approvals()
                    .filter(specialist=specialist)
                    .values("article")
                )
            )
        )
        context["json_ld"] = lambda: specialist_json_ld(specialist, self.request)
        return context


def article_history(request: HttpRequest, slug: str) -> HttpResponse:
    """The public change history: each approved version, when, and by whom."""
    article = get_object_or_404(
        Article.objects.published().select_related("approved_revision"), slug=slug
    )
    approvals = list(
        article.signoffs.approvals()
        .select_related("revision", "specialist")
        .annotate(
            signer_is_public=Exists(
                Specialist.objects.public().filter(pk=OuterRef("specialist_id"))
            )
        )
        .latest_first()
    )
    return render(
        request,
        "reviews/article_history.html",
        {"article": article, "revision": article.approved_revision, "approvals": approvals},
    )
