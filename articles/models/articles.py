"""The article: the editors' working copy and the pointer to its approved revision.

What the public sees is never the editors' working copy: it is the article's
`approved_revision`, an immutable snapshot a clinician signed off (reviews app).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager

from eduportal.fields import VerifiedImageField, sync_renditions

from .taxonomy import Author, Topic


def normalise_newlines(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


CARD_DEFERRED = (
    "body",
    "summary",
    "search_vector",
    "approved_revision__body",
    "approved_revision__body_html",
    "approved_revision__references",
    "approved_revision__toc",
)


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """The one rule for "the public may see it": published, its publication time
        reached, and a clinician-approved revision to show."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            approved_revision__isnull=False,
        )

    def for_cards(self) -> ArticleQuerySet:
        """What a list of article cards needs, in a constant number of queries, without
        the long texts a card never shows (read from disk and sent over for nothing)."""
        return (
            self.select_related("approved_revision", "author")
            .prefetch_related("topics")
            .defer(*CARD_DEFERRED)
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    # The working copy editors edit. Saving it records a revision (services.py).
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The web address. Made from the title; it cannot change once published.",
    )
    summary = models.TextField(
        max_length=600, help_text="One short paragraph: what the reader will learn."
    )
    body = models.TextField(
        help_text=(
            "Markdown. ## and ### for headings, - for lists, > for quotes, "
            '[^2] to cite reference 2, ![alt text](image address "caption") for a figure.'
        )
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    tags = TaggableManager(blank=True, help_text="Free tags, separated by commas.")

    hero_image = VerifiedImageField(upload_to="articles/", blank=True)
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the picture for someone who cannot see it. Required with an image.",
    )
    hero_credit = models.CharField(
        max_length=200, blank=True, help_text='Who made the picture, e.g. "Source: eduportal".'
    )
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    featured = models.BooleanField(default=False, help_text="Show on the home page.")
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it goes live. A future date schedules publication.",
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the public text last changed."
    )
    approved_revision = models.ForeignKey(
        "ArticleRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The revision a clinician approved: the only text the public sees.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=12, help_text="How long an approval lasts before the next medical review."
    )
    comments_open = models.BooleanField(default=True, help_text="Readers may leave comments.")
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=160, blank=True)

    # Derived from the approved revision, for listing and search without extra work.
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        permissions = [("publish_article", "Can publish, schedule and archive articles")]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_status_pub_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "approved", "published", "archived"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(published_at__isnull=False) & Q(approved_revision__isnull=False)),
                name="article_published_needs_date_and_approval",
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""), name="article_hero_image_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Browsers submit textareas with CRLF line endings; one form of newline keeps
        # content hashes and revision diffs about words, not line endings.
        self.summary = normalise_newlines(self.summary)
        self.body = normalise_newlines(self.body)
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)
        if sync_renditions(self, "hero_image", "hero_renditions"):
            super().save(update_fields=["hero_renditions"])

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": "Please describe the hero image for screen readers."}
            )
        if self.pk and self.slug and self.was_ever_published:
            stored = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored and stored != self.slug:
                raise ValidationError(
                    {"slug": "This article has been published; its address cannot change."}
                )

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:190] or "article"
        slug, counter = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, counter = f"{base}-{counter}", counter + 1
        return slug

    @property
    def was_ever_published(self) -> bool:
        return self.published_at is not None and self.status in {
            self.Status.PUBLISHED,
            self.Status.ARCHIVED,
        }

    def is_published(self) -> bool:
        """Instance twin of ArticleQuerySet.published(); a test proves they agree."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and self.approved_revision_id is not None
        )

    def content(self) -> dict:
        """The medical content of the working copy: what a revision snapshots."""
        return {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "references": [ref.as_dict() for ref in self.references.all()],
        }
