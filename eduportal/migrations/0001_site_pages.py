"""The site's standing pages, as flat pages editors can change in the admin.

Written in Markdown, like articles (see eduportal/sitepages.py); 0006 converts pages
that an older version stored as HTML."""

from django.db import migrations

PAGES = {
    "/editorial-policy/": (
        "Editorial policy",
        """Everything we publish is written for patients and the people who care for them, in plain language.

## How an article is made

- A writer drafts the article from current clinical guidelines and published research, and lists every source.
- A named clinician with a checked professional registration reads the exact text and either approves it or asks for changes.
- Only approved text appears on the site. If the text changes, it is reviewed again before the public sees the change.
- Each article shows who reviewed it, when, and when the next review is due. We review every article at least once a year.

## Independence

We do not accept advertising or payment to cover a treatment. Reviewers declare any conflicts of interest on their profile.

## Corrections

If you think something is wrong, use the “Report an error” form at the end of any article. An editor reads every report.""",
    ),
    "/medical-disclaimer/": (
        "Medical disclaimer",
        """The information on this site is general. It cannot take account of your own situation, and it does not replace advice from the doctors and nurses who know you.

Treatments change, and not every treatment described here is right for every person. Please talk to your care team before making any decision about your care.

**If you feel very unwell, have a temperature of 38°C or above during treatment, or think you need urgent help, contact your hospital's acute oncology line or emergency services straight away.**""",
    ),
    "/privacy/": (
        "Privacy",
        """You can read this site without an account and without being tracked. We use no advertising or analytics cookies, and no third-party scripts.

## What we keep

- If you share a story or leave a comment, we keep what you send and your email address. Your email address is never shown; we use it only to tell you about your story or comment.
- You can withdraw a story at any time with the private link we email you. Its text, personal details and photo are deleted at once.
- Feedback on an article is anonymous unless you choose to write your name in it.

Our servers keep short technical logs (page address, time, response) to keep the site safe and working.""",
    ),
    "/about/": (
        "About us",
        """eduportal is an open-source patient-education site for cancer care. Our first topic is immunotherapy for breast cancer.

We work with clinicians who review every article, and with survivors who share their experience so others feel less alone.""",
    ),
}


def create_pages(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    flatpage_model = apps.get_model("flatpages", "FlatPage")
    site, _ = site_model.objects.get_or_create(
        pk=1, defaults={"domain": "localhost", "name": "eduportal"}
    )
    if site.domain == "example.com":
        site.domain, site.name = "localhost", "eduportal"
        site.save()
    for url, (title, content) in PAGES.items():
        page, created = flatpage_model.objects.get_or_create(
            url=url, defaults={"title": title, "content": content}
        )
        page.sites.add(site)


def remove_pages(apps, schema_editor):
    apps.get_model("flatpages", "FlatPage").objects.filter(url__in=list(PAGES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_pages, remove_pages)]
