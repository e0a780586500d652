"""Deploy checks: the demo's relaxations must never reach production.

`manage.py check --deploy` (run by `make check` with production variables and
--fail-level WARNING) reports them."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
                id="eduportal.W001",
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
                id="eduportal.W002",
            )
        )
    return problems
