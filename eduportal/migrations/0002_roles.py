from django.db import migrations

from eduportal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("eduportal", "0001_site_pages"),
        ("articles", "0002_postgres_search"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
