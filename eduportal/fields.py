"""An image field whose uploads are always verified and re-encoded (see images.py)."""

from collections.abc import Callable

from django import forms
from django.db import models

from eduportal.images import clean_uploaded_image, delete_image_files


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
    """Ask for renditions of a newly stored image (once), or drop them when it is removed.

    The resizing is a background job (eduportal.tasks.make_image_renditions), enqueued
    inside the saving transaction so the job exists exactly when the row does. When the
    job ran at once (the immediate backend, as in tests), its result is copied onto the
    instance. `release` disposes of the previous upload and its renditions; articles
    pass one that keeps every file a revision still shows (articles/media.py).
    Returns True when the renditions field changed and needs saving.
    """
    from django_tasks import TaskResultStatus

    from eduportal.tasks import make_image_renditions

    image = getattr(instance, image_field)
    current = getattr(instance, renditions_field) or {}
    if image and current.get("source") == image.name:
        return False
    if current:
        # The previous upload and its renditions belong to nobody any more.
        release(current.get("source"), current)
    setattr(instance, renditions_field, {})
    if image:
        result = make_image_renditions.enqueue(
            model=instance._meta.label,
            pk=instance.pk,
            image_field=image_field,
            renditions_field=renditions_field,
            source=image.name,
        )
        if result.status == TaskResultStatus.SUCCESSFUL and result.return_value:
            setattr(instance, renditions_field, result.return_value)
            return False
    return bool(current)
