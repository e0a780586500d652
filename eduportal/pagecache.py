"""The public-page cache and its exact invalidation: the one module that knows about both.

How it stays exact
------------------
Every cached page and fragment key carries the site's *content version*, a counter kept
in the shared cache (Redis in production, so every app server and worker sees the same
number). Any change the public could see — an approval, publication, archive, a story or
comment decision, a specialist, topic or author edit — bumps it after the transaction
commits (`invalidate_*` below, called by the service functions). Keys built with the
old number are never read again: the purge is one atomic `INCR`, whatever the number of
pages, and a stale page cannot outlive the commit that changed it.

Comments only change their own article's page, so an article also has its own counter
(`invalidate_article_comments`) and approving a comment leaves the rest of the site
cached.

Time also changes what the public sees: a scheduled article goes live at its
`published_at`, and review dates and registrations expire by the day. The version record
holds the next scheduled publication; the first request at or after that moment bumps
the version (so there is no stale window at all, beyond clock skew between servers), and
keys include today's date.

The proxy in front reads the same numbers
-----------------------------------------
nginx's micro-cache (deploy/nginx/micro-cache.conf) reads the site version, the next
scheduled publication and the path counter from Redis before each lookup and puts them
in its own cache key, so a change drops nginx's copies at the same moment as ours. For
that the three are plain integers in Redis (Django stores an int as its digits; the due
time is in milliseconds) and a path counter is named by the path's MD5, which nginx
computes too. With such a proxy, `PAGE_CACHE_PROXY_FOLLOWS_VERSION` lets it keep story
pages as well (`X-Accel-Expires`, read and removed by nginx), while the `Cache-Control`
that CDNs and other shared caches read still keeps story pages out of them.

What is never cached
--------------------
Only anonymous GET/HEAD requests without a session or messages cookie are served from or
stored in the cache (a logged-in editor always gets a fresh page, and never stores one),
and only 200 responses that set no cookie, did not touch the session or a CSRF token
(`Vary: Cookie`) and are not marked private/no-store. Pages that carry forms for
everyone (comments, feedback) carry no CSRF token: those views check the request's
Origin instead (eduportal.csrf), so one visitor's token is never shown to another.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)

# Read by nginx too (deploy/nginx/micro-cache.conf): rename them in both places.
VERSION_KEY = "pagecache:site"
DUE_KEY = "pagecache:due-ms"
PATH_KEY = "pagecache:path:{}"
NO_SCHEDULED = 0


def _cache():
    """Counters: the content version, the next scheduled publication, path counters."""
    return caches["default"]


def _store():
    """Pages, fragments and computed values, under content-versioned keys."""
    return caches["fragments"]


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", True))


def page_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 3600))


def proxy_seconds() -> int:
    """How long a shared cache in front may keep a public page (s-maxage)."""
    return int(getattr(settings, "PAGE_CACHE_PROXY_SECONDS", 5))


def proxy_follows_version() -> bool:
    """The proxy in front keys its copies by the content version (deploy/nginx)."""
    return bool(getattr(settings, "PAGE_CACHE_PROXY_FOLLOWS_VERSION", False))


def fragments_enabled() -> bool:
    return bool(getattr(settings, "FRAGMENT_CACHE_ENABLED", True))


def fragment_seconds() -> int:
    """For `{% cache fragment_seconds … content_version %}`: 0 stores nothing."""
    return page_seconds() if fragments_enabled() else 0


# --- the content version --------------------------------------------------------------


def _fresh_version() -> int:
    # After an eviction or a Redis restart the counter starts again from the clock in
    # milliseconds: larger than any number handed out before, so no old key is reused.
    return int(time.time() * 1000)


def _next_scheduled_publication() -> int:
    """When the next scheduled article goes live, in milliseconds since the epoch."""
    from articles.models import Article

    due = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=timezone.now(),
            approved_revision__isnull=False,
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return int(due.timestamp() * 1000) if due else NO_SCHEDULED


def bump_site_version() -> int:
    """Start a new content version now (every cached page and fragment is left behind)."""
    cache = _cache()
    # The next scheduled publication is stored first: a request that sees the new
    # version then also sees the new due time.
    cache.set(DUE_KEY, _next_scheduled_publication(), None)
    try:
        return cache.incr(VERSION_KEY)
    except ValueError:
        version = _fresh_version()
        if not cache.add(VERSION_KEY, version, None):
            return cache.incr(VERSION_KEY)
        return version


def bump_path_version(path: str) -> None:
    cache = _cache()
    key = PATH_KEY.format(path_digest(path))
    try:
        cache.incr(key)
    except ValueError:
        if not cache.add(key, _fresh_version(), None):
            cache.incr(key)


@dataclass(frozen=True)
class Version:
    site: int
    path: int
    day: str

    def key(self) -> str:
        return f"{self.site}.{self.path}.{self.day}"


def current_version(path: str = "") -> Version:
    """The content version in force, in one cache round trip (two on first use)."""
    cache = _cache()
    path_key = PATH_KEY.format(path_digest(path)) if path else None
    keys = [VERSION_KEY, DUE_KEY] + ([path_key] if path_key else [])
    found = cache.get_many(keys)
    site = found.get(VERSION_KEY)
    due = found.get(DUE_KEY)
    if site is None or due is None:
        site = bump_site_version()
    elif due != NO_SCHEDULED and time.time() * 1000 >= due:
        # A scheduled article has reached its time: everything that lists it is new.
        site = bump_site_version()
    return Version(
        site=int(site),
        path=int(found.get(path_key) or 0) if path_key else 0,
        day=timezone.localdate().isoformat(),
    )


def version_for_request(request: HttpRequest) -> Version:
    version = getattr(request, "_content_version", None)
    if version is None:
        version = current_version(request.path)
        request._content_version = version
    return version


# --- invalidation API (services call these) -----------------------------------------


def _after_commit(function: Callable[[], object]) -> None:
    transaction.on_commit(function, robust=True)


def invalidate_site() -> None:
    """Anything public changed: every page and fragment is rebuilt on its next request."""
    _after_commit(bump_site_version)


def invalidate_article(article) -> None:
    """An article's public state or text changed (approval, publication, schedule,
    unpublication, archive, restore). It appears on the home page, lists, tag and topic
    pages, search, specialist pages and story pages, so the whole site version moves."""
    invalidate_site()


def invalidate_story(story) -> None:
    """A story was approved, edited, rejected, featured or withdrawn. Stories appear on
    the story pages, article pages and the home page."""
    invalidate_site()


def invalidate_specialist(specialist=None) -> None:
    """A specialist profile, its verification or its positions changed: shown on
    article bylines and review blocks, the directory and the home page."""
    invalidate_site()


def invalidate_taxonomy() -> None:
    """A topic, tag or author changed: shown on cards, filters and bylines everywhere."""
    invalidate_site()


def invalidate_article_comments(article) -> None:
    """Comments are shown on their article's page only: at its address in every
    language (/articles/<slug>/, /ne/articles/<slug>/ …)."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(article.get_absolute_url())

    def bump() -> None:
        for path in paths:
            bump_path_version(path)

    _after_commit(bump)


