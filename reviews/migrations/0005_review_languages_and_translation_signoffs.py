import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_translations"),
        ("reviews", "0004_specialist_verification_moves_to_checks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="credentialcheck",
            name="languages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The languages the clinician declared they can review translations in, as the profile stood when it was checked.",
                verbose_name="review languages as checked",
            ),
        ),
        migrations.AddField(
            model_name="historicalcredentialcheck",
            name="languages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The languages the clinician declared they can review translations in, as the profile stood when it was checked.",
                verbose_name="review languages as checked",
            ),
        ),
        migrations.AddField(
            model_name="historicalspecialist",
            name="languages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The languages this clinician can medically review translations in. A credentials officer checks them with the registration; changing them needs a new check.",
                verbose_name="review languages",
            ),
        ),
        migrations.AddField(
            model_name="specialist",
            name="languages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The languages this clinician can medically review translations in. A credentials officer checks them with the registration; changing them needs a new check.",
                verbose_name="review languages",
            ),
        ),
        migrations.CreateModel(
            name="TranslationSignoff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(help_text="The language that was reviewed.", max_length=15),
                ),
                (
                    "content_hash",
                    models.CharField(
                        help_text="The fingerprint of the exact translation that was decided.",
                        max_length=64,
                    ),
                ),
                (
                    "reviewer_name_snapshot",
                    models.CharField(max_length=150, verbose_name="reviewer name at the time"),
                ),
                (
                    "credentials_snapshot",
                    models.CharField(
                        blank=True, max_length=120, verbose_name="credentials at the time"
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[("approve", "Approve"), ("request_changes", "Request changes")],
                        max_length=20,
                    ),
                ),
                ("note", models.TextField(blank=True)),
                ("decided_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "credential_check",
                    models.ForeignKey(
                        help_text="The check in force when they signed, which vouched for this language.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="translation_signoffs",
                        to="reviews.credentialcheck",
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signoffs",
                        to="articles.translationrevision",
                    ),
                ),
                (
                    "specialist",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="translation_signoffs",
                        to="reviews.specialist",
                    ),
                ),
                (
                    "translation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signoffs",
                        to="articles.articletranslation",
                    ),
                ),
            ],
            options={
                "verbose_name": "translation sign-off",
                "verbose_name_plural": "translation sign-offs",
                "ordering": ["-decided_at", "-pk"],
                "get_latest_by": "decided_at",
                "indexes": [
                    models.Index(
                        fields=["translation", "decision", "-decided_at"],
                        name="tsignoff_translation_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("revision",), name="translation_signoff_one_per_revision"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("decision__in", ["approve", "request_changes"])),
                        name="translation_signoff_decision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("decision", "request_changes"), _negated=True),
                            models.Q(("note", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="translation_signoff_changes_need_note",
                    ),
                ],
            },
        ),
    ]
