"""Writers' roles become fixed non-clinical choices; typed roles are mapped onto them."""

from django.db import migrations

import articles.models.taxonomy

ROLES = ("medical_writer", "patient_information_editor", "editorial_team")


def role_for(typed: str) -> str:
    """The non-clinical choice nearest to a typed role. Anything else (a clinical job
    title typed by hand, "Oncology nurse", "Writer") becomes "Medical writer": a
    clinician is shown as one only through their checked specialist profile."""
    text = (typed or "").strip().lower()
    if text in ROLES:
        return text
    if "editorial team" in text or text in {"editorial", "editors"}:
        return "editorial_team"
    if "editor" in text:
        return "patient_information_editor"
    return "medical_writer"


def map_roles(apps, schema_editor):
    for model_name in ("Author", "HistoricalAuthor"):
        model = apps.get_model("articles", model_name)
        for typed in model.objects.values_list("role", flat=True).distinct():
            mapped = role_for(typed)
            if mapped != typed:
                model.objects.filter(role=typed).update(role=mapped)


def strip_clinical_words(apps, schema_editor):
    """Demo and load data never put titles in writers' names; a hand-typed "Dr …" is
    taken out, as the byline may no longer carry it."""
    Author = apps.get_model("articles", "Author")
    for author in Author.objects.all():
        words = articles.models.taxonomy.clinical_words_in(author.name)
        if words:
            kept = [w for w in author.name.replace(",", " ").split() if w not in words]
            author.name = " ".join(kept) or author.slug
            author.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_translation_search_indexes")]

    operations = [
        migrations.RunPython(map_roles, migrations.RunPython.noop),
        migrations.RunPython(strip_clinical_words, migrations.RunPython.noop),
    ]
