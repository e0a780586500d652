"""Terms written before definitions needed a clinician stay off the public pages until
one approves them (articles/migrations/0007_glossary_approval_and_history.py)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("articles", "0006_topic_and_author_history")
AFTER = ("articles", "0007_glossary_approval_and_history")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def test_existing_terms_are_left_unapproved_and_hidden_with_their_history_begun():
    old_apps = migrate(BEFORE)
    old_apps.get_model("articles", "GlossaryTerm").objects.create(
        term="HER2", slug="her2", definition="Typed before approvals existed.", published=True
    )
    try:
        new_apps = migrate(AFTER)
        term = new_apps.get_model("articles", "GlossaryTerm").objects.get(slug="her2")
        assert term.published and term.approved_at is None and term.approved_definition == ""
        history = new_apps.get_model("articles", "HistoricalGlossaryTerm").objects.get(id=term.pk)
        assert history.definition == "Typed before approvals existed."
    finally:
        # Back to the whole project's latest state for the tests that follow.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    from articles.models import GlossaryTerm

    assert not GlossaryTerm.objects.published().exists()
