"""CSRF protection for the forms on cached public pages (comments, feedback).

A cached page is the same bytes for every visitor, so it cannot carry a CSRF token: a
token in it would be one visitor's token shown to the next (and Django would refuse it,
since it no longer matches their cookie). Those forms are protected the way the
browser itself lets us: a POST is accepted when the browser says it comes from this
site (the `Origin` header, or `Sec-Fetch-Site: same-origin` where a browser sends no
Origin), or when it carries a valid Django token (the forms re-shown after an error
carry one, since those pages are never cached). Everything else is refused — a
cross-site form, a forged `Origin: null`, a script without either — and the view shows
the person their text again with a fresh token, so nothing they wrote is lost.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

_token_check = CsrfViewMiddleware(lambda request: None)


def comes_from_this_site(request: HttpRequest) -> bool:
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
    if origin == "null":
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or origin in set(
        settings.CSRF_TRUSTED_ORIGINS
    )


def has_valid_token(request: HttpRequest) -> bool:
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return True  # Django's test client without enforce_csrf_checks, as for the middleware
    if "csrfmiddlewaretoken" not in request.POST and "HTTP_X_CSRFTOKEN" not in request.META:
        return False
    return _token_check.process_view(request, None, (), {}) is None


def public_form_view(view):
    """For POST views whose form sits on a cached page. Sets `request.form_refused`
    instead of answering 403, so the view can show the person their text again."""

    @csrf_exempt
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs):
        request.form_refused = request.method == "POST" and not (
            comes_from_this_site(request) or has_valid_token(request)
        )
        return view(request, *args, **kwargs)

    return checked


def refuse_unproven(request: HttpRequest, form) -> bool:
    """True when public_form_view refused the request; the form then carries the
    explanation, with the person's text kept for sending again."""
    if not getattr(request, "form_refused", False):
        return False
    form.is_valid()
    form.add_error(None, REFUSED_MESSAGE)
    return True


REFUSED_MESSAGE = gettext_lazy(
    "For your safety we could not accept this form as it was sent. Nothing you wrote has "
    "been published or sent. Your text is below: please check it and send it again."
)
