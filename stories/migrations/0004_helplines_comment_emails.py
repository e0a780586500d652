# Helplines per country, commenters' email updates, and crisis phrasings.

import django_countries.fields
from django.conf import settings
from django.db import migrations, models

from eduportal.roles import sync_roles

# Phrasings of a crisis, in the screening syntax (stories/screening.py): | gives
# choices for one word, * up to three other words; contractions are spelled out.
CRISIS_PHRASINGS = [
    "kill|killing myself",
    "end|ending my life",
    "end|ending it all",
    "take|taking|took my own life",
    "want|wanted|wanting to die",
    "wish|wished i was|were dead",
    "wish|wished i had never been born",
    "better off dead",
    "better off without me",
    "would be better off without me",
    "no reason to live|living",
    "no reason to go on",
    "no point|sense in living",
    "no point|sense in going on",
    "nothing to live for",
    "not worth living",
    "life is not worth it|living",
    "not want to live",
    "not want to be alive",
    "not want to be here anymore",
    "not want to wake up",
    "no longer want to live",
    "no longer want to be alive|here",
    "not see the point anymore",
    "not see the point in living|anything",
    "not see the point in going on",
    "tired|sick of living",
    "tired|sick of being alive",
    "i cannot go on",
    "i cannot do this anymore",
    "i cannot take it anymore",
    "i cannot cope anymore",
    "want it * to end",
    "want it * to be over",
    "want|wanted to disappear",
    "stop existing",
    "sleep and never|not wake up",
    "there is no way out",
    "hurt|hurting|harm|harming myself",
    "cut|cutting myself",
    "take|taking|took an overdose",
    "overdose on",
    "hang|hanging myself",
    "shoot myself",
    "throw myself in front of",
    "jump|jumping off a bridge|building|roof",
    "saving up my pills|tablets|medication",
    "stockpiling my pills|tablets|medication",
    "planning to end it",
    "self harm|harming",
    "unalive",
    "kms",
    "give|giving up on life",
]
# Listed before: some also match ordinary medical text ("an overdose of paracetamol",
# "treatment cannot go on"), the others are covered by the phrasings above.
RETIRED = [
    "overdose", "can't go on", "cannot go on", "kill myself", "killing myself",
    "end my life", "ending my life", "take my own life", "want to die", "wanted to die",
    "no reason to live", "no point in living", "self-harm", "self harm", "hurt myself",
    "hurting myself", "cut myself", "cutting myself", "give up on life",
]  # fmt: skip

HELPLINES = [
    # country, kind, name, description, phone, text, website, hours, in_box, position
    ("", "crisis", "Befrienders Worldwide", "Find an emotional support helpline in your country.",
     "", "", "https://befrienders.org/", "", False, 0),
    ("GB", "crisis", "Samaritans", "Someone to talk to when things feel hard, whatever you are going through.",
     "116 123", "", "https://www.samaritans.org/", "24 hours, every day", True, 0),
    ("GB", "cancer", "Macmillan Support Line", "Information and support for anyone affected by cancer.",
     "0808 808 00 00", "", "https://www.macmillan.org.uk/", "", True, 1),
    ("GB", "cancer", "Breast Cancer Now helpline", "Nurses answer questions about breast cancer.",
     "0808 800 6000", "", "https://breastcancernow.org/", "", False, 2),
    ("IE", "crisis", "Samaritans Ireland", "Someone to talk to when things feel hard.",
     "116 123", "", "https://www.samaritans.org/ireland/", "24 hours, every day", False, 0),
    ("IE", "cancer", "Irish Cancer Society Support Line", "Cancer nurses answer your questions.",
     "1800 200 700", "", "https://www.cancer.ie/", "", False, 1),
    ("US", "crisis", "988 Suicide & Crisis Lifeline", "Call or text if you are in crisis or worried about someone.",
     "988", "988", "https://988lifeline.org/", "24 hours, every day", True, 0),
    ("US", "cancer", "American Cancer Society", "Information and support for people with cancer and their families.",
     "1-800-227-2345", "", "https://www.cancer.org/", "24 hours, every day", True, 1),
    ("US", "cancer", "NCI Cancer Information Service", "Answers to questions about cancer from the National Cancer Institute.",
     "1-800-422-6237", "", "https://www.cancer.gov/contact", "", False, 2),
    ("CA", "crisis", "9-8-8 Suicide Crisis Helpline", "Call or text if you are thinking about suicide.",
     "988", "988", "https://988.ca/", "24 hours, every day", False, 0),
    ("CA", "cancer", "Canadian Cancer Society", "Cancer information and support.",
     "1-888-939-3333", "", "https://cancer.ca/", "", False, 1),
    ("AU", "crisis", "Lifeline", "Crisis support and suicide prevention.",
     "13 11 14", "", "https://www.lifeline.org.au/", "24 hours, every day", False, 0),
    ("AU", "cancer", "Cancer Council", "Information and support for people affected by cancer.",
     "13 11 20", "", "https://www.cancer.org.au/", "", False, 1),
]  # fmt: skip


