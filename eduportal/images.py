"""Safe image uploads, shared by articles, specialist profiles and survivor stories.

Every upload is opened with Pillow, checked (format, byte size, pixel count), turned
upright from its EXIF orientation and re-encoded from the pixels alone, so no
metadata (EXIF, GPS, camera serials, XMP, comments) survives. Renditions for
responsive `srcset`s are made once, at upload, and described in a small JSON dict
stored beside the image so pages need no extra query to show them.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
RENDITION_WIDTHS = (480, 800, 1200, 1600)


@dataclass(frozen=True)
class CleanImage:
    """A verified, re-encoded image ready to be saved."""

    content: ContentFile
    width: int
    height: int


def _human_size(num_bytes: int) -> str:
    return f"{num_bytes / (1024 * 1024):.0f} MB"


def clean_uploaded_image(upload, *, field_label: str = "image") -> CleanImage:
    """Verify an uploaded file and return a re-encoded copy without metadata.

    Raises ValidationError with a message meant for the person who uploaded it.
    """
    max_bytes = settings.MAX_IMAGE_UPLOAD_BYTES
    max_pixels = settings.MAX_IMAGE_PIXELS
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            f"This {field_label} is too large. Please choose a file under "
            f"{_human_size(max_bytes)}.",
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            f"We could not read this file as an image. Please upload a JPEG, PNG or "
            f"WebP {field_label}.",
            code="not_an_image",
        ) from None
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"Please upload a JPEG, PNG or WebP {field_label} (this file is "
            f"{image_format or 'an unknown format'}).",
            code="bad_format",
        )
    if width * height > max_pixels:
        raise ValidationError(
            f"This {field_label} is {width} × {height} pixels, which is more than we can "
            f"take ({max_pixels // 1_000_000} megapixels). Please use a smaller one.",
            code="too_many_pixels",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            original.load()
            upright = ImageOps.exif_transpose(original)
            has_alpha = upright.mode in ("RGBA", "LA") or (
                upright.mode == "P" and "transparency" in upright.info
            )
            pixels = upright.convert("RGBA" if has_alpha else "RGB")
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            f"This {field_label} seems to be damaged. Please try another file.",
            code="damaged",
        ) from None
    # A fresh image built from the pixels carries no info dict, so nothing of the
    # original's metadata can be written back out.
    stripped = Image.new(pixels.mode, pixels.size)
    stripped.paste(pixels)
    buffer = io.BytesIO()
    if has_alpha:
        stripped.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        stripped.save(buffer, format="JPEG", quality=88, optimize=True, progressive=True)
        extension = "jpg"
    name = f"{secrets.token_hex(16)}.{extension}"
    return CleanImage(ContentFile(buffer.getvalue(), name=name), *stripped.size)


# Other owners of an image's files: apps register functions here (in their ready()).
# `still_shown(name)` says whether something else still shows a stored image, so its
# renditions are still made after its owner moved on to a newer upload;
# `renditions_ready(name, renditions)` hears of renditions made in the background.
STILL_SHOWN: list[Callable[[str], bool]] = []
RENDITIONS_READY: list[Callable[[str, dict], None]] = []


def still_shown(stored_name: str) -> bool:
    return any(check(stored_name) for check in STILL_SHOWN)


def renditions_ready(stored_name: str, renditions: dict) -> None:
    for hear in RENDITIONS_READY:
        hear(stored_name, renditions)


def make_renditions(stored_name: str, *, widths: tuple[int, ...] = RENDITION_WIDTHS) -> dict:
    """Write WebP and JPEG renditions of a stored image; return their description.

    The result looks like {"width": 1600, "height": 900, "webp": [[480, url], ...],
    "jpeg": [[480, url], ...]} and is what the `picture` template tag reads.
    """
    with default_storage.open(stored_name, "rb") as handle, Image.open(handle) as image:
        image.load()
        base = image.convert("RGB")
    original_width, original_height = base.size
    stem = PurePosixPath(stored_name)
    folder = _renditions_folder(stored_name)
    result: dict = {"width": original_width, "height": original_height, "webp": [], "jpeg": []}
    targets = sorted({w for w in widths if w < original_width} | {min(original_width, max(widths))})
    for target in targets:
        height = max(1, round(original_height * target / original_width))
        resized = base if target == original_width else base.resize((target, height), Image.LANCZOS)
        for kind, fmt, options in (
            ("webp", "WEBP", {"quality": 80, "method": 4}),
            ("jpeg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}),
        ):
            buffer = io.BytesIO()
            resized.save(buffer, format=fmt, **options)
            name = default_storage.save(
                str(folder / f"{stem.stem}-{target}.{kind}"), ContentFile(buffer.getvalue())
            )
            result[kind].append([target, default_storage.url(name)])
    return result


def _renditions_folder(stored_name: str) -> PurePosixPath:
    """Renditions of `a/b/<stem>.jpg` are `a/b/renditions/<stem>-<width>.<kind>`."""
    return PurePosixPath(stored_name).parent / "renditions"


def rendition_names(renditions: dict | None) -> list[str]:
    """Storage names of every rendition file, for deleting them with their image."""
    if not renditions:
        return []
    media_url = settings.MEDIA_URL
    names = []
    for kind in ("webp", "jpeg"):
        for _width, url in renditions.get(kind, []):
            if url.startswith(media_url):
                names.append(url[len(media_url) :])
    return names


def delete_image_files(
    stored_name: str | None,
    renditions: dict | None,
    *,
    keep: Callable[[list[str]], set[str]] | None = None,
    keep_source: bool = False,
) -> int:
    """Remove an image and all its renditions from storage, including renditions
    written by a make_renditions call that failed before describing them (with
    keep_source, only those renditions).

    `keep` is asked which of the names must stay (files something else still shows).
    Returns how many files were deleted.
    """
    names = [None if keep_source else stored_name, *rendition_names(renditions)]
    if stored_name:
        folder = _renditions_folder(stored_name)
        prefix = f"{PurePosixPath(stored_name).stem}-"
        try:
            _folders, files = default_storage.listdir(str(folder))
        except FileNotFoundError:
            files = []
        names += [str(folder / name) for name in files if name.startswith(prefix)]
    names = [name for name in dict.fromkeys(names) if name]
    kept = keep(names) if keep is not None else set()
    deleted = 0
    for name in names:
        if name not in kept and default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    return deleted
