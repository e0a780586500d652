"""Two clinicians deciding the same revision at the same moment: exactly one decision
is recorded. Needs real concurrent connections, so PostgreSQL only."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from articles.models import Article
from reviews import services
from reviews.models import SignOff
from tests.factories import ArticleFactory, editor_user
from tests.reviews.factories import submit, verified_specialist

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers, so two connections can never decide at once.",
    ),
]


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """Transactional tests flush the database when they end; put back the role groups
    the data migrations made, as the browser tests do."""
    from django.apps import apps

    from eduportal.roles import sync_roles

    sync_roles(apps, None)


def run_concurrently(*jobs):
    """Start each job in its own thread (its own database connection) at the same time."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = job()
        except Exception as error:  # the outcome is what we assert
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_reviewers_deciding_the_same_revision_at_once_record_one_decision():
    editor = editor_user()
    first, second = verified_specialist(), verified_specialist()
    article = ArticleFactory()
    review = submit(article, by=editor)

    def decide(specialist, decision, comment):
        return lambda: services.sign_off(
            review=review, reviewer=specialist.user, decision=decision, comment=comment
        )

    outcomes = run_concurrently(
        decide(first, SignOff.Decision.APPROVE, ""),
        decide(second, SignOff.Decision.REQUEST_CHANGES, "Wait, the dose is wrong."),
    )
    recorded = [o for o in outcomes if isinstance(o, SignOff)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(recorded) == 1 and len(refused) == 1, outcomes
    assert "already been decided" in refused[0].messages[0]
    assert SignOff.objects.filter(revision=review.revision).count() == 1
    article.refresh_from_db()
    winner = recorded[0]
    if winner.decision == SignOff.Decision.APPROVE:
        assert article.approved_revision_id == review.revision_id
    else:
        assert article.status == Article.Status.DRAFT and article.approved_revision_id is None


def test_the_database_refuses_a_second_decision_even_without_the_service_lock():
    editor = editor_user()
    specialist = verified_specialist()
    review = submit(ArticleFactory(), by=editor)
    revision = review.revision

    def insert():
        with transaction.atomic():
            return SignOff.objects.create(
                review=review,
                article_id=review.article_id,
                revision=revision,
                content_hash=revision.content_hash,
                reviewer=specialist.user,
                specialist=specialist,
                reviewer_name_snapshot=specialist.display_name,
                decision=SignOff.Decision.APPROVE,
                next_review_due="2030-01-01",
            )

    outcomes = run_concurrently(insert, insert)
    assert sum(isinstance(o, SignOff) for o in outcomes) == 1, outcomes
    errors = [o for o in outcomes if isinstance(o, IntegrityError)]
    assert len(errors) == 1
    assert "signoff_one_decision_per_review" in str(errors[0])
    assert SignOff.objects.filter(revision=revision).count() == 1
