"""What the article page asks a phone to download: one stylesheet, deferred scripts,
a hero fetched first and never lazily, body pictures with sizes and srcsets."""

import re

import pytest

from articles import services
from articles.models import BodyImage
from eduportal.images import clean_uploaded_image
from tests.factories import ArticleFactory, approve
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def illustrated_article():
    article = ArticleFactory(hero_alt="A nurse talks with a patient")
    article.hero_image = clean_uploaded_image(upload(content=image_bytes((1600, 900)))).content
    article.save()
    body_image = BodyImage(article=article, alt_text="A drip stand beside a chair")
    body_image.image = clean_uploaded_image(upload(content=image_bytes((1400, 800)))).content
    body_image.save()
    article.body += "\n\n" + body_image.markdown()
    article.save()
    services.record_revision(article=article, by=None)
    approve(article)
    return services.publish_article(article=article, by=None)


def test_article_page_loads_one_stylesheet_and_no_blocking_script(client):
    html = client.get(illustrated_article().get_absolute_url()).content.decode()
    assert len(re.findall(r'<link rel="stylesheet"', html)) == 1
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "application/ld+json" in script or " defer" in script, script


def test_hero_is_eager_and_fetched_first_body_pictures_are_responsive(client):
    html = client.get(illustrated_article().get_absolute_url()).content.decode()
    hero = re.search(r'<figure class="hero-figure.*?<img ([^>]+)>', html, re.S)[1]
    assert 'loading="eager"' in hero and 'fetchpriority="high"' in hero
    body = re.search(r'<div class="prose article-body">(.*?)</div>', html, re.S)[1]
    images = re.findall(r"<img ([^>]+)>", body)
    assert images, "the body picture is shown"
    for attributes in images:
        for needed in ('srcset="', 'sizes="', 'width="', 'height="', 'loading="lazy"'):
            assert needed in attributes, (needed, attributes)
        assert 'alt="A drip stand beside a chair"' in attributes
    assert '<source type="image/webp"' in body


def test_a_body_picture_without_known_renditions_is_left_as_written():
    from eduportal.templatetags.eduportal import responsive_images

    html = '<p><img src="/media/elsewhere.jpg" alt="x"></p>'
    assert responsive_images(html, []) == html
