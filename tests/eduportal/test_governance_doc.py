"""docs/clinical-governance.md classifies every field of every model with public pages,
and names every signed-off field of the revision."""

from pathlib import Path

import pytest
from django.apps import apps

DOC = (Path(__file__).resolve().parents[2] / "docs" / "clinical-governance.md").read_text()

# Every model with fields on public pages.
CLASSIFIED_HERE = ["articles.Article", "articles.BodyImage", "articles.Reference",
                   "articles.GlossaryTerm", "articles.Topic", "articles.Author",
                   "articles.SearchSynonym", "flatpages.FlatPage", "stories.Story",
                   "stories.Comment", "stories.Helpline", "reviews.Specialist",
                   "reviews.Position", "reviews.Specialty",
                   "reviews.ClinicalInterest"]  # fmt: skip


def section(model_label: str) -> str:
    name = model_label.split(".")[1]
    if name == "Article":
        return DOC[DOC.index("## Articles") : DOC.index("`BodyImage`")]
    if name in {"BodyImage", "Reference"}:
        start = DOC.index(f"`{name}` —")
        return DOC[start : DOC.index("\n\n", start)]
    start = DOC.index(f"`{model_label}`")
    return DOC[start : DOC.find("\n## ", start)]


@pytest.mark.parametrize("label", CLASSIFIED_HERE)
def test_every_field_is_classified(label):
    model = apps.get_model(label)
    text = section(label)
    skip = {"id", "tagged_items"}  # taggit's join rows, shown as `tags`
    if label in {"articles.BodyImage", "articles.Reference"}:
        skip.add("article")
    missing = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and field.name not in skip
        and f"`{field.name}`" not in text and f" {field.name}," not in text
        and f"`{field.name}" not in text
    ]  # fmt: skip
    tags = [f.name for f in model._meta.private_fields]
    missing += [name for name in tags if name not in skip and f"`{name}`" not in text]
    assert missing == [], f"{label}: {missing} not classified in docs/clinical-governance.md"


def test_every_signed_off_field_is_in_the_revision_and_the_doc():
    from articles.models import ArticleRevision

    revision_fields = {f.name for f in ArticleRevision._meta.get_fields()}
    content = ArticleRevision(references=[], figures=[]).content()
    for key in content:
        assert f"`{key}`" in DOC or key == "hero", key
    for name in ["title", "summary", "body", "references", "seo_title", "seo_description",
                 "hero_image", "hero_alt", "hero_credit", "figures"]:  # fmt: skip
        assert name in revision_fields
    assert DOC.count("| signed off |") >= 9


def test_the_credential_check_sections_are_written():
    for heading in ("## Specialists and credential checks", "## Comments and staff replies"):
        assert heading in DOC
    assert "Written with the credential-check work." not in DOC
    for rule in ("CredentialCheck.objects.in_force()", "Specialist.objects.public()"):
        assert rule in DOC


def test_the_profile_json_ld_line_says_what_the_code_emits():
    from reviews.structured_data import specialist_json_ld

    assert "Profile JSON-LD (`Physician`)" not in DOC
    assert "Profile JSON-LD (`Person` with `hasOccupation`" in DOC
    source = Path(specialist_json_ld.__code__.co_filename).read_text()
    assert '"@type": "Person"' in source and '"hasOccupation"' in source


def test_the_glossary_is_signed_off_and_every_public_surface_reads_the_approved_text():
    from articles.models.glossary import GLOSSARY_TEXT_FIELDS

    rows = {
        line.split("`")[1]: line
        for line in section("articles.GlossaryTerm").splitlines()
        if line.startswith("| `")
    }
    for name in GLOSSARY_TEXT_FIELDS:
        assert "| signed off" in rows[name] and "| signed off" in rows[f"approved_{name}"], name
    text = section("articles.GlossaryTerm")
    assert "reviews.services.approve_glossary_term" in text
    assert "GlossaryTerm.objects.published()" in DOC[DOC.index("## Every public surface") :]
