"""Immutable revisions of what a clinician signs off, which sign-offs bind to.

A revision holds every signed-off field (docs/clinical-governance.md): title,
summary, body with its figures, references, hero image with alt text and credit, and
the SEO title and description. Public pages read these from the approved revision
only, never from the editors' working copy.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from eduportal.images import rendition_names

from .. import readability
from ..rendering import images_in, plain_text, render_body
from .articles import Article

# Signed off since the hero, figures, SEO fields and care-team questions joined the
# revision. Left out of the fingerprint while empty, so a revision of text alone keeps
# the hash it was signed with.
OPTIONAL_CONTENT = ("seo_title", "seo_description", "hero", "questions")


def _has_value(value) -> bool:
    return any(value.values()) if isinstance(value, dict) else bool(value)


def content_hash(content: dict) -> str:
    """A deterministic fingerprint of everything a clinician signs off."""
    canonical_content = {
        key: value
        for key, value in content.items()
        if key not in OPTIONAL_CONTENT or _has_value(value)
    }
    canonical = json.dumps(
        canonical_content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ArticleRevisionQuerySet(models.QuerySet):
    def for_article(self, article: Article) -> ArticleRevisionQuerySet:
        return self.filter(article=article).select_related("created_by")


class ArticleRevision(models.Model):
    """An immutable snapshot of everything a clinician signs off.

    Sign-offs bind to a revision and its content hash, so a revision is never changed
    after it is written: save() refuses updates and the admin shows it read-only.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField()
    references = models.JSONField(default=list)
    seo_title = models.CharField("SEO title", max_length=70, blank=True)
    seo_description = models.CharField("SEO description", max_length=160, blank=True)
    # The revision's own copy of its pictures: storage names and renditions, so a later
    # upload or deletion in the working copy never changes what this revision shows.
    hero_image = models.CharField(max_length=255, blank=True)
    hero_alt = models.CharField("hero image alt text", max_length=250, blank=True)
    hero_credit = models.CharField(max_length=200, blank=True)
    hero_renditions = models.JSONField(default=dict, blank=True)
    figures = models.JSONField(
        default=list, blank=True, help_text="The pictures in the body: address, alt, caption."
    )
    questions = models.JSONField("questions to ask your care team", default=list, blank=True)
    body_html = models.TextField()
    toc = models.JSONField(default=list)
    word_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = "article revision"
        verbose_name_plural = "article revisions"
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — revision {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Revisions are immutable; record a new one instead.")
        super().save(*args, **kwargs)
        RevisionFile.objects.bulk_create(
            [RevisionFile(revision=self, name=name) for name in self.file_names()],
            ignore_conflicts=True,
        )

    def delete(self, *args, **kwargs):
        raise ValidationError("Revisions are kept for the audit trail and cannot be deleted.")

    @classmethod
    def build(cls, *, article: Article, content: dict, number: int, by) -> ArticleRevision:
        body_html, toc = render_body(content["body"])
        words = plain_text(content["body"])
        hero = content.get("hero") or {}
        renditions = article.hero_renditions or {}
        return cls(
            article=article,
            number=number,
            title=content["title"],
            summary=content["summary"],
            body=content["body"],
            references=content["references"],
            seo_title=content.get("seo_title", ""),
            seo_description=content.get("seo_description", ""),
            hero_image=hero.get("image", ""),
            hero_alt=hero.get("alt", ""),
            hero_credit=hero.get("credit", ""),
            # Renditions describe the stored hero only when they were made from it.
            hero_renditions=(
                renditions
                if hero.get("image") and renditions.get("source") == hero["image"]
                else {}
            ),
            figures=_figures(article, body_html),
            questions=content.get("questions", []),
            body_html=body_html,
            toc=toc,
            word_count=readability.count_words(f"{content['summary']} {words}"),
            content_hash=content_hash(content),
            created_by=by,
        )

    def content(self) -> dict:
        return {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "references": self.references,
            "seo_title": self.seo_title,
            "seo_description": self.seo_description,
            "hero": {"image": self.hero_image, "alt": self.hero_alt, "credit": self.hero_credit},
            "questions": self.questions,
        }

    def file_names(self) -> list[str]:
        """Storage names of every file this revision shows (kept while it exists)."""
        names = [self.hero_image, *rendition_names(self.hero_renditions)]
        for figure in self.figures:
            names += [figure.get("image", ""), *rendition_names(figure.get("renditions"))]
            names.append(_media_name(figure["src"]))
        return [name for name in dict.fromkeys(names) if name]

    @property
    def language(self) -> str:
        """Articles are written in the site's first language (translations: their own)."""
        return settings.LANGUAGE_CODE

    @property
    def reading_minutes(self) -> int:
        return readability.reading_minutes(self.word_count)

    @property
    def shows_toc(self) -> bool:
        return len(self.toc) >= 3

    @property
    def has_hero(self) -> bool:
        return bool(self.hero_renditions and self.hero_renditions.get("jpeg"))

    def plain_body(self) -> str:
        return plain_text(self.body)


def _media_name(url: str) -> str:
    media_url = settings.MEDIA_URL
    return url[len(media_url) :] if url.startswith(media_url) else ""


def _figures(article: Article, body_html: str) -> list[dict]:
    """The pictures the body shows, each with its alt text and caption as readers see
    them and, for an uploaded body picture, its files."""
    images = images_in(body_html)
    if not images:
        return []
    uploads = {}
    if article.pk:
        for body_image in article.body_images.all():
            for _width, url in [*body_image.renditions.get("jpeg", []),
                                *body_image.renditions.get("webp", [])]:  # fmt: skip
                uploads[url] = body_image
    figures = []
    for image in images:
        body_image = uploads.get(image["src"])
        figures.append(
            {
                **image,
                "image": body_image.image.name if body_image else "",
                "renditions": dict(body_image.renditions) if body_image else {},
            }
        )
    return figures


class RevisionFile(models.Model):
    """A file a revision shows. Files listed here are never deleted (articles/media.py)."""

    revision = models.ForeignKey(ArticleRevision, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255, db_index=True)

    class Meta:
        ordering = ["revision", "name"]
        verbose_name = "file shown by a revision"
        verbose_name_plural = "files shown by revisions"
        constraints = [
            models.UniqueConstraint(fields=["revision", "name"], name="revision_file_unique"),
        ]

    def __str__(self) -> str:
        return self.name
