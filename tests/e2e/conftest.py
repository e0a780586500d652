"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

We never download a browser. Without /usr/bin/chromium these tests are skipped on a
developer's machine, and fail under CI=true, where the browser must be installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


# Data migrations whose rows the browser tests rely on. live_server needs committed
# data, so every browser test flushes the database when it ends; these put the rows
# back before the next one (each function is idempotent).
MIGRATION_DATA = [
    ("eduportal.migrations.0001_site_pages", "create_pages"),
    ("eduportal.roles", "sync_roles"),
    ("stories.migrations.0002_screening_keywords", "seed"),
    ("stories.migrations.0004_helplines_comment_emails", "seed"),
    ("articles.migrations.0005_glossary_synonyms_questions", "seed_synonyms"),
]


@pytest.fixture(autouse=True)
def migration_data(request):
    if request.node.get_closest_marker("e2e") is None:
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    for module, function in MIGRATION_DATA:
        getattr(import_module(module), function)(apps, None)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but Chromium is not installed at {CHROMIUM}.", pytrace=False)
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; Django's ORM calls in
    # that thread (factories, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server, settings):
    # Absolute links name the address the site is served on, as with `make run`.
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.csp_errors = csp_errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page; fail on any serious or critical violation."""

    def check(page, *, context: str = "") -> dict:
        results = axe.run(page)
        violations = [
            violation
            for violation in results.response["violations"]
            if violation.get("impact") in BLOCKING_IMPACTS
        ]
        summary = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe found violations on {context or page.url}:\n{summary}"
        return results.response

    return check


def sign_in_to_admin(page, username: str, password: str = "password") -> None:
    """Sign a member of staff in as they would: password, then the code their
    authenticator app shows (the app is enrolled for them if they have none yet)."""
    from django.contrib.auth import get_user_model

    from tests.staff import enrol_authenticator, totp_code

    device = enrol_authenticator(get_user_model().objects.get(username=username))
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form input[type=submit]")
    page.wait_for_url("**/admin/two-factor/")
    page.fill("#id_token", totp_code(device))
    page.get_by_role("button", name="Verify and sign in").click()
    page.wait_for_url("**/admin/")
