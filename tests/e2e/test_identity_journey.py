"""Borrowed identity, in the browser: an editor re-links a checked specialist profile to
another login; the profile at once shows as unchecked, and the other login cannot sign
off under that name. axe checks the article page with its specialist box."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import services as article_services
from reviews.models import SignOff
from tests.e2e.conftest import sign_in_to_admin
from tests.factories import ArticleFactory, editor_user, reviewer
from tests.reviews.factories import approve_review, record_check, submit, verified_specialist

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    editor = editor_user(username="editor", first_name="Elena", last_name="Marsh")
    okafor = verified_specialist(
        user=reviewer(username="dr.okafor"),
        full_name="Adaeze Okafor",
        slug="adaeze-okafor",
        post_nominals="MD, PhD",
    )
    okafor.clinical_interests.set(["immunotherapy"])
    record_check(okafor)  # the public sees the interests a check recorded
    other = reviewer(username="dr.other", first_name="Otto", last_name="Other")
    article = ArticleFactory(title="Tablets for nausea", references=["A guideline"])
    approve_review(submit(article, by=editor), okafor)
    article.refresh_from_db()
    article_services.publish_article(
        article=article, by=editor, when=timezone.now() - timedelta(days=3)
    )
    article.body += "\n\nTake them with food."
    article.save()
    pending = submit(article, by=editor)
    return {"okafor": okafor, "other": other, "article": article, "pending": pending}


@pytest.fixture
def log_in(browser, live_server):
    contexts = []

    def open_as(username):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in_to_admin(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_relinking_a_checked_profile_leaves_it_unchecked_and_unusable(
    page, log_in, story, assert_accessible
):
    okafor, article = story["okafor"], story["article"]

    # Before: the article presents the checked reviewer, with the specialist box.
    page.goto(article.get_absolute_url())
    expect(page.locator(".specialist-box")).to_contain_text("Dr Adaeze Okafor")
    expect(page.locator(".fact-check")).to_contain_text("medically reviewed and fact-checked")
    assert_accessible(page, context="article page with specialist box and fact-check note")

    # An editor links the profile to another login, through the admin's own form.
    editor = log_in("editor")
    editor.goto(f"/admin/reviews/specialist/{okafor.pk}/change/")
    editor.locator(".field-user .select2-selection").click()
    editor.locator(".select2-search__field").fill("dr.other")
    editor.locator(".select2-results__option", has_text="dr.other").click()
    editor.locator('input[name="_save"]').click()
    editor.wait_for_url("**/admin/reviews/specialist/")
    expect(editor.locator(".messagelist .warning")).to_contain_text("no longer holds")
    row = editor.locator("#result_list tbody tr", has_text="Adaeze Okafor")
    expect(row).to_contain_text("Not checked")

    # The profile shows as unchecked everywhere the public looks.
    response = page.goto(okafor.get_absolute_url())
    assert response.status == 404
    page.goto(article.get_absolute_url())
    expect(page.locator(".reviewed-by")).to_contain_text("Dr Adaeze Okafor, MD, PhD")
    expect(page.locator(".reviewed-by a")).to_have_count(0)
    expect(page.locator(".specialist-box")).to_have_count(0)
    assert_accessible(page, context="article page after the reviewer's check was voided")

    # The other login cannot sign off under that name, and is told why at once.
    other = log_in("dr.other")
    other.get_by_role("link", name="My review queue").click()
    notice = other.locator(".standing-notice")
    expect(notice).to_contain_text("You cannot sign off reviews yet")
    expect(notice).to_contain_text("linked to another login")
    other.get_by_role("link", name="Tablets for nausea").click()
    expect(other.locator(".standing-notice")).to_contain_text("You cannot sign off")
    expect(other.get_by_role("heading", name="Your decision")).to_have_count(0)
    assert not SignOff.objects.filter(review=story["pending"]).exists()
    assert page.csp_errors == []


def test_governance_dashboard_is_accessible(log_in, story, assert_accessible):
    from stories.models import Comment
    from tests.stories.factories import CommentFactory

    CommentFactory(article=story["article"], status=Comment.Status.PENDING)
    editor = log_in("editor")
    editor.get_by_role("link", name="Open the governance dashboard").click()
    expect(editor.get_by_role("heading", name="Credential checks")).to_be_visible()
    expect(editor.locator("svg.chart")).to_have_count(1)  # the waiting comment
    expect(editor.locator("table.chart-table")).to_have_count(1)
    assert_accessible(editor, context="governance dashboard")
