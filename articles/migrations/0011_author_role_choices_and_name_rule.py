"""Schema half of 0008 (kept apart so the data changes commit before the ALTERs)."""

from django.db import migrations, models

import articles.models.taxonomy


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_author_role_is_a_non_clinical_choice")]

    operations = [
        migrations.AlterField(
            model_name="author",
            name="name",
            field=models.CharField(
                help_text="The writer's name only, without titles such as Dr or letters such as MD.",
                max_length=120,
                validators=[articles.models.taxonomy.validate_writer_name],
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="role",
            field=models.CharField(
                choices=[
                    ("medical_writer", "Medical writer"),
                    ("patient_information_editor", "Patient information editor"),
                    ("editorial_team", "Editorial team"),
                ],
                default="medical_writer",
                help_text="Shown after a writer's name. A clinician author is shown with the name and credentials of their credential check instead.",
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="historicalauthor",
            name="name",
            field=models.CharField(
                help_text="The writer's name only, without titles such as Dr or letters such as MD.",
                max_length=120,
                validators=[articles.models.taxonomy.validate_writer_name],
            ),
        ),
        migrations.AlterField(
            model_name="historicalauthor",
            name="role",
            field=models.CharField(
                choices=[
                    ("medical_writer", "Medical writer"),
                    ("patient_information_editor", "Patient information editor"),
                    ("editorial_team", "Editorial team"),
                ],
                default="medical_writer",
                help_text="Shown after a writer's name. A clinician author is shown with the name and credentials of their credential check instead.",
                max_length=40,
            ),
        ),
        migrations.AddConstraint(
            model_name="author",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("role__in", ["medical_writer", "patient_information_editor", "editorial_team"])
                ),
                name="author_role_not_clinical",
            ),
        ),
    ]
