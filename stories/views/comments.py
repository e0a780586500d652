"""Readers' comments on articles, and unsubscribing from reply emails."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from eduportal.csrf import public_form_view, refuse_unproven

from .. import ratelimit, services
from ..forms import CommentForm
from ..models import Comment
from .common import (
    SESSION_COMMENT,
    _rate_limit,
    _read_post,
    _refuse,
)


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
