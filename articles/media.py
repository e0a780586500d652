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


def is_shown_by_a_revision(stored_name: str) -> bool:
    return bool(files_in_use([stored_name]))


def attach_renditions(stored_name: str, renditions: dict) -> None:
    """Renditions made in the background (eduportal.tasks) for a hero that revisions
    recorded before they existed: those revisions show them too, and keep their files.
    Renditions are derived from the signed-off file, not part of the content hash."""
    from .models import ArticleRevision, RevisionFile

    waiting = list(
        ArticleRevision.objects.filter(hero_image=stored_name).values_list("pk", "hero_renditions")
    )
    pks = [pk for pk, current in waiting if not (current or {}).get("jpeg")]
    if not pks:
        return
    # A queryset update: the revision's content (and its hash) is unchanged.
    ArticleRevision.objects.filter(pk__in=pks).update(hero_renditions=renditions)
    RevisionFile.objects.bulk_create(
        [
            RevisionFile(revision_id=pk, name=name)
            for pk in pks
            for name in rendition_names(renditions)
        ],
        ignore_conflicts=True,
    )
