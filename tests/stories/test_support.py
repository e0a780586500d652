"""Get support: helplines editors keep per country, on the support page, in the box on
articles and stories, and in the support shown after a crisis message."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from eduportal.roles import EDITORS
from stories.models import Helpline
from tests.factories import editor_user, published_article

from .factories import StoryFactory, share_post

pytestmark = pytest.mark.django_db


def test_seeded_helplines_cover_several_countries_and_crisis_lines():
    assert {"GB", "IE", "US", "CA", "AU"} <= {h.country.code for h in Helpline.objects.all()}
    samaritans = Helpline.objects.crisis().get(name="Samaritans")
    assert samaritans.phone_link == "116123" and samaritans.in_box


def test_a_helpline_needs_a_way_to_reach_it():
    with pytest.raises(ValidationError):
        Helpline(kind=Helpline.Kind.CANCER, name="Nobody", description="x").full_clean()


def test_support_page_lists_helplines_by_country_and_filters(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        html = client.get(reverse("support")).content.decode()
    assert "<h1>Get support</h1>" in html
    assert '<a href="tel:116123">116 123</a>' in html and "988 Suicide" in html
    assert '<option value="AU">Australia</option>' in html
    html = client.get(reverse("support"), {"country": "AU"}).content.decode()
    assert "Lifeline" in html and "Samaritans" not in html
    assert "Befrienders Worldwide" in html  # for any country
    assert '<option value="AU" selected>' in html
    # An unknown or hostile country shows everything, calmly.
    assert client.get(reverse("support"), {"country": "\x00Z"}).status_code == 200


def test_article_and_story_pages_show_the_support_box(client, django_assert_max_num_queries):
    article = published_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'aria-labelledby="support-box-heading"' in html
    assert "Macmillan Support Line" in html and "American Cancer Society" in html
    assert "NCI Cancer Information Service" not in html  # not chosen for the box
    story = StoryFactory(country="US")
    html = client.get(story.get_absolute_url()).content.decode()
    box = html.split('id="support-box-heading"')[1]
    # The story's country comes first.
    assert box.index("United States") < box.index("United Kingdom")


def test_editors_change_what_the_box_shows(client):
    Helpline.objects.filter(name="Macmillan Support Line").update(in_box=False)
    html = client.get(published_article().get_absolute_url()).content.decode()
    assert "Macmillan Support Line" not in html


def test_crisis_support_after_sharing_lists_the_crisis_helplines(client, topic):
    post = share_post(topic, text=share_post(topic)["text"] + " I don't want to live anymore.")
    html = client.post(reverse("stories:share"), post, follow=True).content.decode()
    assert "You do not have to face this alone" in html
    assert "Samaritans" in html and "Lifeline" in html and "Macmillan" not in html


def test_editors_keep_helplines_in_the_admin(client):
    assert Group.objects.get(name=EDITORS).permissions.filter(codename="add_helpline").exists()
    client.force_login(editor_user(username="helpline-editor"))
    response = client.post(
        reverse("admin:stories_helpline_add"),
        {
            "name": "Cancer Society of Nowhere",
            "country": "NZ",
            "kind": "cancer",
            "description": "Support for people with cancer.",
            "phone": "0800 000 000",
            "text_number": "",
            "website": "",
            "hours": "",
            "position": 0,
            "active": "on",
            "in_box": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    html = client.get(reverse("support"), {"country": "NZ"}).content.decode()
    assert "Cancer Society of Nowhere" in html
