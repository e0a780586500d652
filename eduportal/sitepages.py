"""Site pages (Django's flat pages) stay in their lane.

A site page is the editors' own text: the editorial policy, the disclaimer, privacy,
about. It must never pass for an article, a story, a specialist profile or any other
page an app serves, and it is written in the same sanitised Markdown as articles:

- its address may not fall inside any app's URL space. The space is read from the URL
  resolver (the first path segment of every route that is not itself a site-page
  slot) plus the static and media prefixes, so a new app's URLs are covered without
  anyone updating a list;
- its text is Markdown rendered by articles.rendering (raw HTML is refused in the
  form, and would be shown as text anyway), and it uses the one site-page template.

The admin form, `save_site_page` and the flat-page fallback middleware all use these
rules; the fallback also refuses to serve a page inside an app's space, so a page
saved before the rules existed cannot be served there either.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.contrib.flatpages import views as flatpage_views
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.safestring import SafeString, mark_safe

RAW_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")
REGEX_SPECIAL = re.compile(r"[\\(\[.*+?${|]")
DEFAULT_TEMPLATE = ""  # flatpages/default.html


def _literal_prefix(pattern) -> str:
    """The fixed beginning of a route ("articles/" of "articles/<slug:slug>/")."""
    text = str(pattern)
    if hasattr(pattern, "_route"):  # a path() route
        return text.split("<", 1)[0]
    text = text.removeprefix("^")  # a re_path() regex
    match = REGEX_SPECIAL.search(text)
    return text[: match.start()] if match else text


def _routes(patterns, prefix: str = ""):
    """(fixed address prefix, view) for every route of the URLconf; an include() whose
    own prefix is dynamic counts as one route at its fixed part."""
    for entry in patterns:
        full = str(entry.pattern).removeprefix("^").removesuffix("$")
        literal = _literal_prefix(entry.pattern)
        if isinstance(entry, URLResolver) and literal == full:
            yield from _routes(entry.url_patterns, prefix + literal)
        else:
            yield prefix + literal, getattr(entry, "callback", None)


def app_url_space() -> frozenset[str]:
    """First path segments the apps own: "articles", "admin", "search", "media" …"""
    return _url_space(get_resolver(), settings.STATIC_URL, settings.MEDIA_URL)


@functools.lru_cache(maxsize=8)
def _url_space(resolver, static_url: str, media_url: str) -> frozenset[str]:
    segments = set()
    for address, view in _routes(resolver.url_patterns):
        if view is flatpage_views.flatpage:
            continue  # a slot for a site page, such as /about/
        segment = address.split("/", 1)[0]
        if segment:
            segments.add(segment.lower())
    for url in (static_url, media_url):
        segment = (url or "").strip("/").split("/", 1)[0]
        if segment and "://" not in (url or ""):
            segments.add(segment.lower())
    return frozenset(segments)


def standing_page_urls() -> dict[str, str]:
    """The site pages the URLconf serves by name (address → URL name): the editorial
    policy every fact-check note links to, the disclaimer, privacy, about."""
    return _standing_pages(get_resolver())


@functools.lru_cache(maxsize=8)
def _standing_pages(resolver) -> dict[str, str]:
    from django.urls import URLResolver
    from django.urls.resolvers import LocalePrefixPattern

    pages = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            # The public pages sit inside i18n_patterns (/ne/about/ is the same page).
            pages.update(_standing_pages(entry))
        elif getattr(entry, "callback", None) is flatpage_views.flatpage and entry.name:
            url = (entry.default_args or {}).get("url")
            if url:
                pages[url] = entry.name
    return pages


def address_conflict(url: str) -> str | None:
    """Why this address cannot be a site page, or None when it can."""
    segment = url.strip("/").split("/", 1)[0].lower()
    if segment in app_url_space():
        return (
            f"Addresses starting with /{segment}/ belong to the site's own pages, and a "
            "site page there could pass for one of them. Choose another address, for "
            "example /help/your-page/."
        )
    try:
        match = resolve(url)
    except Resolver404:
        return None
    if match.func is flatpage_views.flatpage:
        return None
    return "This address is already one of the site's own pages. Choose another address."


def validate_site_page(
    *, url: str, content: str, template_name: str = "", previous_url: str | None = None
) -> None:
    """Raise ValidationError (by field) unless the page keeps to its lane.

    `previous_url` is the saved page's address: a standing page (standing_page_urls)
    keeps it, as the site links to it by name and would otherwise link to a 404."""
    errors: dict[str, str] = {}
    if previous_url in standing_page_urls() and url != previous_url:
        errors["url"] = (
            f"{previous_url} is one of the site's standing pages: every page links to it "
            f"at this address. It cannot move; edit its title and text instead."
        )
    elif conflict := address_conflict(url or "/"):
        errors["url"] = conflict
    tag = RAW_HTML_TAG.search(content or "")
    if tag:
        errors["content"] = (
            f"Site pages are written in Markdown, like articles; HTML such as {tag.group(0)} "
            "is not used. Write ## for a heading, - for a list item and "
            "[link text](/address/) for a link."
        )
    if (template_name or "") not in {DEFAULT_TEMPLATE, "flatpages/default.html"}:
        errors["template_name"] = "Site pages all use the site's own page template."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_site_page(*, page: FlatPage, by) -> FlatPage:
    """Save a site page after checking who may and that it keeps to its lane."""
    permission = "flatpages.change_flatpage" if page.pk else "flatpages.add_flatpage"
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied("You may not edit site pages.")
    previous_url = (
        FlatPage.objects.filter(pk=page.pk).values_list("url", flat=True).first()
        if page.pk
        else None
    )
    validate_site_page(
        url=page.url,
        content=page.content,
        template_name=page.template_name,
        previous_url=previous_url,
    )
    page.template_name = DEFAULT_TEMPLATE
    page.save()
    if not page.sites.exists():
        page.sites.add(Site.objects.get_current())
    from eduportal import pagecache

    pagecache.invalidate_site()
    return page


def render_site_page(content: str) -> SafeString:
    """The page's Markdown as sanitised HTML, exactly as an article body is rendered."""
    from articles.rendering import render_body

    html, _toc = render_body(content or "")
    return mark_safe(html)
