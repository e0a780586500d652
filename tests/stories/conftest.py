import pytest

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