# --- storing and serving pages --------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def path_digest(path: str) -> str:
    """A path counter's name: MD5, because nginx's Lua has it built in (`ngx.md5`).
    Names a counter, protects nothing."""
    return hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def page_key(request: HttpRequest, version: Version) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # A stored page keeps the caching headers it was made with: an app server with other
    # proxy settings (during a change of configuration) keeps pages of its own.
    proxy = f"{int(proxy_follows_version())}{proxy_seconds()}"
    return f"page:{version.key()}:{proxy}:{request.method == 'HEAD'}:{_digest(address)}"


def fragment_key(name: str, *parts, request: HttpRequest | None = None) -> str:
    version = version_for_request(request) if request is not None else current_version()
    return f"fragment:{version.key()}:{name}:{_digest(':'.join(str(p) for p in parts))}"


_MISSING = object()


def memo(name: str, *parts, compute: Callable[[], object], request: HttpRequest | None = None):
    """A value computed from public content (a count, a list of facets), kept under the
    content version: recomputed only after something public changed. Kept per language:
    what a list holds can depend on it (articles carry their translation in it)."""
    if not fragments_enabled():
        return compute()
    cache = _store()
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = fragment_key(name, language, *parts, request=request)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, page_seconds())
    return value


def request_may_use_cache(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(tuple(getattr(settings, "PAGE_CACHE_EXCLUDE", ())))


def response_may_be_stored(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = response.get("Vary", "").lower()
    if "cookie" in vary:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def mark_public(response: HttpResponse) -> None:
    """Browsers revalidate every time (a 304 is cheap); a shared cache in front (nginx)
    may keep the page for PAGE_CACHE_PROXY_SECONDS, except pages kept out of shared
    caches (`keep_out_of_shared_caches`): only this cache, purged exactly, holds those."""
    shared_seconds = getattr(response, "shared_cache_seconds", None)
    if shared_seconds is None:
        shared_seconds = proxy_seconds()
    if response.has_header("Cache-Control"):
        del response["Cache-Control"]
    if proxy_follows_version():
        # Our own nginx keys its copies by the content version, so it drops them as
        # exactly as this cache does, story pages included (see the module docstring).
        # Before Cache-Control: nginx 1.22 reads the headers in order, and an
        # `s-maxage=0` read first would keep the page out whatever came after.
        response["X-Accel-Expires"] = str(proxy_seconds())
    response["Cache-Control"] = f"public, max-age=0, s-maxage={shared_seconds}"
    if not response.has_header("ETag"):
        response["ETag"] = quote_etag(
            hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        )
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()


def keep_out_of_shared_caches(view):
    """For views whose page is a sharer's story: `s-maxage=0`, so nginx or a CDN never
    keeps it and a withdrawal (or a moderator taking it down) ends it everywhere at
    once, not PAGE_CACHE_PROXY_SECONDS later. The app's own page cache still serves it,
    and drops it exactly. For a class-based view, decorate its `dispatch`."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        response.shared_cache_seconds = 0
        return response

    return wrapped


def mark_private(response: HttpResponse) -> None:
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, no-cache"


def freeze(response: HttpResponse) -> tuple:
    return (response.status_code, response.content, list(response.items()))


def thaw(frozen: tuple) -> HttpResponse:
    status, content, headers = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 Not Modified when the browser already has this version of the page."""
    from django.utils.http import parse_http_date_safe

    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )


class PageCacheMiddleware:
    """Serves anonymous visitors from the cache and stores what they are shown.

    Sits just inside the security, compression and static-file middleware, before the
    session, language, CSRF, authentication and message middleware: a hit is answered
    without running any of those (on a 2-core machine that is a third of what a hit
    costs), and a page is stored as they leave it, so one that set a cookie (a CSRF
    token, a message) or read the session (`Vary: Cookie`) is never kept. The headers
    the inner middleware add (CSP, frame options, language) are stored with the page;
    the security headers are added again to every hit. Adds `X-Cache: hit|miss|bypass`
    so tests and the benchmark can tell.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_may_use_cache(request):
            response = self.get_response(request)
            if request.method in {"GET", "HEAD"}:
                mark_private(response)
                response["X-Cache"] = "bypass"
            return response
        if not enabled():
            response = self.get_response(request)
            if response_may_be_stored(response):
                mark_public(response)
                response = conditional(request, response)
            return response
        version = version_for_request(request)
        key = page_key(request, version)
        cache = _store()
        frozen = cache.get(key)
        if frozen is not None:
            response = thaw(frozen)
            response["X-Cache"] = "hit"
            return conditional(request, response)
        response = self.get_response(request)
        if response_may_be_stored(response):
            mark_public(response)
            cache.set(key, freeze(response), page_seconds())
            response["X-Cache"] = "miss"
            return conditional(request, response)
        return response


class VersionedCountPaginator:
    """Mixin for ListViews: the paginator's COUNT(*) is kept under the content version
    (a list's length changes only when public content does), keyed by the view and
    its filters; the page's rows are still read lazily by the template."""

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        from django.core.paginator import Paginator

        request = self.request
        filters = sorted((k, v) for k, v in request.GET.items() if k != "page")
        name = f"count:{type(self).__module__}.{type(self).__name__}"
        parts = (repr(sorted(self.kwargs.items())), repr(filters))

        class Counted(Paginator):
            @property
            def count(self):
                if not hasattr(self, "_count"):
                    self._count = memo(
                        name, *parts, compute=self.object_list.count, request=request
                    )
                return self._count

        return Counted(queryset, per_page, orphans, allow_empty_first_page, **kw)


class VersionedObjectMixin:
    """Mixin for public DetailViews: the object (with what get_queryset() prefetches)
    is kept under the content version, keyed by its slug, so a warm page reads it
    without a query; any public change makes a new version. Preview views set
    `preview = True` and always read the database."""

    preview = False

    def get_object(self, queryset=None):
        from django.http import Http404

        if self.preview or queryset is not None:
            return super().get_object(queryset)
        slug = self.kwargs.get(self.slug_url_kwarg)
        name = f"object:{type(self).__module__}.{type(self).__name__}"

        def load():
            try:
                return super(VersionedObjectMixin, self).get_object()
            except Http404:
                return None

        found = memo(name, slug, compute=load, request=self.request)
        if found is None:
            raise Http404("Not found.")
        return found
