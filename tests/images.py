"""Images made in memory for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(size=(640, 360), fmt="JPEG", colour=(40, 120, 160), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def gps_exif() -> bytes:
    """EXIF with a camera serial number and a GPS position, to prove we strip them."""
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show upright
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps
    return exif.tobytes()


def upload(name="photo.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else image_bytes(), content_type)


def photo_like_bytes(size=(2000, 1125)) -> bytes:
    """A picture that compresses like a photograph (soft gradients and some grain),
    unlike a flat colour, for page-weight tests."""
    from PIL import ImageDraw, ImageFilter

    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for step in range(12):
        x, y = (step * 157) % width, (step * 89) % height
        colour = (40 + step * 15, 110, 200 - step * 10)
        draw.ellipse([x, y, x + width // 4, y + height // 3], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    # Fine detail, as in a real photograph: what makes pictures heavy.
    grain = Image.effect_noise(size, 60).convert("RGB")
    image = Image.blend(image, grain, 0.25)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()