def seed_crisis_phrasings(apps, schema_editor):
    keyword = apps.get_model("stories", "ScreeningKeyword")
    for phrase in CRISIS_PHRASINGS:
        keyword.objects.get_or_create(
            kind="crisis", phrase=phrase, defaults={"note": "Phrasing (issue 11)"}
        )
    keyword.objects.filter(kind="crisis", phrase__in=RETIRED).update(
        active=False, note="Replaced by phrasings (issue 11)."
    )


def seed_helplines(apps, schema_editor):
    helpline = apps.get_model("stories", "Helpline")
    if helpline.objects.exists():
        return
    for (
        country,
        kind,
        name,
        description,
        phone,
        text,
        website,
        hours,
        in_box,
        position,
    ) in HELPLINES:
        helpline.objects.create(
            country=country, kind=kind, name=name, description=description, phone=phone,
            text_number=text, website=website, hours=hours, in_box=in_box, position=position,
        )  # fmt: skip


def seed(apps, schema_editor):
    seed_crisis_phrasings(apps, schema_editor)
    seed_helplines(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_glossary_synonyms_questions"),
        ("stories", "0003_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Helpline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "country",
                    django_countries.fields.CountryField(
                        blank=True,
                        help_text="Leave empty for a line that helps people in any country.",
                        max_length=2,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            (
                                "crisis",
                                "Crisis and emotional support (also shown when someone writes of a crisis)",
                            ),
                            ("cancer", "Cancer information and support"),
                        ],
                        max_length=10,
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                (
                    "description",
                    models.CharField(
                        help_text="One plain line: who it is for and what they help with.",
                        max_length=200,
                    ),
                ),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        help_text="As people dial it, e.g. “116 123” or “988”.",
                        max_length=40,
                    ),
                ),
                (
                    "text_number",
                    models.CharField(
                        blank=True,
                        help_text="If people can text them.",
                        max_length=40,
                        verbose_name="text or SMS number",
                    ),
                ),
                ("website", models.URLField(blank=True, max_length=300)),
                (
                    "hours",
                    models.CharField(
                        blank=True,
                        help_text="e.g. “24 hours, every day”.",
                        max_length=120,
                        verbose_name="opening hours",
                    ),
                ),
                (
                    "in_box",
                    models.BooleanField(
                        default=False,
                        help_text="Also list it in the small support box on articles and stories.",
                        verbose_name="show in the support box",
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Lower numbers come first."
                    ),
                ),
                ("active", models.BooleanField(default=True)),
                (
                    "checked_on",
                    models.DateField(
                        blank=True,
                        help_text="When an editor last checked the number works.",
                        null=True,
                    ),
                ),
            ],
            options={
                "verbose_name": "helpline",
                "verbose_name_plural": "helplines",
                "ordering": ["country", "position", "name"],
            },
        ),
        migrations.AddField(
            model_name="comment",
            name="email_updates",
            field=models.BooleanField(
                default=False,
                help_text="The reader asked for an email when the comment is approved and when someone replies. Every email has a one-click unsubscribe link.",
                verbose_name="email me about this comment",
            ),
        ),
        migrations.AlterField(
            model_name="screeningkeyword",
            name="phrase",
            field=models.CharField(
                help_text="Matched as whole words, without regard to capitals or punctuation; “don't” is read as “do not”. Use | for choices of one word and * for up to three other words: “want|wanted to die”, “want it * to end”. A match right after “not”, “never” or “no” is ignored unless the phrase starts with one.",
                max_length=100,
            ),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("email_updates", False),
                    models.Q(("email", ""), _negated=True),
                    _connector="OR",
                ),
                name="comment_updates_need_email",
            ),
        ),
        migrations.AddIndex(
            model_name="helpline",
            index=models.Index(fields=["active", "kind"], name="helpline_active_kind_idx"),
        ),
        migrations.AddConstraint(
            model_name="helpline",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["crisis", "cancer"])), name="helpline_kind_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="helpline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("phone", ""), _negated=True),
                    models.Q(("text_number", ""), _negated=True),
                    models.Q(("website", ""), _negated=True),
                    _connector="OR",
                ),
                name="helpline_has_a_way_to_reach",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
