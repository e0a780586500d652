import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleRevision, Feedback
from tests.admin_forms import admin_post_data
from tests.factories import ArticleFactory, AuthorFactory, TopicFactory, approve, published_article
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def article_form(author, **overrides):
    data = {
        "title": "Living with fatigue",
        "slug": "living-with-fatigue",
        "summary": "How to cope with tiredness during treatment.",
        "body": "## Rest\n\nPlan your day.[^1]\n\n## Move\n\nShort walks.\n\n## Eat\n\nSmall meals.",
        "author": author.pk,
        "tags": "fatigue, everyday life",
        "review_interval_months": 12,
        "comments_open": "on",
        "hero_alt": "",
        "hero_credit": "",
        "references-0-position": 1,
        "references-0-citation": "Cancer Research UK. Fatigue and cancer.",
        "references-0-url": "https://www.example.org/fatigue",
        "references-0-accessed_on": "2026-10-01",
        "references-TOTAL_FORMS": 1,
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editor_creates_an_article_and_a_revision_is_recorded(editor_client, editor):
    author = AuthorFactory()
    topic = TopicFactory()
    data = admin_post_data(editor_client, ADD_URL, **article_form(author, topics=[topic.pk]))
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="living-with-fatigue")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor
    revision = article.revisions.get()
    assert revision.created_by == editor
    assert revision.references[0]["citation"] == "Cancer Research UK. Fatigue and cancer."
    assert sorted(article.tags.names()) == ["everyday life", "fatigue"]


def test_saving_without_content_change_records_no_new_revision(editor_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_post_data(
        editor_client,
        url,
        **article_form(
            article.author,
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            **{"references-TOTAL_FORMS": 0},
        ),
    )
    for key in [k for k in data if k.startswith("references-0-")]:
        data.pop(key)
    assert editor_client.post(url, data).status_code == 302
    assert article.revisions.count() == 1
    data["body"] = article.body + "\n\nNew words."
    assert editor_client.post(url, data).status_code == 302
    assert article.revisions.count() == 2


def test_hero_upload_is_cleaned_and_rendered(editor_client):
    author = AuthorFactory()
    data = admin_post_data(
        editor_client,
        ADD_URL,
        **article_form(
            author, hero_alt="A nurse smiling", hero_image=upload(content=image_bytes((1300, 700)))
        ),
    )
    assert editor_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert article.hero_image.name.startswith("articles/") and article.hero_image.name.endswith(
        ".jpg"
    )
    assert [w for w, _ in article.hero_renditions["webp"]] == [480, 800, 1200, 1300]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"hero_image": upload("x.jpg", b"not an image at all")},
            "could not read this file as an image",
        ),
        ({"hero_image": upload(content=image_bytes())}, "Please describe the hero image"),
        ({"body": ""}, "This field is required."),
    ],
)
def test_bad_article_input_shows_a_message_and_saves_nothing(editor_client, extra, message):
    data = admin_post_data(editor_client, ADD_URL, **article_form(AuthorFactory(), **extra))
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists() and not ArticleRevision.objects.exists()


def test_slug_is_read_only_once_published(editor_client):
    article = published_article()
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert 'name="slug"' not in html
    draft = ArticleFactory()
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    ).content.decode()
    assert 'name="slug"' in html


def test_change_form_shows_readability_and_revision_history(editor_client):
    article = ArticleFactory()
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert 'id="reading-stats"' in html and "min read" in html and "reading grade" in html
    assert "revision history" in html.lower()
    assert 'id="tag-suggestions"' in html


def test_readability_endpoint_measures_text_while_typing(editor_client):
    url = reverse("admin:articles_article_readability")
    hard = "Immunotherapeutic interventions necessitate comprehensive multidisciplinary evaluation."
    data = editor_client.post(url, {"body": hard, "summary": ""}).json()
    assert data["too_hard"] is True and data["grade"] > 8 and "above grade 8" in data["text"]
    easy = editor_client.post(
        url, {"body": "The nurse will help you. It is a short drip.", "summary": ""}
    ).json()
    assert easy["too_hard"] is False and easy["words"] == 10
    assert editor_client.get(url).status_code == 405


def test_readability_endpoint_is_staff_only(client):
    response = client.post(reverse("admin:articles_article_readability"), {"body": "x"})
    assert response.status_code == 302


