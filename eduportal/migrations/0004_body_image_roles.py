from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    """Editors manage the pictures used inside article text."""

    dependencies = [
        ("eduportal", "0003_editors_view_users"),
        ("articles", "0003_body_images"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
