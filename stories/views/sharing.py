"""A survivor shares a story, and manages it later through the private link we email them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import ratelimit, services
from ..forms import ResendLinkForm, StoryEditForm, StoryForm, WithdrawForm
from ..models import Story
from .common import (
    SESSION_EDIT_CRISIS,
    SESSION_LINK_SENT,
    SESSION_STORY,
    _rate_limit,
    _read_post,
    _refuse,
)


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
