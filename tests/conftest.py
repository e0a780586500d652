import pytest

from tests.factories import (  # noqa: F401 - fixtures are used by name
    editor,
    reviewer_user,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder that disappears after each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import caches

    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(staff)` means "skip the sign-in", and for staff the sign-in
    has two steps: so it also enrols an authenticator and marks the session verified,
    as the code step would. Two-factor stays required everywhere else; the sign-in
    itself is tested step by step in tests/eduportal/test_staff_login.py."""
    from django.test import Client

    from tests.staff import verify_session

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request to /ne/… leaves Nepali active in the thread (LocaleMiddleware activates
    a language and nothing deactivates it): start and end every test in English, so one
    test's language never leaks into the next test's URLs or words."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
