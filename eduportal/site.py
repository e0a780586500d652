"""The site's one public address (settings.SITE_URL).

Every absolute link — canonical and Open Graph addresses, share links, structured
data, feeds, the sitemap, robots.txt and emails — is built here, so one site never
names two hosts or ports. `make run` sets SITE_URL from PORT.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """A full address for a path on this site ("/articles/" → "https://…/articles/")."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path if path.startswith('/') else '/' + path}"


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain() -> str:
    """Host and port, as the sitemap and feeds want them ("127.0.0.1:8861")."""
    return urlsplit(settings.SITE_URL).netloc
