import logging
import time

from django.contrib.flatpages.middleware import (
    FlatpageFallbackMiddleware as BaseFlatpageFallbackMiddleware,
)
from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger("eduportal.request")
# Address parts that are secrets (a sharer's private link): logged as "…".
SECRET_URL_ARGUMENTS = {"token"}


def loggable_path(request) -> str:
    """The path, with secret parts of the address left out."""
    match = getattr(request, "resolver_match", None)
    path = request.path
    if match is not None:
        for name in SECRET_URL_ARGUMENTS & set(match.kwargs):
            value = str(match.kwargs[name])
            if value:
                path = path.replace(value, "…")
    return path


class RequestLogMiddleware:
    """Writes one structured log line per request: method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": loggable_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class ReadAgainAfterLostDatabaseMiddleware:
    """A page read (GET or HEAD) whose database connection was lost under it (the
    server restarted, failed over or ended the connection mid-request) is read once
    more on a fresh connection, so the reader gets the page, not an error page.
    CONN_HEALTH_CHECKS already catches a connection that died between requests; this
    catches one that dies during a request. Writes are never repeated: a lost POST may
    or may not have been saved, so it still fails and its form is sent again by hand.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        match = getattr(request, "resolver_match", None)
        if request.method not in {"GET", "HEAD"} or match is None:
            return None
        if getattr(request, "_read_again", False):
            return None
        opened = connections.all(initialized_only=True)
        if any(connection.in_atomic_block for connection in opened):
            return None  # inside someone's transaction: not ours to end
        for connection in opened:
            connection.close()
        request._read_again = True
        logger.warning(
            "database_connection_lost_read_again",
            extra={"path": loggable_path(request), "error": type(exception).__name__},
        )
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response


class FlatpageFallbackMiddleware(BaseFlatpageFallbackMiddleware):
    """Django's flat-page fallback for 404s, except for addresses holding a NUL
    character (no flat page can have one, and PostgreSQL refuses to even look) and
    addresses inside an app's URL space: a 404 under /articles/ stays a 404, never a
    site page dressed as an article (eduportal/sitepages.py)."""

    def process_response(self, request, response):
        if response.status_code != 404 or "\x00" in request.path_info:
            return response
        from eduportal.sitepages import address_conflict

        if address_conflict(request.path_info):
            return response
        return super().process_response(request, response)
