"""An image field whose uploads are always verified and re-encoded (see images.py)."""

from collections.abc import Callable

from django import forms
from django.db import models

from eduportal.images import clean_uploaded_image, delete_image_files, make_renditions


class VerifiedImageFormField(forms.FileField):
    """Accepts JPEG, PNG or WebP by content (never by file name) and returns a clean copy."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def __init__(self, *args, label_for_errors: str = "image", **kwargs):
        self.label_for_errors = label_for_errors
        kwargs.setdefault("widget", self.widget)
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_uploaded_image(upload, field_label=self.label_for_errors).content


class VerifiedImageField(models.ImageField):
    """ImageField whose form field verifies, re-encodes and strips metadata."""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", VerifiedImageFormField)
        return super().formfield(**kwargs)


def sync_renditions(
    instance: models.Model,
    image_field: str,
    renditions_field: str,
    *,
    release: Callable[[str | None, dict], None] = delete_image_files,
) -> bool:
    """Make renditions for a newly stored image (once), or drop them when it is removed.

    `release` disposes of the previous upload and its renditions; articles pass one
    that keeps every file a revision still shows (articles/media.py).
    Returns True when the renditions field changed and needs saving.
    """
    image = getattr(instance, image_field)
    current = getattr(instance, renditions_field) or {}
    if image and current.get("source") == image.name:
        return False
    if current:
        # The previous upload and its renditions no longer belong to this object.
        release(current.get("source"), current)
    if not image:
        setattr(instance, renditions_field, {})
        return bool(current)
    setattr(instance, renditions_field, {"source": image.name, **make_renditions(image.name)})
    return True
