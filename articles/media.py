"""Approved media are immutable: a picture a revision shows outlives its working copy.

Uploads always get a new random name (eduportal/images.py), so a file is never
overwritten. Each revision records the storage names of every file it shows
(`RevisionFile`: the hero and its renditions, each body picture and its renditions),
and a replaced, cleared or deleted picture is only removed from storage once no
revision lists it. A revision is the record of what was reviewed, so its pictures
stay as long as it does.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from eduportal.images import delete_image_files, rendition_names


def files_in_use(names: Iterable[str]) -> set[str]:
    """The names, of those given, that some revision shows."""
    from .models import RevisionFile

    wanted = [name for name in names if name]
    if not wanted:
        return set()
    return set(RevisionFile.objects.filter(name__in=wanted).values_list("name", flat=True))


def image_file_names(stored_name: str | None, renditions: dict | None) -> list[str]:
    """An image's own file and all of its renditions' files."""
    return [name for name in [stored_name, *rendition_names(renditions)] if name]


def release_image_files(stored_name: str | None, renditions: dict | None) -> None:
    """Delete a picture's files after the transaction commits, keeping every file that
    a revision shows (checked then, so a revision recorded in the same save counts)."""
    renditions = dict(renditions or {})
    transaction.on_commit(
        lambda: delete_image_files(stored_name, renditions, keep=files_in_use), robust=True
    )
