"""A clinician signs off an edit in the admin; the public sees the new text only then.
axe checks the specialist directory and profile pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from articles import services as article_services
from reviews.models import SignOff
from tests.e2e.conftest import sign_in_to_admin
from tests.factories import ArticleFactory, editor_user, reviewer
from tests.images import image_bytes
from tests.reviews.factories import approve_review, record_check, submit, verified_specialist

pytestmark = pytest.mark.django_db(transaction=True)

OLD = "Take two tablets a day."
FIRST_EDIT = "Take one tablet a day."
FIXED = "Take one tablet a day, with food."
SEO_TITLE = "Nausea tablets: how to take them"
HERO_ALT = "A glass of water beside a small white tablet."


@pytest.fixture
def people():
    editor = editor_user(username="editor", first_name="Elena", last_name="Marsh")
    clinician = reviewer(username="dr.okafor")
    specialist = verified_specialist(
        user=clinician, full_name="Adaeze Okafor", slug="adaeze-okafor", post_nominals="MD, PhD"
    )
    specialist.clinical_interests.set(["immunotherapy"])
    record_check(specialist)  # the profile shows the interests a check recorded
    return editor, clinician, specialist


@pytest.fixture
def article(people):
    editor, _, specialist = people
    article = ArticleFactory(title="Tablets for nausea", body=f"## How to take them\n\n{OLD}")
    approve_review(submit(article, by=editor), specialist)
    article.refresh_from_db()
    return article_services.publish_article(
        article=article, by=editor, when=timezone.now() - timedelta(days=30)
    )


@pytest.fixture
def log_in(browser, live_server):
    """A separate, logged-in browser for each member of staff; closed after the test so
    no request is still running while the database is reset."""
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


def edit_body(page, article, text, *, hero_and_seo=False):
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.fill("#id_body", f"## How to take them\n\n{text}")
    if hero_and_seo:
        page.set_input_files(
            "#id_hero_image",
            files=[
                {"name": "hero.jpg", "mimeType": "image/jpeg", "buffer": image_bytes((1200, 600))}
            ],
        )
        page.fill("#id_hero_alt", HERO_ALT)
        page.fill("#id_hero_credit", "Source: eduportal")
        page.get_by_text("Search engines and sharing").click()
        page.fill("#id_seo_title", SEO_TITLE)
    page.locator('input[name="_save"]').click()
    page.wait_for_url("**/admin/articles/article/")
    expect(page.locator(".messagelist .success")).to_have_count(1)


def submit_for_review(page, article):
    page.goto("/admin/articles/article/")
    page.locator(f'input.action-select[value="{article.pk}"]').check()
    page.select_option('select[name="action"]', "submit_for_review")
    page.get_by_role("button", name="Go").click()
    page.select_option("#id_reviewer", label="Dr Adaeze Okafor")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".messagelist")).to_contain_text("sent for medical review")


def open_queue_item(page, title):
    page.goto("/admin/")
    page.get_by_role("link", name="My review queue").click()
    page.get_by_role("link", name=title).click()
    assert page.get_by_role("heading", name="Your decision").is_visible()


def test_edit_waits_for_sign_off_then_goes_live(page, log_in, people, article):
    editor_page = log_in("editor")
    edit_body(editor_page, article, FIRST_EDIT, hero_and_seo=True)

    # The public still reads the approved text, without the new hero or SEO title.
    page.goto(article.get_absolute_url())
    assert OLD in page.locator(".article-body").inner_text()
    assert FIRST_EDIT not in page.content()
    expect(page.locator(".hero-figure")).to_have_count(0)
    assert SEO_TITLE not in page.title() and HERO_ALT not in page.content()

    submit_for_review(editor_page, article)

    # The reviewer reads the changes and asks for one more.
    reviewer_page = log_in("dr.okafor")
    open_queue_item(reviewer_page, "Tablets for nausea")
    expect(reviewer_page.locator(".revision-diff del", has_text="two")).to_have_count(1)
    expect(reviewer_page.locator(".revision-diff ins", has_text="one")).to_have_count(1)
    assert FIRST_EDIT in reviewer_page.locator(".diff-new .review-body").inner_text()
    assert OLD in reviewer_page.locator(".diff-old .review-body").inner_text()
    # The Markdown source is one click away; the hero and SEO title side by side.
    reviewer_page.get_by_text("Show the Markdown source with the changes marked").click()
    expect(reviewer_page.locator(".diff-source del", has_text="two")).to_be_visible()
    expect(reviewer_page.locator(".diff-unchanged")).to_contain_text("1 unchanged paragraph")
    media = reviewer_page.locator(".diff-media")
    expect(media.locator("tr", has_text="SEO title")).to_contain_text(SEO_TITLE)
    expect(media.locator("tr", has_text="Hero image alt text")).to_contain_text(HERO_ALT)
    expect(media.locator("tr", has_text="Hero image credit")).to_contain_text("Source: eduportal")
    expect(media.locator(".diff-new picture img")).to_have_count(1)
    # The decision is one click from the top.
    reviewer_page.get_by_role("link", name="Go to your decision").click()
    assert reviewer_page.url.endswith("#decision")
    reviewer_page.get_by_label("Request changes").check()
    reviewer_page.get_by_role("button", name="Record decision").click()
    expect(reviewer_page.locator("#comment-error")).to_contain_text("what needs to change")
    reviewer_page.get_by_label("Comment", exact=True).fill("Please say to take it with food.")
    reviewer_page.get_by_role("button", name="Record decision").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("request for changes")

    page.reload()
    assert OLD in page.locator(".article-body").inner_text()

    # The editor fixes it and sends it again; the reviewer approves.
    edit_body(editor_page, article, FIXED)
    submit_for_review(editor_page, article)
    open_queue_item(reviewer_page, "Tablets for nausea")
    reviewer_page.get_by_label("Approve", exact=True).check()
    reviewer_page.get_by_label("Comment", exact=True).fill("Added advice to take with food.")
    reviewer_page.get_by_label("Show my comment in the article's public change history").check()
    reviewer_page.get_by_role("button", name="Record decision").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("approved")

    # The public page shows the new text, hero and SEO title, the reviewer and today's date.
    page.reload()
    assert FIXED in page.locator(".article-body").inner_text()
    assert page.title() == f"{SEO_TITLE} · eduportal"
    expect(page.locator(".hero-figure img")).to_have_attribute("alt", HERO_ALT)
    reviewed_by = page.locator(".reviewed-by").inner_text()
    today = date_format(timezone.localdate(), "j F Y")
    assert reviewed_by == f"Medically reviewed by Dr Adaeze Okafor, MD, PhD on {today}"
    page.get_by_role("link", name="Change history").click()
    assert "Added advice to take with food." in page.locator("main").inner_text()
    assert SignOff.objects.filter(article=article).count() == 3
    assert page.csp_errors == []


def test_specialist_directory_and_profile_are_accessible(page, people, article, assert_accessible):
    page.goto("/specialists/")
    assert_accessible(page, context="specialist directory")
    page.get_by_role("link", name="immunotherapy").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Our specialists: immunotherapy"
    page.get_by_role("link", name="Dr Adaeze Okafor, MD, PhD").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dr Adaeze Okafor, MD, PhD"
    assert page.get_by_role("link", name="Tablets for nausea").is_visible()
    assert_accessible(page, context="specialist profile")
    page.goto(article.get_absolute_url())
    assert_accessible(page, context="article page with review block")
    page.get_by_role("link", name="Change history").click()
    assert_accessible(page, context="change history")
    assert page.csp_errors == []
