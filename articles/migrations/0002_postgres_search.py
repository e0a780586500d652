"""PostgreSQL-only search indexes: a GIN index on the stored search vector, and the
pg_trgm extension with a trigram index for "did you mean". SQLite skips this."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin "
    "ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS searchterm_word_trgm "
    "ON articles_searchterm USING gin (word gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS searchterm_word_trgm",
    "DROP INDEX IF EXISTS article_search_vector_gin",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
