from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_specialists_and_reviews"),
        ("eduportal", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
