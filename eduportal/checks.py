"""Deploy checks of the site's own settings (run by `manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Feeds, sitemaps, share links and emails all use SITE_URL: in production it must
    be the public https address, not the development default."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname and parts.hostname not in LOOPBACK_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}; links in feeds, the sitemap, share links "
            "and emails would point there.",
            hint="Set SITE_URL to the site's public https address, e.g. https://example.org.",
            id="eduportal.W001",
        )
    ]
