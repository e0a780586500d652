"""Crisis lines for readers in Singapore, Malaysia and India, where many of our readers
live. Editors check each number (and set "checked on") in the admin; Nepal's lines are
left for an editor who can confirm them, and Befrienders Worldwide already helps
people in any country find one."""

from django.db import migrations

HELPLINES = [
    # country, name, description, phone, website, hours
    ("SG", "Samaritans of Singapore (SOS)", "Someone to talk to if you are in crisis or thinking about suicide.",
     "1767", "https://www.sos.org.sg/", "24 hours, every day"),
    ("MY", "Befrienders Kuala Lumpur", "Emotional support for anyone in distress or thinking about suicide.",
     "03-7627 2929", "https://www.befrienders.org.my/", "24 hours, every day"),
    ("IN", "Tele MANAS", "The national mental health helpline, in many Indian languages.",
     "14416", "https://telemanas.mohfw.gov.in/", "24 hours, every day"),
]  # fmt: skip


def seed(apps, schema_editor):
    helpline = apps.get_model("stories", "Helpline")
    for country, name, description, phone, website, hours in HELPLINES:
        if helpline.objects.filter(country=country, kind="crisis").exists():
            continue  # editors already keep a crisis line there
        helpline.objects.create(
            country=country,
            kind="crisis",
            name=name,
            description=description,
            phone=phone,
            website=website,
            hours=hours,
        )


def unseed(apps, schema_editor):
    helpline = apps.get_model("stories", "Helpline")
    for country, name, *_ in HELPLINES:
        helpline.objects.filter(country=country, kind="crisis", name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0010_screening_phrases_in_every_language")]

    operations = [migrations.RunPython(seed, unseed)]
