"""Immutable revisions of an article's medical content, which sign-offs bind to."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .. import readability
from ..rendering import plain_text, render_body
from .articles import Article, with_questions


def content_hash(content: dict) -> str:
    """A deterministic fingerprint of an article's medical content."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ArticleRevisionQuerySet(models.QuerySet):
    def for_article(self, article: Article) -> ArticleRevisionQuerySet:
        return self.filter(article=article).select_related("created_by")


class ArticleRevision(models.Model):
    """An immutable snapshot of an article's medical content.

    Sign-offs bind to a revision and its content hash, so a revision is never changed
    after it is written: save() refuses updates and the admin shows it read-only.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField()
    references = models.JSONField(default=list)
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

    def delete(self, *args, **kwargs):
        raise ValidationError("Revisions are kept for the audit trail and cannot be deleted.")

    @classmethod
    def build(cls, *, article: Article, content: dict, number: int, by) -> ArticleRevision:
        body_html, toc = render_body(content["body"])
        words = plain_text(content["body"])
        return cls(
            article=article,
            number=number,
            title=content["title"],
            summary=content["summary"],
            body=content["body"],
            references=content["references"],
            questions=content.get("questions", []),
            body_html=body_html,
            toc=toc,
            word_count=readability.count_words(f"{content['summary']} {words}"),
            content_hash=content_hash(content),
            created_by=by,
        )

    def content(self) -> dict:
        content = {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "references": self.references,
        }
        return with_questions(content, self.questions)

    @property
    def reading_minutes(self) -> int:
        return readability.reading_minutes(self.word_count)

    @property
    def shows_toc(self) -> bool:
        return len(self.toc) >= 3

    def plain_body(self) -> str:
        return plain_text(self.body)
