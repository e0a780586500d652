from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    """Translators write translations; editors translate and mark safety-relevant
    English changes; medical reviewers sign translations off in their languages."""

    dependencies = [
        ("eduportal", "0009_reviewers_approve_glossary"),
        ("articles", "0008_translations"),
        ("reviews", "0005_review_languages_and_translation_signoffs"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
