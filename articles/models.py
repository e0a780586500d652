"""Articles for patients: topics, authors, articles, their revisions and references.

What the public sees is never the editors' working copy: it is the article's
`approved_revision`, an immutable snapshot a clinician signed off (reviews app).
"""

from __future__ import annotations

import hashlib
import json

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

from . import readability
from .rendering import plain_text, render_body


def normalise_newlines(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


class Topic(models.Model):
    """A small curated taxonomy: the cancer type or the treatment an article is about."""

    class Kind(models.TextChoices):
        CANCER_TYPE = "cancer_type", "Cancer type"
        TREATMENT = "treatment", "Treatment type"

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, help_text="One or two plain sentences for patients.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["cancer_type", "treatment"]), name="topic_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('articles:list')}?topic={self.slug}"


class Author(models.Model):
    """A writer. Writers need not be clinicians; a clinician's author profile links to
    their specialist profile (reviews.Specialist.author) and the byline says so."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, help_text='For example "Medical writer".')
    bio = models.TextField(blank=True)
    photo = VerifiedImageField(upload_to="authors/", blank=True)
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The admin login of this writer, if they have one.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "author"
        verbose_name_plural = "authors"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if sync_renditions(self, "photo", "photo_renditions"):
            super().save(update_fields=["photo_renditions"])


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
        """What a list of article cards needs, in a constant number of queries."""
        return self.select_related("approved_revision", "author").prefetch_related("topics")

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


class BodyImage(models.Model):
    """A picture for use inside an article's text. The admin shows the Markdown line to
    paste into the body, pointing at a rendition made at upload."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="body_images")
    image = VerifiedImageField(upload_to="articles/body/")
    alt_text = models.CharField(
        max_length=250, help_text="Describe the picture for someone who cannot see it."
    )
    caption = models.CharField(max_length=250, blank=True)
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = "body image"
        verbose_name_plural = "body images"

    def __str__(self) -> str:
        return self.alt_text

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if sync_renditions(self, "image", "renditions"):
            super().save(update_fields=["renditions"])

    def markdown(self) -> str:
        """The line an editor pastes into the body: the 1200-pixel (or largest) JPEG."""
        if not self.renditions.get("jpeg"):
            return ""
        url = next(
            (u for w, u in self.renditions["jpeg"] if w >= 1200), self.renditions["jpeg"][-1][1]
        )
        alt = self.alt_text.replace("]", ")").replace("[", "(")
        caption = self.caption.replace('"', "'")
        return f'![{alt}]({url} "{caption}")' if caption else f"![{alt}]({url})"


class Reference(models.Model):
    """A numbered source; the body cites it with [^position]."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(help_text="Its number in the text: [^1], [^2] …")
    citation = models.TextField(help_text="Authors, title, journal or publisher, year.")
    url = models.URLField("URL", blank=True, max_length=500)
    doi = models.CharField("DOI", max_length=120, blank=True, help_text="For example 10.1056/…")
    pubmed_id = models.CharField("PubMed ID", max_length=12, blank=True)
    accessed_on = models.DateField(null=True, blank=True, help_text="When the web page was read.")

    class Meta:
        ordering = ["article", "position"]
        verbose_name = "reference"
        verbose_name_plural = "references"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="reference_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="reference_position_positive"
            ),
            models.CheckConstraint(
                condition=Q(pubmed_id="") | Q(pubmed_id__regex=r"^[0-9]{1,10}$"),
                name="reference_pubmed_id_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.position}] {self.citation[:60]}"

    def as_dict(self) -> dict:
        return {
            "position": self.position,
            "citation": self.citation,
            "url": self.url,
            "doi": self.doi,
            "pubmed_id": self.pubmed_id,
            "accessed_on": self.accessed_on.isoformat() if self.accessed_on else "",
        }


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
        }

    @property
    def reading_minutes(self) -> int:
        return readability.reading_minutes(self.word_count)

    @property
    def shows_toc(self) -> bool:
        return len(self.toc) >= 3

    def plain_body(self) -> str:
        return plain_text(self.body)


class Feedback(models.Model):
    """ "Was this page helpful?" answers and error reports; editors read them in the admin."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", "Helpful"
        NOT_HELPFUL = "not_helpful", "Not helpful"
        ERROR = "error", "Error report"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["resolved", "-created_at"]
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        indexes = [models.Index(fields=["resolved", "-created_at"], name="feedback_inbox_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["helpful", "not_helpful", "error"]),
                name="feedback_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.article}"


class SearchTerm(models.Model):
    """Words that occur in published articles: the vocabulary for "did you mean"."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["word"]
        verbose_name = "search term"
        verbose_name_plural = "search terms"

    def __str__(self) -> str:
        return self.word
