# More ways of saying it: stockpiling or saving medicines, "end things", "put an end to
# it all". Moderators keep the list in the admin; this adds to it and changes nothing
# a moderator has edited.

from django.db import migrations

# In the screening syntax (stories/screening.py): | gives choices for one word, * up
# to three other words (or none); a match right after "not", "never" or "no" is ignored.
CRISIS_PHRASINGS = [
    "stockpile|stockpiled|stockpiling * pills|tablets|medication|medicine|medicines|meds",
    "stockpile|stockpiled|stockpiling * morphine|painkillers|opioids",
    "hoard|hoarded|hoarding * pills|tablets|medication|medicine|meds|morphine|painkillers",
    "save|saved|saving up * pills|tablets|medication|medicine|medicines|meds",
    "save|saved|saving up * morphine|painkillers|opioids",
    "been saving|hiding my pills|tablets|medication|medicine|meds|morphine|painkillers",
    "going|planning|ready|decided|deciding to end things|everything",
    "want|wanted|wanting to end things|everything",
    "put an end to it all",
    "put an end to my life",
]
NOTE = "Phrasing: medicines saved up, ending things"


def add_phrasings(apps, schema_editor):
    keyword = apps.get_model("stories", "ScreeningKeyword")
    for phrase in CRISIS_PHRASINGS:
        keyword.objects.get_or_create(
            kind="crisis", phrase=phrase, defaults={"note": NOTE, "language": "en"}
        )


def remove_phrasings(apps, schema_editor):
    keyword = apps.get_model("stories", "ScreeningKeyword")
    keyword.objects.filter(kind="crisis", phrase__in=CRISIS_PHRASINGS, note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0011_crisis_helplines_singapore_malaysia_india")]

    operations = [migrations.RunPython(add_phrasings, remove_phrasings)]
