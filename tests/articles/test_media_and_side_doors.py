"""Side doors 4 (SEO), 5 (hero) and 6 (body pictures): through the services and through
the admin's own forms. Approved media are immutable: the files an approved revision
shows stay, whatever happens to the working copy."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from articles import services
from articles.media import image_file_names
from articles.models import BodyImage, RevisionFile
from eduportal.images import clean_uploaded_image
from tests.admin_forms import admin_post_data
from tests.factories import ArticleFactory, approve, published_article
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def picture(colour=(20, 90, 120)):
    return clean_uploaded_image(upload(content=image_bytes((900, 500), colour=colour))).content


def all_exist(names) -> bool:
    return all(default_storage.exists(name) for name in names)


@pytest.fixture
def live(django_capture_on_commit_callbacks):
    """A published article whose approved revision shows a hero and a body figure."""
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(hero_image=picture(), hero_alt="Approved hero",
                                 hero_credit="Approved credit")  # fmt: skip
        figure = BodyImage.objects.create(
            article=article, image=picture((120, 20, 90)), alt_text="Approved figure"
        )
        article.body += f"\n\n{figure.markdown()}"
        article.save()
        services.record_revision(article=article, by=None)
        approve(article)
        services.publish_article(article=article, by=None)
    revision = article.approved_revision
    return {
        "article": article,
        "figure": figure,
        "revision": revision,
        "hero_files": image_file_names(article.hero_image.name, article.hero_renditions),
        "figure_files": image_file_names(figure.image.name, figure.renditions),
    }


def test_the_revision_records_every_file_it_shows(live):
    recorded = set(
        RevisionFile.objects.filter(revision=live["revision"]).values_list("name", flat=True)
    )
    assert set(live["hero_files"]) <= recorded
    assert set(live["figure_files"]) <= recorded
    [figure] = live["revision"].figures
    assert figure["alt"] == "Approved figure" and figure["image"] == live["figure"].image.name


# Side door 6: body pictures ----------------------------------------------------------


def test_replacing_a_body_picture_keeps_the_approved_figure(
    client, live, django_capture_on_commit_callbacks
):
    figure = live["figure"]
    with django_capture_on_commit_callbacks(execute=True):
        figure.image = picture((1, 2, 3))
        figure.save()
    assert all_exist(live["figure_files"])
    html = client.get(live["article"].get_absolute_url()).content.decode()
    src = live["revision"].figures[0]["src"]
    # Shown as a <picture> from the renditions the revision keeps (src or srcset).
    assert src in html and 'alt="Approved figure"' in html
    assert default_storage.exists(src.removeprefix("/media/"))


def test_deleting_a_body_picture_keeps_the_approved_figure(
    client, live, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        live["figure"].delete()
    assert all_exist(live["figure_files"])
    assert default_storage.exists(live["revision"].figures[0]["src"].removeprefix("/media/"))


def test_a_picture_no_revision_shows_is_deleted_with_its_row(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        unused = BodyImage.objects.create(article=article, image=picture(), alt_text="Unused")
    names = image_file_names(unused.image.name, unused.renditions)
    assert all_exist(names)
    with django_capture_on_commit_callbacks(execute=True):
        unused.delete()
    assert not any(default_storage.exists(name) for name in names)


def body_image_form(article, figure, **fields):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "author": article.author.pk,
        "review_interval_months": 12,
        "comments_open": "on",
        "hero_alt": article.hero_alt,
        "hero_credit": article.hero_credit,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "body_images-0-id": figure.pk,
        "body_images-0-article": article.pk,
        "body_images-0-alt_text": figure.alt_text,
        "body_images-0-caption": figure.caption,
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("change", ["replace", "delete"])
def test_admin_replace_or_delete_of_a_body_picture_keeps_the_approved_figure(
    admin_client, live, change, django_capture_on_commit_callbacks
):
    article, figure = live["article"], live["figure"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    extra = (
        {"body_images-0-image": upload(content=image_bytes((800, 400), colour=(9, 9, 9)))}
        if change == "replace"
        else {"body_images-0-DELETE": "on"}
    )
    data = admin_post_data(admin_client, url, **body_image_form(article, figure, **extra))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert BodyImage.objects.filter(pk=figure.pk).exists() == (change == "replace")
    assert all_exist(live["figure_files"])
    html = admin_client.get(article.get_absolute_url()).content.decode()
    src = live["revision"].figures[0]["src"]
    assert src in html  # in the <picture> made from the revision's renditions
    assert default_storage.exists(src.removeprefix("/media/"))


# Side door 5: the hero image, its alt text and credit --------------------------------


def test_clearing_the_hero_keeps_the_approved_hero(
    client, live, django_capture_on_commit_callbacks
):
    article = live["article"]
    with django_capture_on_commit_callbacks(execute=True):
        article.hero_image = ""
        article.hero_alt = ""
        article.save()
        services.record_revision(article=article, by=None)
    assert all_exist(live["hero_files"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Approved hero"' in html and live["revision"].hero_renditions["jpeg"][0][1] in html


@pytest.mark.parametrize("change", ["new upload", "clear"])
def test_admin_hero_change_waits_for_review(admin_client, client, live, change,
                                            django_capture_on_commit_callbacks):  # fmt: skip
    article, figure = live["article"], live["figure"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    fields = {"hero_alt": "Unreviewed alt", "hero_credit": "Unreviewed credit"}
    if change == "new upload":
        fields["hero_image"] = upload(content=image_bytes((1000, 500), colour=(200, 0, 0)))
    else:
        fields.update({"hero_image-clear": "on", "hero_alt": ""})
    data = admin_post_data(admin_client, url, **body_image_form(article, figure, **fields))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    latest = services.latest_revision(article)
    assert latest != article.approved_revision  # the change is a revision to review
    assert all_exist(live["hero_files"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Unreviewed" not in html
    assert 'alt="Approved hero"' in html and "Approved credit" in html
    card = client.get(reverse("articles:list")).content.decode()
    assert 'alt="Approved hero"' in card and "Unreviewed" not in card


# Side door 4: SEO title and description ----------------------------------------------


def test_admin_seo_change_waits_for_review(admin_client, client, live):
    article, figure = live["article"], live["figure"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_post_data(
        admin_client,
        url,
        **body_image_form(article, figure, seo_title="Miracle cure", seo_description="Cures all"),
    )
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.seo_title == "Miracle cure"
    assert services.latest_revision(article).seo_title == "Miracle cure"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Miracle cure" not in html and "Cures all" not in html


def test_service_seo_change_waits_for_review(client):
    article = published_article(title="Plain title")
    article.seo_title = "Miracle cure"
    article.seo_description = "Cures all"
    article.save()
    revision = services.record_revision(article=article, by=None)
    assert revision.seo_title == "Miracle cure" and revision != article.approved_revision
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Plain title · eduportal</title>" in html and "Miracle" not in html
