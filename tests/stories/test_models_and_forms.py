import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from PIL import Image

from stories.forms import StoryForm
from stories.models import Story
from stories.screening import screen_text
from tests.images import gps_exif, image_bytes, upload

from .factories import STORY_TEXT, StoryFactory, share_post

pytestmark = pytest.mark.django_db


def test_approved_queryset_and_is_public_agree():
    stories = [StoryFactory(moderation_status=status) for status in Story.Moderation]
    public = set(Story.objects.approved())
    assert public == {story for story in stories if story.is_public()}
    assert [story.moderation_status for story in public] == ["approved"]


def test_shown_name_uses_initial_when_anonymous():
    assert StoryFactory(display_name="maria", publish_anonymously=True).shown_name == "M."
    assert StoryFactory(display_name="Maria").shown_name == "Maria"


def test_status_line():
    assert StoryFactory(status="cancer_free", status_year=2023).status_line == (
        "Cancer-free since 2023"
    )
    assert StoryFactory(status="in_treatment", status_year=None).status_line == "In treatment"
    assert StoryFactory(status="caregiver", status_year=2020).status_line == (
        "Caregiver since 2020"
    )


@pytest.mark.parametrize("age", [0, 121])
def test_database_refuses_age_out_of_range(age):
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(age=age)


def test_database_refuses_unknown_moderation_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(moderation_status="published")


def test_model_clean_refuses_unknown_content_note_and_future_year():
    story = StoryFactory.build(content_notes=["spoilers"], status_year=2999)
    with pytest.raises(ValidationError) as error:
        story.full_clean(exclude=["cancer_type", "slug"])
    assert {"content_notes", "status_year"} <= set(error.value.message_dict)


def test_screening_matches_whole_words_only():
    assert screen_text("My mother took laetrile.").medical == ["laetrile"]
    assert screen_text("He detoxes his inbox.").medical == []
    assert screen_text("A detox plan.").medical == ["detox"]
    assert screen_text("I want   to\nDIE").crisis == ["want|wanted|wanting to die"]
    assert not screen_text("Treatment went well.").flagged


# The share form


def form_with(topic, files=None, **overrides):
    return StoryForm(share_post(topic, **overrides), files or {})


def test_valid_form(topic):
    form = form_with(topic)
    assert form.is_valid(), form.errors
    assert form.story_data().display_name == "Maria"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": "Too short."}, "text", "at least 300 characters"),
        ({"text": "x" * 10_001}, "text", "at most 10,000"),
        ({"short_line": "x" * 281}, "short_line", ""),
        ({"age": "0"}, "age", "between 1 and 120"),
        ({"age": "121"}, "age", "between 1 and 120"),
        ({"age": "fifty"}, "age", "as a number"),
        ({"status_year": "2999"}, "status_year", "between 1900"),
        ({"country": "XX"}, "country", "from the list"),
        ({"status": "cured"}, "status", "one of the options"),
        ({"cancer_type": "99999"}, "cancer_type", "from the list"),
        ({"email": "not-an-email"}, "email", "like name@example.com"),
        ({"consent_publish": None}, "consent_publish", "permission"),
        ({"consent_privacy": None}, "consent_privacy", "privacy notice"),
        ({"content_notes": "spoilers"}, "content_notes", ""),
    ],
)
def test_bad_input_gets_a_clear_message_on_the_field(topic, overrides, field, message):
    form = form_with(topic, **overrides)
    assert not form.is_valid()
    assert field in form.errors
    assert message in form.errors[field][0]


def test_photo_needs_a_description(topic):
    form = form_with(topic, files={"photo": upload()})
    assert not form.is_valid()
    assert "describe your photo" in form.errors["photo_alt"][0]


def test_photo_not_an_image(topic):
    form = form_with(
        topic,
        files={"photo": upload("photo.jpg", b"<?php echo 1; ?>", "image/jpeg")},
        photo_alt="Me",
    )
    assert not form.is_valid()
    assert "could not read this file as an image" in form.errors["photo"][0]


def test_photo_too_large(topic, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    form = form_with(topic, files={"photo": upload()}, photo_alt="Me")
    assert not form.is_valid()
    assert "too large" in form.errors["photo"][0]


def test_photo_too_many_pixels(topic, settings):
    settings.MAX_IMAGE_PIXELS = 10_000
    form = form_with(topic, files={"photo": upload()}, photo_alt="Me")
    assert not form.is_valid()
    assert "megapixels" in form.errors["photo"][0]


def test_photo_wrong_format(topic):
    gif = upload("photo.gif", image_bytes(fmt="GIF"), "image/gif")
    form = form_with(topic, files={"photo": gif}, photo_alt="Me")
    assert not form.is_valid()
    assert "JPEG, PNG or WebP" in form.errors["photo"][0]
    # A GIF renamed .jpg is caught by its content, not its name.
    disguised = upload("photo.jpg", image_bytes(fmt="GIF"), "image/jpeg")
    form = form_with(topic, files={"photo": disguised}, photo_alt="Me")
    assert not form.is_valid()
    assert "this file is GIF" in form.errors["photo"][0]


def test_stored_photo_and_renditions_have_no_exif_and_are_upright(topic, media_root):
    from stories import services

    original = image_bytes(size=(640, 360), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # GPS is in the upload
    form = form_with(topic, files={"photo": upload(content=original)}, photo_alt="Me")
    assert form.is_valid(), form.errors
    story, _ = services.submit_story(data=form.story_data(), photo=form.cleaned_data["photo"])
    files = [p for p in Path(media_root).rglob("*") if p.is_file()]
    assert len(files) > 2
    for path in files:
        data = path.read_bytes()
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "exif" not in image.info, path
        assert b"SERIAL-12345" not in data and b"TestCam" not in data
    with Image.open(Path(media_root) / story.photo.name) as stored:
        assert stored.size == (360, 640)  # orientation applied
    assert Path(story.photo.name).stem not in {"photo"}  # random name


def test_form_accepts_story_with_exactly_300_characters(topic):
    text = (STORY_TEXT * 2)[:300]
    assert form_with(topic, text=text).is_valid()
