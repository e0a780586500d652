"""A reviewer's page: only what changed, rendered with the source one click away, the
pictures and SEO text side by side, the decision reachable at once, staleness shown."""

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import BodyImage
from eduportal.images import clean_uploaded_image
from reviews.models import SignOff
from tests.factories import ArticleFactory
from tests.images import image_bytes, upload
from tests.reviews.factories import approve_review, submit

pytestmark = pytest.mark.django_db

PARAGRAPHS = [f"Paragraph {n} stays exactly the same." for n in range(1, 7)]


def picture(colour):
    return clean_uploaded_image(upload(content=image_bytes((900, 500), colour=colour))).content


@pytest.fixture
def re_review(editor, specialist):
    """An approved article, then an edit of one paragraph, the hero, its alt text and
    credit, a figure and the SEO fields, sent for review."""
    article = ArticleFactory(
        body="\n\n".join(["## Dose", *PARAGRAPHS, "Take two tablets a day."]),
        hero_image=picture((10, 90, 100)), hero_alt="Old hero alt", hero_credit="Old credit",
        seo_title="Old SEO title", seo_description="Old SEO description",
    )  # fmt: skip
    figure = BodyImage.objects.create(
        article=article, image=picture((90, 9, 9)), alt_text="Old figure"
    )
    article.body += f"\n\n{figure.markdown()}"
    article.save()
    approve_review(submit(article, by=editor), specialist)
    article.refresh_from_db()
    article.body = article.body.replace("Take two tablets a day.", "Take one tablet a day.")
    article.hero_image = picture((200, 20, 20))
    article.hero_alt, article.hero_credit = "New hero alt", "New credit"
    article.seo_title, article.seo_description = "New SEO title", "New SEO description"
    article.save()
    figure.image = picture((9, 200, 9))
    figure.alt_text = "New figure"
    figure.save()
    article.body = re.sub(r"!\[Old figure\]\([^)]*\)", figure.markdown(), article.body)
    article.save()
    return submit(article, by=editor)


def page(client, review) -> str:
    response = client.get(reverse("admin:reviews_reviewqueueitem_change", args=[review.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_only_the_changed_paragraph_is_shown_unchanged_ones_fold(reviewer_client, re_review):
    html = page(reviewer_client, re_review)
    changes = html.split('id="changes-heading"')[1].split('id="decision"')[0]
    # The changed paragraph, rendered, old and new side by side …
    assert (
        '<div class="diff-old"><h4>Approved</h4><div class="review-body"><p>Take two tablets a day.</p>'
        in changes
    )
    assert (
        '<div class="diff-new"><h4>This revision</h4><div class="review-body"><p>Take one tablet a day.</p>'
        in changes
    )
    # … its Markdown source with the change marked behind a toggle …
    assert "<summary>Show the Markdown source with the changes marked</summary>" in changes
    assert "<del>two</del><ins>one</ins> <del>tablets</del><ins>tablet</ins>" in changes
    # … and the unchanged paragraphs folded away, never shown open.
    assert re.search(
        r'<details class="diff-unchanged">\s*<summary>7 unchanged paragraphs</summary>', changes
    )
    assert '<details class="diff-unchanged" open' not in changes
    assert "<script" not in changes


def test_hero_alt_credit_figures_and_seo_side_by_side(reviewer_client, re_review):
    html = page(reviewer_client, re_review)
    changes = html.split('id="changes-heading"')[1].split('id="decision"')[0]
    old, new = re_review.article.approved_revision, re_review.revision
    for label, before, after in [
        ("Hero image alt text", "Old hero alt", "New hero alt"),
        ("Hero image credit", "Old credit", "New credit"),
        ("SEO title (search engines, browser tab)", "Old SEO title", "New SEO title"),
        (
            "SEO description (search engines, shared links)",
            "Old SEO description",
            "New SEO description",
        ),
    ]:
        row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', changes, re.S).group(
            1
        )
        assert (
            f'<td class="diff-old">{before}</td>' in row
            and f'<td class="diff-new">{after}</td>' in row
        )
    hero_row = re.search(r'<th scope="row">Hero image</th>(.*?)</tr>', changes, re.S).group(1)
    assert (
        old.hero_renditions["jpeg"][0][1] in hero_row
        and new.hero_renditions["jpeg"][0][1] in hero_row
    )
    figures = changes.split('id="diff-figures-heading"')[1]
    assert "Old figure" in figures and "New figure" in figures
    assert old.figures[0]["src"] in figures and new.figures[0]["src"] in figures


def test_the_decision_is_one_click_away_and_right_after_the_changes(reviewer_client, re_review):
    html = page(reviewer_client, re_review)
    assert '<a class="button" href="#decision">Go to your decision</a>' in html
    changes_at = html.index('id="changes-heading"')
    decision_at = html.index('id="decision"')
    full_text_at = html.index("The whole text as it will be published")
    assert changes_at < decision_at < full_text_at
    # The full text comes after the form, folded: the reviewer never scrolls past it twice.
    assert '<details class="review-text-details">' in html


def test_a_stale_review_says_so_at_once_and_takes_no_decision(reviewer_client, editor, re_review):
    article = re_review.article
    article.body += "\n\nA later edit."
    article.save()
    article_services.record_revision(article=article, by=editor)
    html = page(reviewer_client, re_review)
    top = html.split('id="changes-heading"')[0]
    assert "This review is out of date." in top and 'role="alert"' in top
    assert 'name="decision"' not in html and '#decision">Go to your decision' not in html
    url = reverse("admin:reviews_reviewqueueitem_change", args=[re_review.pk])
    reviewer_client.post(url, {"decision": "approve", "comment": ""})
    assert not SignOff.objects.filter(review=re_review).exists()


def test_a_first_review_shows_everything_as_new(reviewer_client, editor):
    review = submit(
        ArticleFactory(body="## Start\n\nAll new text.", seo_title="First SEO"), by=editor
    )
    html = page(reviewer_client, review)
    assert "Everything is new" in html and "<p>All new text.</p>" in html
    assert "First SEO" in html and "Approved</h4>" not in html


def test_a_scheduled_review_of_unchanged_text_says_so(reviewer_client, editor, specialist):
    article = ArticleFactory()
    approve_review(submit(article, by=editor), specialist)
    html = page(reviewer_client, submit(article, by=editor))
    assert "No changes since your last approval" in html
    assert '<details class="review-text-details" open>' in html
