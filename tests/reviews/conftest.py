import pytest

from tests.reviews.factories import verified_specialist


@pytest.fixture
def specialist(reviewer_user):
    """A verified clinician who may sign off (test modules may define their own)."""
    return verified_specialist(user=reviewer_user)


@pytest.fixture
def reviewer_client(client, specialist):
    client.force_login(specialist.user)
    return client
