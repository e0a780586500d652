import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Author
from eduportal.fields import VerifiedImageFormField
from eduportal.images import clean_uploaded_image
from tests.images import gps_exif, image_bytes, upload

pytestmark = pytest.mark.django_db


def test_metadata_is_stripped_and_orientation_applied():
    photo = upload(content=image_bytes(size=(400, 200), exif=gps_exif()))
    cleaned = clean_uploaded_image(photo)
    with Image.open(io.BytesIO(cleaned.content.read())) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        # Orientation 6 means "rotate 90°": the stored pixels are upright.
        assert image.size == (200, 400)
    assert cleaned.content.name.endswith(".jpg")
    assert "photo" not in cleaned.content.name


def test_transparent_png_stays_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (255, 0, 0, 0)).save(buffer, format="PNG")
    cleaned = clean_uploaded_image(upload("a.png", buffer.getvalue(), "image/png"))
    assert cleaned.content.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not an image", "file.jpg", "could not read this file as an image"),
        (image_bytes(fmt="GIF"), "anim.gif", "Please upload a JPEG, PNG or WebP"),
        (image_bytes()[:1000], "broken.jpg", "damaged"),
    ],
)
def test_bad_files_get_a_clear_message(content, name, message):
    with pytest.raises(ValidationError) as error:
        clean_uploaded_image(upload(name, content))
    assert message in " ".join(error.value.messages)


def test_files_over_the_size_limit_are_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        clean_uploaded_image(upload(content=image_bytes(size=(800, 800))))
    assert "too large" in error.value.messages[0]


def test_images_over_the_pixel_limit_are_refused(settings):
    settings.MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(ValidationError) as error:
        clean_uploaded_image(upload(content=image_bytes(size=(200, 200))))
    assert "megapixels" in error.value.messages[0]


def test_real_forty_megapixel_limit_refuses_bigger_images():
    # A 8000 × 5001 PNG of one colour compresses to a few kilobytes.
    buffer = io.BytesIO()
    Image.new("L", (8000, 5001)).save(buffer, format="PNG")
    with pytest.raises(ValidationError) as error:
        clean_uploaded_image(upload("big.png", buffer.getvalue(), "image/png"))
    assert "8000 × 5001" in error.value.messages[0]


def test_form_field_returns_the_clean_copy_and_explains_refusals():
    field = VerifiedImageFormField(required=False)
    cleaned = field.clean(upload("holiday.jpg", image_bytes(exif=gps_exif())))
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert not image.getexif()
    with pytest.raises(ValidationError) as error:
        field.clean(upload("notes.jpg", b"plain text, not a picture"))
    assert "could not read this file as an image" in error.value.messages[0]


def test_renditions_are_made_once_at_upload_and_removed_with_the_image():
    cleaned = clean_uploaded_image(upload(content=image_bytes(size=(1700, 900))))
    author = Author.objects.create(
        name="A", slug="a", role=Author.Role.MEDICAL_WRITER, photo=cleaned.content
    )
    renditions = author.photo_renditions
    assert renditions["source"] == author.photo.name
    assert [width for width, _ in renditions["webp"]] == [480, 800, 1200, 1600]
    assert [width for width, _ in renditions["jpeg"]] == [480, 800, 1200, 1600]
    names = [url.removeprefix("/media/") for _, url in renditions["webp"] + renditions["jpeg"]]
    assert all(default_storage.exists(name) for name in names)

    author.name = "B"
    author.save()
    assert Author.objects.get(pk=author.pk).photo_renditions == renditions  # not made again

    old_source = author.photo.name
    author.photo = ""
    author.save()
    assert author.photo_renditions == {}
    assert not any(default_storage.exists(name) for name in [old_source, *names])


def test_small_images_are_not_upscaled():
    cleaned = clean_uploaded_image(upload(content=image_bytes(size=(300, 200))))
    author = Author.objects.create(
        name="A", slug="a", role=Author.Role.MEDICAL_WRITER, photo=cleaned.content
    )
    assert [width for width, _ in author.photo_renditions["jpeg"]] == [300]


def test_deleting_an_image_also_removes_renditions_nobody_recorded():
    from eduportal.images import delete_image_files, make_renditions

    def stored(size):
        cleaned = clean_uploaded_image(upload(content=image_bytes(size=size)))
        return default_storage.save(f"stories/{cleaned.content.name}", cleaned.content)

    mine, other = stored((900, 500)), stored((900, 500))
    make_renditions(mine, widths=(300,))  # written, but the description was lost
    kept = make_renditions(other, widths=(300,))
    delete_image_files(mine, None)
    _folders, files = default_storage.listdir("stories/renditions")
    assert not default_storage.exists(mine)
    assert sorted(files) == sorted(url.rsplit("/", 1)[1] for _, url in kept["webp"] + kept["jpeg"])
