import logging

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from eduportal.site import absolute_url

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("healthz: database unavailable", extra={"error": str(error)[:200]})
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid security token (an old page, or
    cookies blocked). The reason stays in the log, not on the page."""
    return _error_page(request, "403_csrf.html", 403)


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # The request may be what is wrong (a bad Host header, for instance), so the page
    # must not depend on it beyond the basics.
    from django.template import loader

    try:
        return render(request, template, status=status)
    except Exception:  # the error page itself must never become a 500
        logger.exception("error page failed to render", extra={"template": template})
        return HttpResponse(loader.get_template(template).render(), status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a RequestContext on purpose: the error may come from a
    # context processor or the database, and this page must still show.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /stories/share/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name exists only after collectstatic.
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
