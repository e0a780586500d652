from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_screening_keywords"),
        ("eduportal", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
