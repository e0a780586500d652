from django.db import migrations

from eduportal.sitepages import RAW_HTML_TAG


def html_to_markdown(apps, schema_editor):
    """Site pages are Markdown, like articles: convert pages stored as HTML, once, and
    give every page the site's own template."""
    from markdownify import markdownify

    for page in apps.get_model("flatpages", "FlatPage").objects.all():
        content = page.content
        if RAW_HTML_TAG.search(content or ""):
            content = markdownify(content, heading_style="ATX", bullets="-", escape_misc=False)
        page.content = content.strip()
        page.template_name = ""
        page.save(update_fields=["content", "template_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("eduportal", "0005_reviewers_approve_through_lifecycle"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(html_to_markdown, migrations.RunPython.noop)]
