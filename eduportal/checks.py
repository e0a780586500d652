"""Deploy checks of the site's own settings (run by `manage.py check --deploy`; `make
check` runs it with production variables and --fail-level WARNING): a public SITE_URL,
and none of the demo's relaxations in production."""

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


@register(Tags.security, deploy=True)
def demo_relaxations(app_configs, **kwargs):
    problems = []
    if getattr(settings, "EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA", False):
        problems.append(
            Warning(
                "Staff can sign in without a second factor "
                "(EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA is on).",
                hint="This is for the demo only. Unset EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA "
                "in production: every staff account must use an authenticator app.",
                id="eduportal.W002",
            )
        )
    if getattr(settings, "EDUPORTAL_ALLOW_CONSOLE_EMAIL", False) and (
        settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    ):
        problems.append(
            Warning(
                "Emails, with sharers' addresses and private links, are written to the "
                "server log (console email backend allowed by EDUPORTAL_ALLOW_CONSOLE_EMAIL).",
                hint="Set EMAIL_HOST for SMTP and unset EDUPORTAL_ALLOW_CONSOLE_EMAIL.",
                id="eduportal.W003",
            )
        )
    return problems
