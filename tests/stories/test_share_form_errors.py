"""The share form follows the GOV.UK / NHS error pattern (issue 11, item 10)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.images import upload

from .factories import share_post

pytestmark = pytest.mark.django_db
SHARE = reverse("stories:share")


def bad_post(topic):
    post = share_post(topic, display_name="", age="fifty", text="Short", email="nope")
    for name in ("status", "consent_publish", "country"):
        post.pop(name, None)
    return post


def test_error_page_title_summary_focus_and_form_order(client, topic):
    html = client.post(SHARE, bad_post(topic)).content.decode()
    assert re.search(r"<title>Error: ", html)
    summary = html.split('id="story-form-errors"')[1].split("</div>")[0]
    assert "data-focus-on-load" in html.split('id="story-form-errors"')[0][-300:] + summary
    assert 'tabindex="-1"' in html.split('id="story-form-errors"')[0][-200:]
    assert "There is a problem" in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    targets = [target for target, _ in links]
    # Same order as the fields on the page.
    assert targets == [
        "story-display_name", "story-age", "story-country", "story-status_0", "story-text",
        "story-email", "story-consent_publish",
    ]  # fmt: skip
    for target, message in links:
        assert f'id="{target}"' in html, target  # each link lands on its field
        assert not re.search(r"[.?!:]\s*[.?!:]", message), message  # no doubled punctuation
        assert message.strip().endswith((".", ")")), message


def test_every_field_type_shows_its_invalid_state(client, topic):
    post = bad_post(topic)
    html = client.post(SHARE, {**post, "photo": upload(content=b"not an image")}).content.decode()
    for pattern in (
        r'<input type="text" name="display_name"[^>]*aria-invalid="true"',
        r'<select name="country"[^>]*aria-invalid="true"',
        r'<input type="radio" name="status"[^>]*aria-invalid="true"',
        r'<input type="checkbox" name="consent_publish"[^>]*aria-invalid="true"',
        r'<textarea name="text"[^>]*aria-invalid="true"',
    ):
        assert re.search(pattern, html), pattern
    css = (Path(__file__).parents[2] / "static/css/site.css").read_text()
    for selector in ('input[type="checkbox"][aria-invalid="true"]',
                     'input[type="file"][aria-invalid="true"]', "select[aria-invalid"):  # fmt: skip
        assert selector in css


def test_photo_error_links_to_the_file_picker(client, topic):
    bad = upload(name="photo.jpg", content=b"not an image")
    html = client.post(SHARE, {**share_post(topic), "photo": bad}).content.decode()
    assert '<a href="#story-photo">' in html
    assert re.search(r'<input type="file" name="photo"[^>]*aria-invalid="true"', html)


def test_age_keeps_what_was_typed(client, topic):
    html = client.post(SHARE, bad_post(topic)).content.decode()
    assert re.search(r'<input type="text" name="age" value="fifty"[^>]*inputmode="numeric"', html)
    assert "Please enter your age as a number, for example 54." in html


def test_photo_label_appears_once_and_the_picker_is_a_button(client):
    html = client.get(SHARE).content.decode()
    assert html.count("A photo (optional)") == 1
    assert '<label for="story-photo">Choose a photo to upload</label>' in html
    css = (Path(__file__).parents[2] / "static/css/site.css").read_text()
    assert 'input[type="file"]::file-selector-button' in css
