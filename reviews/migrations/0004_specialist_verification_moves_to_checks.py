"""The profile's own verification fields give way to credential checks (0003 copied
them), and the roles change: Credentials officers check, Editors no longer do."""

from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_credential_checks"),
        ("eduportal", "0007_site_page_and_login_history"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="specialist",
            name="specialist_verification_complete",
        ),
        migrations.RemoveField(
            model_name="specialist",
            name="registration_valid_until",
        ),
        migrations.RemoveField(
            model_name="specialist",
            name="verified_at",
        ),
        migrations.RemoveField(
            model_name="specialist",
            name="verified_by",
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
