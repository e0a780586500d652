"""The translator's desk (source and translation side by side, what changed in the
English), the queue per language, and the governance dashboard's translation counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services as article_services
from articles import translations
from articles.desk_alignment import Status, blocks, desk_rows
from articles.models import ArticleTranslation, BodyImage
from articles.translation_work import State, translation_work
from eduportal.governance import build_dashboard
from eduportal.images import clean_uploaded_image
from tests.factories import ArticleFactory, approve, editor_user, moderator, published_article
from tests.images import image_bytes, upload
from tests.reviews.factories import approve_review, submit, verified_specialist
from tests.translation_factories import (  # noqa: F401 - fixtures are used by name
    NEPALI,
    english_afterwards,
    language_reviewer,
    public_translation,
    translate,
    translator_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_afterwards")]

QUEUE = reverse("translation-queue")
ENGLISH_BODY = (
    "## What it is\n\nImmunotherapy helps your immune system.\n\n"
    "## How it is given\n\nThrough a drip.\n\n## Side effects\n\nTiredness and a rash."
)


def picture():
    return clean_uploaded_image(upload(content=image_bytes((900, 500)))).content


def desk_url(translation) -> str:
    return reverse("translation-desk", args=[translation.pk])


def english_change(article, editor, *, body, safety: str = ""):
    """A new English revision, approved (and marked safety-relevant when `safety`)."""
    article.body = body
    article.save()
    revision = article_services.record_revision(article=article, by=editor)
    if safety:
        translations.mark_safety_relevant(revision=revision, by=editor, reason=safety)
    approve_review(submit(article, by=editor), verified_specialist(full_name="English Reviewer"))
    article.refresh_from_db()
    return article


@pytest.fixture
def nepali(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = published_article(
            title="What is immunotherapy?",
            body=ENGLISH_BODY,
            care_team_questions="How long will my treatment last?\nWho do I call at night?",
        )
        translation = public_translation(article, "ne")
    return translation


# Alignment ----------------------------------------------------------------------------


def test_blocks_keep_a_callout_box_whole():
    body = "Intro.\n\n::: urgent Call now\n\nFever over 38°C.\n\nChills.\n\n:::\n\nAfter."
    assert blocks(body) == [
        "Intro.",
        "::: urgent Call now\n\nFever over 38°C.\n\nChills.\n\n:::",
        "After.",
    ]


def test_rows_align_headings_and_follow_the_english_changes():
    old = "Intro.\n\n## Rest\n\nPlan your day.\n\n## Move\n\nGentle walks help.\n\nOld tip."
    new = (
        "Intro.\n\n## Rest\n\nPlan your day carefully.\n\nNew tip.\n\n## Move\n\nGentle walks help."
    )
    translated = (
        "介绍。\n\n## 休息\n\n计划你的一天。\n\n另一段。\n\n## 运动\n\n散步有帮助。\n\n旧提示。"
    )
    rows = desk_rows(old_source=old, current_source=new, translation=translated)
    summary = [(row.status, row.heading) for row in rows]
    assert summary == [
        (Status.SAME, False),
        (Status.SAME, True),
        (Status.CHANGED, False),
        (Status.EXTRA, False),  # the translator split this paragraph in two
        (Status.ADDED, False),
        (Status.SAME, True),
        (Status.SAME, False),
        (Status.REMOVED, False),
    ]
    assert "休息" in rows[1].translation_html and "Rest" in rows[1].source_html
    assert "计划你的一天" in rows[2].translation_html
    assert "<ins>" in rows[2].source_diff and "Plan your day." in rows[2].old_source_html
    assert rows[4].translation_html == ""  # new English, nothing translated yet
    assert "旧提示" in rows[7].translation_html and rows[7].source_html == ""
    # Rendered blocks carry no ids, so the two columns never repeat one.
    assert ' id="' not in "".join(row.source_html + row.translation_html for row in rows)


def test_without_matching_headings_rows_pair_by_position():
    rows = desk_rows(
        old_source="A.\n\nB.", current_source="A.\n\nB.", translation="甲。\n\n## 乙\n\n丙。"
    )
    assert [row.status for row in rows] == [Status.SAME, Status.SAME, Status.EXTRA]


def test_the_translation_column_labels_callout_boxes_in_its_language():
    rows = desk_rows(
        old_source="::: urgent\nCall now.\n:::",
        current_source="::: urgent\nCall now.\n:::",
        translation="::: urgent\nअहिले फोन गर्नुहोस्।\n:::",
        language="ne",
    )
    assert "Urgent advice" in rows[0].source_html
    assert "तत्काल सल्लाह" in rows[0].translation_html
    assert "Urgent advice" not in rows[0].translation_html


# The desk -----------------------------------------------------------------------------


def test_the_desk_shows_english_and_translation_side_by_side(client, nepali):
    client.force_login(translator_user())
    response = client.get(desk_url(nepali))
    assert response.status_code == 200
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    rows = response.context["body_rows"]
    assert [row.status for row in rows] == [Status.SAME] * 6
    assert "What it is" in rows[0].source_html and "यो के हो" in rows[0].translation_html
    assert 'lang="ne"' in html and 'lang="en"' in html
    labels = [row.label for row in response.context["field_rows"]]
    assert labels[:2] == ["Title", "Summary"] and "Question 1" in labels
    assert NEPALI["title"] in html and "How long will my treatment last?" in html
    # From the desk to the translation's admin page and back.
    change = reverse("admin:articles_articletranslation_change", args=[nepali.pk])
    assert f'href="{change}"' in html
    assert desk_url(nepali) in client.get(change).content.decode()


def test_the_desk_marks_what_changed_in_the_english(
    client, nepali, django_capture_on_commit_callbacks
):
    editor = editor_user(username="desk-editor")
    with django_capture_on_commit_callbacks(execute=True):
        english_change(
            nepali.article, editor,
            body=ENGLISH_BODY.replace("Through a drip.", "Through a drip, every three weeks."),
        )  # fmt: skip
    client.force_login(translator_user())
    response = client.get(desk_url(nepali))
    context = response.context
    assert context["out_of_date"]
    changed = [row for row in context["body_rows"] if row.source_changed]
    assert len(changed) == 1 and "every three weeks" in changed[0].source_html
    assert "<ins>" in changed[0].source_diff
    assert "नसाबाट" in changed[0].translation_html  # the translation still says the old
    html = response.content.decode()
    assert "The English changed since revision" in html and "English changed" in html


def test_the_desk_works_with_figures_and_questions(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(body=ENGLISH_BODY, care_team_questions="Is it safe?")
        figure = BodyImage.objects.create(article=article, image=picture(), alt_text="A drip")
        article.body += f"\n\n{figure.markdown()}"
        article.save()
        article_services.record_revision(article=article, by=None)
        approve(article)
        article_services.publish_article(article=article, by=None)
        article.refresh_from_db()
        src = article.approved_revision.figures[0]["src"]
        translation = public_translation(
            article, "ne", body=NEPALI["body"] + f"\n\n![नसाबाट औषधि]({src})",
            questions=["के यो सुरक्षित छ?"],
        )  # fmt: skip
    client.force_login(translator_user())
    response = client.get(desk_url(translation))
    assert response.status_code == 200
    rows = {row.label: row for row in response.context["field_rows"]}
    assert rows["Figure 1 alt text"].source == "A drip"
    assert rows["Figure 1 alt text"].translation == "नसाबाट औषधि"
    assert rows["Question 1"].source == "Is it safe?"
    assert rows["Question 1"].translation == "के यो सुरक्षित छ?"


def test_the_desk_for_an_article_not_yet_translated(client):
    article = published_article(body=ENGLISH_BODY)
    client.force_login(translator_user())
    url = reverse("translation-desk-for-article", args=[article.pk, "ta"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Not translated into" in response.content.decode()
    assert all(row.translation_html == "" for row in response.context["body_rows"])
    assert (
        client.get(reverse("translation-desk-for-article", args=[article.pk, "xx"])).status_code
        == 404
    )


def test_a_reviewer_gets_a_link_to_record_their_decision(
    client, django_capture_on_commit_callbacks
):
    article = published_article(body=ENGLISH_BODY)
    revision = translate(article, "ne", by=translator_user())
    translation = ArticleTranslation.objects.get(pk=revision.translation_id)
    client.force_login(language_reviewer("ne").user)
    html = client.get(desk_url(translation)).content.decode()
    sign_off = reverse("admin:reviews_translationsignoff_add")
    assert f"{sign_off}?revision={revision.pk}" in html
    # A reviewer for another language reads the desk but gets no such link.
    client.force_login(language_reviewer("ta", username="ta-only").user)
    html = client.get(desk_url(translation)).content.decode()
    assert f"{sign_off}?revision=" not in html


@pytest.mark.parametrize(
    "who, status",
    [
        (lambda: translator_user(), 200),
        (lambda: editor_user(username="e"), 200),
        (lambda: language_reviewer("ne", username="r").user, 200),
        (lambda: moderator(username="m"), 403),
    ],
)
def test_who_may_open_the_desk_and_the_queue(client, nepali, who, status):
    client.force_login(who())
    assert client.get(desk_url(nepali)).status_code == status
    assert client.get(QUEUE).status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client, nepali):
    for url in (desk_url(nepali), QUEUE):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_desk_query_count_is_constant(client, nepali, django_assert_max_num_queries):
    client.force_login(translator_user())
    client.get(desk_url(nepali))  # the staff session's first request records it
    with CaptureQueriesContext(connection) as few:
        client.get(desk_url(nepali))
    for n in range(5):
        nepali = ArticleTranslation.objects.get(pk=nepali.pk)
        translate(nepali.article, "ne", title=f"शीर्षक {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(desk_url(nepali))
    # Session, user, second factor, permissions; the translation, its latest revision,
    # its decisions; the session's activity stamp.
    assert len(few.captured_queries) <= 14


# The queue ----------------------------------------------------------------------------


@pytest.fixture
def queue_site(django_capture_on_commit_callbacks):
    """In Nepali: one up to date, one out of date, one withdrawn, one waiting for
    review, one never translated."""
    editor = editor_user(username="queue-editor")
    reviewer = language_reviewer("ne", username="queue-reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        articles = {
            name: published_article(title=title, body=ENGLISH_BODY)
            for name, title in [
                ("current", "A current one"),
                ("stale", "B stale one"),
                ("withdrawn", "C withdrawn one"),
                ("waiting", "D waiting one"),
                ("untranslated", "E untranslated one"),
            ]
        }
        for name in ("current", "stale", "withdrawn"):
            public_translation(articles[name], "ne", specialist=reviewer)
        translate(articles["waiting"], "ne", by=translator_user())
        english_change(articles["stale"], editor, body=ENGLISH_BODY + "\n\nMore.")
        english_change(
            articles["withdrawn"], editor, body=ENGLISH_BODY + "\n\nCall at 38°C.",
            safety="A new fever threshold.",
        )  # fmt: skip
    return articles


def test_the_queue_lists_work_per_language_withdrawn_first(client, queue_site):
    client.force_login(translator_user(username="t2"))
    response = client.get(QUEUE, {"language": "ne"})
    assert response.status_code == 200
    nepali = response.context["selected"]
    assert nepali.code == "ne"
    assert [(item.title, item.state) for item in nepali.to_translate] == [
        ("C withdrawn one", State.WITHDRAWN),
        ("B stale one", State.OUT_OF_DATE),
        ("E untranslated one", State.NOT_TRANSLATED),
    ]
    assert [item.title for item in nepali.to_review] == ["D waiting one"]
    assert [item.title for item in nepali.up_to_date] == ["A current one"]
    # Every other language: everything to translate.
    tamil = next(work for work in response.context["work"] if work.code == "ta")
    assert len(tamil.to_translate) == 5
    html = response.content.decode()
    assert "Withdrawn from the site" in html and 'aria-current="page"' in html


def test_the_queue_agrees_with_the_out_of_date_rule(queue_site):
    (nepali,) = translation_work(["ne"])
    out_of_date = {
        t.article.title for t in ArticleTranslation.objects.out_of_date().in_language("ne")
    }
    assert out_of_date == {"B stale one", "C withdrawn one"}
    assert nepali.out_of_date == 1 and nepali.withdrawn == 1 and nepali.awaiting_review == 1


def test_a_reviewer_sees_their_languages_and_their_own_work_marked(client, queue_site):
    reviewer = language_reviewer("ne", username="queue-reviewer-2")
    client.force_login(reviewer.user)
    response = client.get(QUEUE)
    assert [work.code for work in response.context["work"]] == ["ne"]
    assert response.context["standing"].may_sign_off
    assert "Record your decision" in response.content.decode()


def test_a_reviewer_who_cannot_sign_off_is_told_why(client, queue_site):
    no_languages = language_reviewer(username="no-languages")
    client.force_login(no_languages.user)
    html = client.get(QUEUE).content.decode()
    assert "You cannot sign off translations yet" in html
    assert "lists no language other than English" in html


def test_queue_query_count_is_constant(client, queue_site, django_assert_max_num_queries):
    client.force_login(translator_user(username="t3"))
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for n in range(4):
        article = published_article(title=f"More {n}", body=ENGLISH_BODY)
        public_translation(article, "ta", specialist=language_reviewer("ta", username=f"ta{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(QUEUE)
    # Session, user, second factor, permissions; the articles; their translations.
    assert len(few.captured_queries) <= 12


def test_the_admin_index_links_to_the_queue(client):
    client.force_login(translator_user())
    assert QUEUE in client.get(reverse("admin:index")).content.decode()


# The governance dashboard -------------------------------------------------------------


def test_the_dashboard_counts_translations_per_language(client, queue_site):
    dashboard = build_dashboard()
    nepali = next(work for work in dashboard.translations if work.code == "ne")
    assert (nepali.withdrawn, nepali.out_of_date, nepali.awaiting_review) == (1, 1, 1)
    rows = dict(dashboard.translations_chart.rows)
    assert rows["नेपाली"] == [1, 1, 1]
    client.force_login(editor_user(username="dash-editor"))
    html = client.get("/admin/governance/").content.decode()
    assert f'href="{QUEUE}?language=ne"' in html
