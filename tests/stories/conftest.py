import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import moderator, published_article

from .factories import cancer_type


@pytest.fixture
def mod(db):
    return moderator(username="mod", email="mod@example.org")


@pytest.fixture
def topic(db):
    return cancer_type()


@pytest.fixture
def article(db, topic):
    return published_article(topics=[topic])


@pytest.fixture(autouse=True)
def site_language():
    """A request to /ne/… leaves Nepali active in the test's thread (LocaleMiddleware
    does not reset it), and reverse() would then make /ne/ addresses: every test
    starts and ends in the site's default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
