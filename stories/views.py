from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.db.models import Case, Count, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView
from django_countries import countries

from articles.models import Article, Topic
from eduportal import pagecache
from eduportal.csrf import public_form_view, refuse_unproven
from eduportal.i18n import html_lang

from . import ratelimit, services
from .forms import CommentForm, ResendLinkForm, StoryEditForm, StoryForm, WithdrawForm
from .models import Comment, Helpline, Story
from .models.languages import (
    LANGUAGE_MAX_LENGTH,
    is_supported,
    language_choices,
    language_name,
    page_language,
)
from .models.support import helplines_by_country

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# A story with the largest photo we take (10 MB) fits well within this.
MAX_SHARE_REQUEST_BYTES = 12 * 1024 * 1024
SESSION_STORY = "stories_sent"
SESSION_COMMENT = "stories_comment_sent"
SESSION_EDIT_CRISIS = "stories_edit_crisis"
SESSION_LINK_SENT = "stories_link_sent"


def _rate_limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _refuse(request: HttpRequest, reason: str, status: int, **context) -> HttpResponse:
    return render(request, "stories/refused.html", {"reason": reason, **context}, status=status)


def _read_post(request: HttpRequest, limit: int = MAX_SHARE_REQUEST_BYTES) -> HttpResponse | None:
    """Parse the request body, turning oversized requests into a kind page, not a 500."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return _refuse(request, "too_large", 413)
    try:
        request.POST  # noqa: B018 - parse now, so size errors surface here
        request.FILES  # noqa: B018
    except (RequestDataTooBig, TooManyFieldsSent):
        return _refuse(request, "too_large", 413)
    return None


@never_cache
def share(request: HttpRequest) -> HttpResponse:
    limit = _rate_limit("STORIES_RATE_LIMIT", 5)
    if request.method != "POST":
        return render(request, "stories/share.html", {"form": StoryForm()})
    if refused := _read_post(request):
        return refused
    # Reserved before anything is checked and given back unless a story is saved, so
    # concurrent posts can never take more than the limit.
    reservation = ratelimit.reserve("share", request, limit)
    if not reservation.allowed:
        return _refuse(request, "rate_limited", 429, limit=limit)
    form = StoryForm(request.POST, request.FILES)
    if form.honeypot_filled():
        return _refuse(request, "honeypot", 400)
    saved = False
    try:
        if form.is_valid():
            try:
                _story, screening = services.submit_story(
                    data=form.story_data(), photo=form.cleaned_data.get("photo")
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                saved = True
    finally:
        if not saved:
            reservation.release()
    if saved:
        request.session[SESSION_STORY] = {"crisis": bool(screening.crisis)}
        return redirect("stories:thanks")
    return render(request, "stories/share.html", {"form": form})


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    sent = request.session.pop(SESSION_STORY, None) or {}
    return render(
        request, "stories/thanks.html", {"crisis": bool(sent.get("crisis")), "sent": bool(sent)}
    )


# Story pages stay out of shared caches in front of the app (nginx's micro-cache): a
# withdrawn story must be gone at once (eduportal.pagecache.keep_out_of_shared_caches).
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


def _manage_story(token: str) -> tuple[Story | None, bool]:
    """The story of a private link, and whether the link was real but expired."""
    try:
        return services.story_from_token(token), False
    except services.LinkExpired:
        return None, True


def _private(response: HttpResponse) -> HttpResponse:
    # The address holds the sharer's private token: keep it out of caches, search
    # engines and other sites' logs.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _manage_page(
    request, story, token, *, edit_form=None, withdraw_form=None, status=200, crisis=False
):
    context = {
        "story": story,
        "token": token,
        "crisis": crisis,
        "edit_form": edit_form or (StoryEditForm(story=story) if not story.is_withdrawn else None),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return _private(render(request, "stories/manage.html", context, status=status))


def _invalid_link(request, expired: bool = False) -> HttpResponse:
    if expired:
        days = _rate_limit("STORIES_LINK_MAX_AGE_DAYS", 180)
        return _private(_refuse(request, "expired_link", 410, link_days=days))
    return _private(_refuse(request, "bad_link", 404))


@never_cache
def manage(request: HttpRequest, token: str) -> HttpResponse:
    story, expired = _manage_story(token)
    if story is None:
        return _invalid_link(request, expired)
    # Support information, once, right after an edit that mentions a crisis.
    crisis = request.session.pop(SESSION_EDIT_CRISIS, None) == story.pk
    return _manage_page(request, story, token, crisis=crisis)


@never_cache
@require_POST
def manage_edit(request: HttpRequest, token: str) -> HttpResponse:
    story, expired = _manage_story(token)
    if story is None:
        return _invalid_link(request, expired)
    if refused := _read_post(request):
        return _private(refused)
    if story.is_withdrawn:
        return _manage_page(request, story, token, status=409)
    form = StoryEditForm(request.POST, request.FILES, story=story)
    if form.honeypot_filled():
        return _private(_refuse(request, "honeypot", 400))
    if form.is_valid():
        try:
            _story, screening = services.edit_story(
                story=story,
                data=form.story_data(),
                photo=form.cleaned_data.get("photo"),
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if screening.crisis:
                request.session[SESSION_EDIT_CRISIS] = story.pk
            messages.success(
                request,
                _(
                    "Thank you. Your changes are saved. A moderator will read your story "
                    "again before it appears."
                ),
            )
            return redirect("stories:manage", token=token)
    return _manage_page(request, story, token, edit_form=form, status=200)


@never_cache
@require_POST
def manage_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    story, expired = _manage_story(token)
    if story is None:
        return _invalid_link(request, expired)
    form = WithdrawForm(request.POST)
    if story.is_withdrawn:
        return redirect("stories:manage", token=token)
    if not form.is_valid():
        return _manage_page(request, story, token, withdraw_form=form)
    services.withdraw_story(story=story)
    messages.success(
        request,
        _("Your story has been withdrawn. We have deleted its text, your details and your photo."),
    )
    return redirect("stories:manage", token=token)


@public_form_view
@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.published().select_related("approved_revision"), slug=slug
    )
    if refused := _read_post(request, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
        return refused
    limit = _rate_limit("COMMENTS_RATE_LIMIT", 10)
    reservation = ratelimit.reserve("comment", request, limit)
    if not reservation.allowed:
        return _refuse(request, "rate_limited", 429, limit=limit, article=article)
    form = CommentForm(request.POST)
    if form.honeypot_filled():
        return _refuse(request, "honeypot", 400, article=article)
    refused = refuse_unproven(request, form)
    saved = None
    try:
        if not refused:
            saved = _save_comment(form, article)
    finally:
        if saved is None:
            reservation.release()
    if saved is not None:
        saved_comment, screening = saved
        request.session[SESSION_COMMENT] = {
            "crisis": bool(screening.crisis),
            "published": saved_comment.is_public(),
            "article": article.pk,
        }
        return redirect("stories:comment-sent")
    return render(
        request,
        "stories/comment_error.html",
        {"article": article, "comment_form": form, "form_token": True},
        status=403 if refused else 400,
    )


def _save_comment(form: CommentForm, article: Article):
    """The comment and its screening, or None with the errors on the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    parent = None
    if data.get("parent"):
        parent = Comment.objects.filter(pk=data["parent"], article=article).first()
        if parent is None:
            form.add_error(None, _("The comment you replied to is no longer shown."))
            return None
    try:
        return services.submit_comment(
            article=article,
            parent=parent,
            name=data["name"],
            email=data["email"],
            body=data["body"],
            consent_privacy=data["consent_privacy"],
            email_updates=data["email_updates"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@never_cache
def comment_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.pop(SESSION_COMMENT, None) or {}
    article = None
    if sent.get("article"):
        article = (
            Article.objects.published()
            .select_related("approved_revision")
            .filter(pk=sent["article"])
            .first()
        )
    return render(
        request,
        "stories/comment_sent.html",
        {
            "crisis": bool(sent.get("crisis")),
            "published": bool(sent.get("published")),
            "article": article,
        },
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


@never_cache
@csrf_exempt  # The signed token is the secret; mail programs post without a CSRF token.
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from comment emails. A GET (a person opening the link, or
    a mail scanner) only shows the button; a POST — the button, or the mail program's
    own unsubscribe (RFC 8058: body "List-Unsubscribe=One-Click") — unsubscribes."""
    email = services.email_from_unsubscribe_token(token)
    if email is None:
        return render(request, "stories/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.unsubscribe_commenter(email=email)
        return render(request, "stories/unsubscribe.html", {"done": True})
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return render(request, "stories/unsubscribe.html", {"token": token})


@never_cache
def resend_link(request: HttpRequest) -> HttpResponse:
    """ "Send me my link again". The answer is the same whether or not we know the
    address, so the form cannot be used to find out who shared a story."""
    if request.method != "POST":
        return render(request, "stories/resend_link.html", {"form": ResendLinkForm()})
    limit = _rate_limit("STORIES_LINK_RESEND_RATE_LIMIT", 5)
    reservation = ratelimit.reserve("link", request, limit)
    if not reservation.allowed:
        return render(request, "429.html", {"limit": limit}, status=429)
    form = ResendLinkForm(request.POST)
    if form.honeypot_filled():
        return _refuse(request, "honeypot", 400)
    if not form.is_valid():
        reservation.release()
        return render(request, "stories/resend_link.html", {"form": form})
    email = form.cleaned_data["email"]
    # However many requests, one address receives a few emails an hour at most.
    per_address = ratelimit.reserve(
        "link-email",
        request,
        _rate_limit("STORIES_LINK_RESEND_PER_EMAIL", 3),
        subject=email.strip().lower(),
    )
    if per_address.allowed:
        services.send_fresh_links(email=email)
    request.session[SESSION_LINK_SENT] = True
    return redirect("stories:resend-link-sent")


@never_cache
def resend_link_sent(request: HttpRequest) -> HttpResponse:
    sent = bool(request.session.pop(SESSION_LINK_SENT, False))
    return render(request, "stories/resend_link_sent.html", {"sent": sent})
