"""Load the demo site. Idempotent: running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import demo as articles_demo
from eduportal import demo as site_demo
from eduportal.site import absolute_url
from reviews import demo as reviews_demo
from stories import demo as stories_demo


class Command(BaseCommand):
    help = "Create a small, realistic demo site: staff, articles, reviews and stories."

    @transaction.atomic
    def handle(self, *args, **options):
        self.stdout.write("Loading demo content…")
        users = site_demo.load_users()
        articles = articles_demo.load(users=users, stdout=self.stdout)
        reviews_demo.load(users=users, articles=articles, stdout=self.stdout)
        stories_demo.load(users=users, articles=articles, stdout=self.stdout)
        articles_demo.load_error_reports(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(
            f"Demo logins for {absolute_url('/admin/')} (demo data only; password "
            f"“{site_demo.DEMO_PASSWORD}” for each):"
        )
        for demo_user in site_demo.DEMO_USERS:
            self.stdout.write(f"  {demo_user.username:<14} {demo_user.roles_text}")
        if settings.EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA:
            self.stdout.write(
                "Two-factor sign-in is relaxed for the demo "
                "(EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA); production always asks for it."
            )
        else:
            self.stdout.write(
                "At the first sign-in each account sets up an authenticator app (scan the QR code)."
            )
