"""docs/source-pages.md (every element of the two source pages and where eduportal
shows it) stays true: the files it names exist, the templates still hold the wording it
quotes, and the README links it."""

import re

from tests.processes import ROOT

DOC = ROOT / "docs" / "source-pages.md"

# (file, wording the doc quotes from it)
WORDING = [
    ("templates/reviews/includes/article_review_block.html", "Medically reviewed by"),
    ("templates/reviews/includes/article_review_block.html", "Next review due"),
    (
        "templates/reviews/includes/article_review_block.html",
        "This page is due for a medical review",
    ),
    ("templates/articles/article_detail.html", "Written by"),
    ("templates/articles/article_detail.html", "Published"),
    ("templates/articles/article_detail.html", "Updated"),
    ("templates/articles/article_detail.html", "min read"),
    ("templates/articles/article_detail.html", "On this page"),
    ("templates/articles/article_detail.html", "revision.hero_credit"),
    ("articles/rendering.py", "Urgent advice"),
    ("articles/rendering.py", "call your care team now"),
    ("templates/includes/share_links.html", "Share this page"),
    ("templates/includes/share_links.html", "WhatsApp"),
    ("templates/includes/share_links.html", "LinkedIn"),
    ("templates/includes/share_links.html", "Copy link"),
    ("templates/reviews/includes/fact_check_note.html", "Medically reviewed and fact-checked"),
    (
        "templates/reviews/includes/fact_check_note.html",
        "This article has been medically reviewed and fact-checked by",
    ),
    ("templates/reviews/includes/fact_check_note.html", "editorial policy"),
    (
        "templates/stories/includes/article_stories.html",
        "Stories from people who have been there",
    ),
    ("templates/stories/includes/article_stories.html", "More survivor stories"),
    ("templates/stories/includes/article_stories.html", "Share yours"),
    ("templates/stories/story_list.html", "Your story could inspire others — share yours"),
    ("templates/stories/story_detail.html", "Your story could inspire others — share yours"),
    ("templates/reviews/includes/specialist_box.html", "The specialist"),
    ("templates/reviews/includes/specialist_box.html", '{% translate "Degrees" %}'),
    ("templates/reviews/includes/specialist_box.html", '{% translate "Registration" %}'),
    ("templates/reviews/includes/specialist_box.html", "checked by our team on"),
    ("templates/reviews/includes/specialist_box.html", "Position{% plural %}Positions"),
    ("templates/reviews/includes/specialist_box.html", "Programme role{% plural %}Programme roles"),
    ("templates/reviews/includes/specialist_box.html", '{% translate "Clinical interests" %}'),
    ("templates/reviews/includes/specialist_box.html", "'s profile"),
    ("templates/stories/includes/article_comments.html", " thought"),
    ("templates/stories/includes/article_comments.html", "Comments on “"),
    ("templates/stories/includes/article_comments.html", "No comments yet."),
    ("templates/stories/includes/article_comments.html", "Leave a comment"),
    ("templates/stories/includes/article_comments.html", "Comments are closed on this article."),
    ("templates/stories/includes/comment_form.html", "Post comment"),
]


def test_every_file_the_table_names_exists():
    text = DOC.read_text()
    paths = set(re.findall(r"`((?:templates|articles|reviews|stories|eduportal)/[^`\s]+)`", text))
    assert len(paths) >= 10
    for path in paths:
        assert list(ROOT.glob(path)), path


def test_the_templates_still_say_what_the_table_quotes():
    text = DOC.read_text()
    for path, wording in WORDING:
        assert f"`{path}`" in text, path
        assert wording in (ROOT / path).read_text(), (path, wording)


def test_every_source_element_has_a_row_and_the_readme_links_the_table():
    text = DOC.read_text()
    for element in [
        "Medically reviewed by",
        "writer",
        "date",
        "reading time",
        "Source:",
        "bullet lists",
        "side-effects list",
        "share links",
        "fact-checked",
        "Explore Cancer Stories",
        "Your story could inspire others",
        "question headings",
        "Breast Cancer Specialist",
        "degree",
        "council registration number",
        "name",
        "head of department and senior consultant",
        "programme director",
        "interests",
        "1 thought on",
        "Leave a Comment",
    ]:
        assert re.search(rf"^\| [^|]*{re.escape(element)}", text, re.MULTILINE), element
    assert "(docs/source-pages.md)" in (ROOT / "README.md").read_text()
