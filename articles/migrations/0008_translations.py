import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import articles.models.translations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_glossary_approval_and_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleTranslation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=articles.models.translations.translation_languages,
                        db_index=True,
                        max_length=15,
                    ),
                ),
                (
                    "withdrawn_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="When a safety-relevant change of the English text took this translation off the site, until a translation of the new English text is signed off.",
                        null=True,
                    ),
                ),
                ("withdrawn_reason", models.CharField(blank=True, editable=False, max_length=300)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("modified_at", models.DateTimeField(auto_now=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "verbose_name": "article translation",
                "verbose_name_plural": "article translations",
                "ordering": ["article", "language"],
            },
        ),
        migrations.CreateModel(
            name="TranslationRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("title", models.CharField(max_length=200)),
                ("summary", models.TextField()),
                ("body", models.TextField()),
                (
                    "seo_title",
                    models.CharField(blank=True, max_length=70, verbose_name="SEO title"),
                ),
                (
                    "seo_description",
                    models.CharField(blank=True, max_length=160, verbose_name="SEO description"),
                ),
                (
                    "hero_alt",
                    models.CharField(
                        blank=True, max_length=250, verbose_name="hero image alt text"
                    ),
                ),
                (
                    "figures",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The source's pictures as this text shows them: address, translated alt text and caption.",
                    ),
                ),
                (
                    "questions",
                    models.JSONField(
                        blank=True, default=list, verbose_name="questions to ask your care team"
                    ),
                ),
                ("body_html", models.TextField()),
                ("toc", models.JSONField(default=list)),
                ("word_count", models.PositiveIntegerField(default=0)),
                ("content_hash", models.CharField(db_index=True, max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source_revision",
                    models.ForeignKey(
                        help_text="The exact English revision this text translates.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="translation_revisions",
                        to="articles.articlerevision",
                    ),
                ),
                (
                    "translation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revisions",
                        to="articles.articletranslation",
                    ),
                ),
            ],
            options={
                "verbose_name": "translation revision",
                "verbose_name_plural": "translation revisions",
                "ordering": ["translation", "-number"],
                "get_latest_by": "number",
            },
        ),
        migrations.AddField(
            model_name="articletranslation",
            name="approved_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The translation revision a clinician with this language approved: the only translated text the public sees.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="articles.translationrevision",
            ),
        ),
        migrations.CreateModel(
            name="SafetyRelevantChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.TextField(
                        help_text="What changed that matters for safety, in a sentence translators and reviewers will read."
                    ),
                ),
                ("marked_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "marked_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "revision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="safety_change",
                        to="articles.articlerevision",
                    ),
                ),
            ],
            options={
                "verbose_name": "safety-relevant change",
                "verbose_name_plural": "safety-relevant changes",
                "ordering": ["-marked_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="safety_change_has_reason",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="translationrevision",
            constraint=models.UniqueConstraint(
                fields=("translation", "number"), name="translation_revision_unique_number"
            ),
        ),
        migrations.AddIndex(
            model_name="articletranslation",
            index=models.Index(fields=["language", "article"], name="translation_language_idx"),
        ),
        migrations.AddConstraint(
            model_name="articletranslation",
            constraint=models.UniqueConstraint(
                fields=("article", "language"),
                name="translation_one_per_language",
                violation_error_message="This article already has a translation in this language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="articletranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("language", ""), _negated=True), name="translation_language_set"
            ),
        ),
        migrations.AddConstraint(
            model_name="articletranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("withdrawn_at__isnull", True), ("withdrawn_reason", "")),
                    models.Q(
                        ("withdrawn_at__isnull", False),
                        models.Q(("withdrawn_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="translation_withdrawal_has_reason",
            ),
        ),
    ]
