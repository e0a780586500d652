"""PostgreSQL-only indexes for searching translations (articles/search_translations.py):
a trigram index on the upper-cased text (the words as written, in every language, and
Tamil word similarity) and one weighted text search vector per language configuration
('nepali', 'tamil', 'indonesian' for Malay). Each index is built from the expression
the search uses, so the planner matches them; tests/eduportal/test_query_plans.py
proves the queries use them. SQLite skips this (its search needs no index).

The expressions are written here, not imported, so this migration keeps meaning what
it meant when it ran; a change of expression in the search needs a new migration.
"""

from django.db import migrations

CONFIGS = ("nepali", "tamil", "indonesian")


def _document():
    from django.db.models import F, TextField, Value
    from django.db.models.functions import Cast, Concat, Upper

    return Upper(
        Cast(
            Concat(
                F("title"),
                Value(" "),
                F("summary"),
                Value(" "),
                F("body"),
                output_field=TextField(),
            ),
            TextField(),
        )
    )


def _vector(config):
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F

    return (
        SearchVector(F("title"), weight="A", config=config)
        + SearchVector(F("summary"), weight="B", config=config)
        + SearchVector(F("body"), weight="C", config=config)
    )


def _indexes():
    from django.contrib.postgres.indexes import GinIndex, OpClass

    yield GinIndex(OpClass(_document(), name="gin_trgm_ops"), name="translation_text_trgm")
    for config in CONFIGS:
        yield GinIndex(_vector(config), name=f"translation_fts_{config}")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("articles", "TranslationRevision")
    for index in _indexes():
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("articles", "TranslationRevision")
    for index in _indexes():
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_translations")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