def test_diff_between_any_two_revisions(editor_client):
    article = ArticleFactory(body="Take the tablets twice a day.")
    article.body = "Take the tablets once a day."
    article.save()
    services.record_revision(article=article, by=None)
    url = reverse("admin:articles_article_diff", args=[article.pk])
    html = editor_client.get(url).content.decode()
    assert "<del>twice</del><ins>once</ins>" in html
    html = editor_client.get(url, {"old": 2, "new": 1}).content.decode()
    assert "<del>once</del><ins>twice</ins>" in html


def test_publish_and_archive_actions_call_the_services(editor_client):
    approved = approve(ArticleFactory())
    draft = ArticleFactory()
    url = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        url,
        {"action": "publish_selected", "_selected_action": [approved.pk, draft.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 article published." in html
    assert "Only an article a clinician has approved can be published." in html
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert approved.is_published() and draft.status == Article.Status.DRAFT
    editor_client.post(url, {"action": "archive_selected", "_selected_action": [approved.pk]})
    approved.refresh_from_db()
    assert approved.status == Article.Status.ARCHIVED


def test_status_cannot_be_set_by_hand_in_the_admin(editor_client):
    article = ArticleFactory()
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert 'name="status"' not in html


def test_revisions_cannot_be_changed_or_deleted_in_the_admin(admin_client):
    revision = services.latest_revision(ArticleFactory())
    assert admin_client.get(reverse("admin:articles_articlerevision_add")).status_code == 403
    delete_url = reverse("admin:articles_articlerevision_delete", args=[revision.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    change_url = reverse("admin:articles_articlerevision_change", args=[revision.pk])
    admin_client.post(change_url, {"title": "Tampered"})
    revision.refresh_from_db()
    assert revision.title != "Tampered"


def test_feedback_inbox_lists_reports_and_marks_them_resolved(editor_client, editor):
    feedback = services.record_feedback(
        article=published_article(), kind="error", message="Typo in dose"
    )
    url = reverse("admin:articles_feedback_changelist")
    assert "Typo in dose" in editor_client.get(url).content.decode()
    editor_client.post(url, {"action": "mark_resolved", "_selected_action": [feedback.pk]})
    feedback = Feedback.objects.get()
    assert feedback.resolved and feedback.resolved_by == editor


def test_medical_reviewers_cannot_edit_articles(client, reviewer_user):
    article = ArticleFactory()
    client.force_login(reviewer_user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get(url).status_code == 200  # may read
    client.post(url, {"title": "Changed by reviewer"})
    article.refresh_from_db()
    assert article.title != "Changed by reviewer"


def test_editors_can_pick_a_login_for_an_author_profile(editor_client, editor):
    url = reverse("admin:autocomplete")
    response = editor_client.get(
        url, {"app_label": "articles", "model_name": "author", "field_name": "user", "term": "ed"}
    )
    assert response.status_code == 200
    assert any(item["text"] == editor.get_username() for item in response.json()["results"])


def test_editor_uploads_a_picture_for_the_text_and_gets_the_line_to_paste(editor_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_post_data(
        editor_client,
        url,
        **article_form(
            article.author,
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
        ),
        **{
            "body_images-TOTAL_FORMS": 1,
            "body_images-0-image": upload(content=image_bytes((1400, 800))),
            "body_images-0-alt_text": "A nurse setting up a drip",
            "body_images-0-caption": "Most treatments take about 30 minutes.",
        },
    )
    assert editor_client.post(url, data).status_code == 302
    body_image = article.body_images.get()
    line = body_image.markdown()
    assert line.startswith("![A nurse setting up a drip](/media/articles/body/renditions/")
    assert line.endswith('-1200.jpeg "Most treatments take about 30 minutes.")')
    assert line in editor_client.get(url).content.decode().replace("&quot;", '"')
    # A translation's line: the same picture with its own words, made safe the same way.
    nepali = body_image.markdown("नर्स [ड्रिप]", 'लगभग "३०" मिनेट')
    assert nepali.startswith("![नर्स (ड्रिप)](/media/articles/body/renditions/")
    assert nepali.endswith("-1200.jpeg \"लगभग '३०' मिनेट\")")

    article.body += "\n\n" + line
    article.save()
    revision = services.record_revision(article=article, by=None)
    assert '<figure class="body-figure"><img alt="A nurse setting up a drip"' in revision.body_html
    assert "<figcaption>Most treatments take about 30 minutes.</figcaption>" in revision.body_html
