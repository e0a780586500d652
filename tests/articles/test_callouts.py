"""Callout boxes: Markdown syntax, sanitised markup, headings, plain text and print."""

from pathlib import Path

import pytest

from articles.models import Article
from articles.rendering import CALLOUT_HELP, plain_text, render_body

URGENT = """Intro.

::: urgent
- A temperature of 38°C or above
:::

## Common side effects

::: information Most are mild
Text <script>alert(1)</script> here.
:::

::: important "Important: keep your card"
Carry it.
:::
"""


def test_urgent_box_is_a_labelled_region_with_an_urgent_heading():
    html, toc = render_body(URGENT)
    assert (
        '<section aria-labelledby="callout-1" class="callout callout-urgent">'
        '\n<h2 class="callout-title" id="callout-1"><span class="callout-kind">Urgent advice:'
        "</span> call your care team now</h2>"
    ) in html
    assert "<li>A temperature of 38°C or above</li>" in html
    # Not an alert: the text is there on load; an alert would interrupt on every visit.
    assert 'role="alert"' not in html
    # The table of contents lists sections, not callout titles.
    assert toc == [
        {"id": "section-common-side-effects", "title": "Common side effects", "level": 2}
    ]


def test_important_and_information_boxes_are_labelled_notes_one_level_below_their_section():
    html, _ = render_body(URGENT)
    assert (
        '<div aria-labelledby="callout-2" class="callout callout-information" role="note">'
        '\n<h3 class="callout-title" id="callout-2"><span class="callout-kind">Information:'
        "</span> Most are mild</h3>"
    ) in html
    # The editor typed the label and quotes; neither is repeated.
    assert '<span class="callout-kind">Important:</span> keep your card</h3>' in html
    assert "<script" not in html and "&lt;script&gt;" in html


def test_callout_without_closing_line_runs_to_the_end_and_aliases_work():
    html, _ = render_body("::: warning Check this\nStill inside.\n\nAnd this.")
    assert html.count("callout-important") == 1
    assert html.rstrip().endswith("</div>")
    assert "And this." in html


def test_the_sanitiser_allows_only_the_callout_markup_we_render():
    hostile = "::: urgent Fine\nText\n:::\n\nSome [link](javascript:alert(1)) and text."
    html, _ = render_body(hostile)
    assert "javascript:" not in html
    from articles.rendering import _sanitize

    forged = _sanitize(
        '<div role="alert" class="callout evil" onclick="x()" style="color:red">x</div>'
        '<section aria-hidden="true" class="callout-urgent">y</section>'
    )
    assert 'role="alert"' not in forged and "onclick" not in forged and "style" not in forged
    assert 'class="callout"' in forged and "evil" not in forged and "aria-hidden" not in forged
    assert _sanitize('<div role="note">z</div>') == '<div role="note">z</div>'


def test_plain_text_reads_a_callout_as_its_heading_and_drops_the_fences():
    text = plain_text(URGENT)
    assert ":::" not in text
    assert "Urgent advice: call your care team now" in text
    assert "Important: keep your card" in text


def test_body_help_text_documents_the_syntax():
    help_text = Article._meta.get_field("body").help_text
    assert CALLOUT_HELP in help_text and "::: urgent" in help_text


def test_callouts_are_kept_and_styled_in_print():
    css = (
        (Path(__file__).parents[2] / "static/css/site.css")
        .read_text()
        .split("@media print {", 1)[1]
    )
    hidden = css.split("{ display: none !important; }")[0]
    assert ".callout" not in hidden
    assert ".callout {" in css and "page-break-inside: avoid" in css


@pytest.mark.django_db
def test_side_effects_demo_article_uses_urgent_important_and_information_boxes():
    from articles.demo import CONTENT_DIR

    html, _ = render_body((CONTENT_DIR / "side-effects.md").read_text())
    assert "callout-urgent" in html and "callout-important" in html
    assert "callout-information" in html
    assert "Urgent advice:</span> call your care team now" in html


NEPALI_URGENT = (
    "## के गर्ने\n\n::: urgent\n- ३८°C वा सोभन्दा बढी ज्वरो\n:::\n\n::: important\nकार्ड बोक्नुहोस्।\n:::"
)


def test_a_box_is_labelled_in_the_language_its_text_is_written_in():
    from django.utils import translation

    english, _ = render_body(URGENT)
    assert "Urgent advice:" in english and "call your care team now" in english
    nepali, _ = render_body(NEPALI_URGENT, "ne")
    assert "तत्काल सल्लाह:" in nepali and "अहिले नै आफ्नो उपचार टोलीलाई फोन गर्नुहोस्" in nepali
    assert "महत्त्वपूर्ण" in nepali and "Urgent advice" not in nepali
    assert "तत्काल सल्लाह" in plain_text(NEPALI_URGENT, "ne")
    # The reader's or editor's language at the time does not leak into the text.
    with translation.override("zh-hans"):
        assert render_body(URGENT)[0] == english


@pytest.mark.django_db
def test_a_translation_revision_labels_its_boxes_in_its_language():
    from tests.factories import published_article
    from tests.translation_factories import translate

    article = published_article(body="## What to do\n\n::: urgent\n- A fever\n:::")
    revision = translate(article, "ne", body=NEPALI_URGENT)
    assert "तत्काल सल्लाह:" in revision.body_html and "Urgent advice" not in revision.body_html
    assert "तत्काल सल्लाह" in revision.plain_body()
    assert "Urgent advice:" in article.approved_revision.body_html
