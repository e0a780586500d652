"""A first list of screening phrases. Moderators keep it up to date in the admin."""

from django.db import migrations

CRISIS = [
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "want to die",
    "wanted to die",
    "better off dead",
    "better off without me",
    "no reason to live",
    "no point in living",
    "self-harm",
    "self harm",
    "hurt myself",
    "hurting myself",
    "cut myself",
    "cutting myself",
    "overdose",
    "can't go on",
    "cannot go on",
    "give up on life",
]

MEDICAL_CLAIM = [
    "miracle cure",
    "cured my cancer",
    "cures cancer",
    "cure for cancer",
    "instead of chemo",
    "instead of chemotherapy",
    "refused chemo",
    "stopped my treatment",
    "apricot kernels",
    "apricot seeds",
    "laetrile",
    "amygdalin",
    "vitamin b17",
    "black salve",
    "bloodroot",
    "gerson therapy",
    "coffee enemas",
    "alkaline diet",
    "baking soda",
    "essiac",
    "mistletoe",
    "high-dose vitamin c",
    "ozone therapy",
    "hydrogen peroxide",
    "cannabis oil",
    "rick simpson oil",
    "fenbendazole",
    "ivermectin",
    "mms",
    "chlorine dioxide",
    "detox",
]


def seed(apps, schema_editor):
    keyword = apps.get_model("stories", "ScreeningKeyword")
    for kind, phrases in (("crisis", CRISIS), ("medical_claim", MEDICAL_CLAIM)):
        for phrase in phrases:
            keyword.objects.get_or_create(
                kind=kind, phrase=phrase, defaults={"note": "Initial list"}
            )


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
