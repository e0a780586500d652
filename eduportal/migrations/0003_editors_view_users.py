from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    """Editors may now see staff logins, to link author and specialist profiles."""

    dependencies = [
        ("eduportal", "0002_roles"),
        ("reviews", "0002_roles"),
        ("stories", "0003_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
