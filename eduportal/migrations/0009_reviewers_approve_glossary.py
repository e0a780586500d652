from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    """Medical reviewers read glossary terms and approve their wording."""

    dependencies = [
        ("eduportal", "0008_staff_sessions_and_two_factor_resets"),
        ("articles", "0007_glossary_approval_and_history"),
        ("reviews", "0004_specialist_verification_moves_to_checks"),
        ("stories", "0007_data_requests"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
