"""The public story pages: the list with its filters, a story, a moderator's preview
and the support page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Case, Count, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from django_countries import countries

from articles.models import Article, Topic
from eduportal import pagecache
from eduportal.i18n import html_lang

from ..models import Helpline, Story
from ..models.languages import (
    LANGUAGE_MAX_LENGTH,
    is_supported,
    language_choices,
    language_name,
    page_language,
)
from ..models.support import helplines_by_country
from .common import (
    SLUG,
)


@method_decorator(pagecache.keep_out_of_shared_caches, name="dispatch")
class StoryListView(pagecache.VersionedCountPaginator, ListView):
    template_name = "stories/story_list.html"
    context_object_name = "stories"
    paginate_by = getattr(settings, "STORIES_PER_PAGE", 24)

    def get_queryset(self):
        queryset = Story.objects.approved().for_cards().newest_first()
        params = self.request.GET
        self.filters: dict[str, str] = {}
        cancer_type = params.get("cancer_type", "").strip()[:80]
        if cancer_type and SLUG.fullmatch(cancer_type):
            self.filters["cancer_type"] = cancer_type
            queryset = queryset.filter(cancer_type__slug=cancer_type)
        status = params.get("status", "").strip()
        if status in Story.Status.values:
            self.filters["status"] = status
            queryset = queryset.filter(status=status)
        country = params.get("country", "").strip().upper()[:2]
        if country and country in countries:
            self.filters["country"] = country
            queryset = queryset.filter(country=country)
        language = params.get("language", "").strip().lower()[:LANGUAGE_MAX_LENGTH]
        if is_supported(language):
            self.filters["language"] = language
            queryset = queryset.filter(language=language)
        else:
            # All languages, the reader's own first, newest first within each.
            queryset = queryset.order_by(
                Case(When(language=page_language(), then=0), default=1),
                "-created_at",
                "-pk",
            )
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choices = SimpleLazyObject(
            lambda: pagecache.memo(
                "story-filter-choices", compute=story_filter_choices, request=self.request
            )
        )
        # Lazy: only read when the page's cached fragment has to be rendered again.
        context["cancer_types"] = SimpleLazyObject(lambda: choices[0])
        context["countries"] = SimpleLazyObject(
            lambda: sorted(
                ((code, countries.name(code)) for code in choices[1]), key=lambda i: i[1]
            )
        )
        context["statuses"] = Story.Status.choices
        context["languages"] = SimpleLazyObject(
            lambda: story_languages(choices[2], chosen=self.filters.get("language", ""))
        )
        context["page_language_name"] = language_name(page_language())
        # Said only when it changes the order: stories in more than one language, some
        # of them in the reader's.
        context["own_language_first"] = SimpleLazyObject(
            lambda: bool(
                "language" not in self.filters
                and len(choices[2]) > 1
                and choices[2].get(page_language())
            )
        )
        context["filters"] = self.filters
        context["query_prefix"] = urlencode(self.filters)
        return context


def story_filter_choices() -> tuple[list[Topic], list[str], dict[str, int]]:
    """The cancer types, countries and languages (with how many stories each) that
    approved stories have, for the filters: two queries."""
    approved = Story.objects.approved()
    cancer_types = list(
        Topic.objects.filter(kind=Topic.Kind.CANCER_TYPE, stories__in=approved).distinct()
    )
    # Countries and languages in one grouped query.
    codes: set[str] = set()
    per_language: dict[str, int] = {}
    groups = approved.order_by().values_list("country", "language").annotate(count=Count("pk"))
    for country, language, count in groups:
        if country:
            codes.add(str(country))
        per_language[language] = per_language.get(language, 0) + count
    return cancer_types, sorted(codes), per_language


@dataclass(frozen=True)
class LanguageOption:
    code: str
    name: str  # in the language itself: "नेपाली"
    count: int

    @property
    def lang(self) -> str:
        return html_lang(self.code)


def story_languages(per_language: dict[str, int], *, chosen: str = "") -> list[LanguageOption]:
    """The languages stories are written in, in the site's order, with their counts (a
    language with no story yet is left out unless it is the one chosen)."""
    return [
        LanguageOption(code, name, per_language.get(code, 0))
        for code, name in language_choices()
        if per_language.get(code) or code == chosen
    ]


@method_decorator(pagecache.keep_out_of_shared_caches, name="dispatch")
class StoryDetailView(pagecache.VersionedObjectMixin, DetailView):
    template_name = "stories/story_detail.html"
    context_object_name = "story"
    preview = False

    def get_queryset(self):
        return Story.objects.approved().select_related("cancer_type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.object
        related = SimpleLazyObject(lambda: related_to_story(story))
        context.update(related_articles=related, preview=self.preview)
        return context


def related_to_story(story: Story) -> list[Article]:
    if not story.cancer_type_id:
        return []
    return list(
        Article.objects.published()
        .for_cards()
        .filter(topics=story.cancer_type_id)
        .newest_first()[:3]
    )


@method_decorator(never_cache, name="dispatch")
class StoryPreviewView(StoryDetailView):
    """Moderators see a story of any status exactly as the public page shows it."""

    preview = True

    def get_queryset(self):
        return Story.objects.select_related("cancer_type")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


def support(request: HttpRequest) -> HttpResponse:
    """Get support: helplines editors keep, by country, with lines for any country."""
    helplines = list(Helpline.objects.active())
    codes = sorted(
        {h.country.code for h in helplines if h.country}, key=lambda c: countries.name(c)
    )
    country = request.GET.get("country", "").strip().upper()[:2]
    if country not in codes:
        country = ""
    shown = [h for h in helplines if not country or h.country.code in {country, ""}]
    return render(
        request,
        "stories/support.html",
        {
            "groups": helplines_by_country(shown, first=country),
            "countries": [(code, countries.name(code)) for code in codes],
            "country": country,
        },
    )
