from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    """Medical reviewers hold the lifecycle's permission to approve or send back."""

    dependencies = [
        ("eduportal", "0004_body_image_roles"),
        ("articles", "0004_signed_off_media_seo_and_lifecycle"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
