"""The article: the editors' working copy and the pointer to its approved revision.

What the public sees is never the editors' working copy: it is the article's
`approved_revision`, an immutable snapshot a clinician signed off (reviews app).
"""

from __future__ import annotations

import re

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

from ..media import release_image_files
from ..rendering import CALLOUT_HELP
from .taxonomy import Author, Topic


def normalise_newlines(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _is_past(moment) -> bool:
    return moment <= timezone.now()


LIST_MARKER = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+")


def question_lines(text: str) -> list[str]:
    """An editor's one-question-a-line text as a list, without list markers or blanks."""
    lines = (LIST_MARKER.sub("", " ".join(line.split())) for line in (text or "").split("\n"))
    return [line for line in lines if line]


CARD_DEFERRED = (
    "body",
    "summary",
    "care_team_questions",
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
            .with_public_translation(cards=True)
        )

    def with_public_translation(self, language: str | None = None, *, cards: bool = False):
        """In a language other than English, prefetch each article's public translation
        in it (one query), which cards, lists and feeds then show
        (articles.translated.text_for_reader). English lists are unchanged."""
        from ..translated import active_language, is_source_language, public_translations_prefetch

        language = language or active_language()
        if is_source_language(language):
            return self
        return self.prefetch_related(public_translations_prefetch(language, cards=cards))

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
            '[^2] to cite reference 2, ![alt text](image address "caption") for a figure. '
            + CALLOUT_HELP
        )
    )
    care_team_questions = models.TextField(
        "questions to ask your care team",
        blank=True,
        help_text="One question per line. Part of the medical content: the reviewing "
        "clinician signs them off with the text, and readers can print them on their own.",
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
    first_published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was first published (or scheduled). Its address is fixed from then on.",
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
    seo_title = models.CharField(
        "SEO title",
        max_length=70,
        blank=True,
        help_text="What search engines and browser tabs show instead of the title. "
        "Reviewed with the text.",
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="What search engines and shared links show instead of the summary. "
        "Reviewed with the text.",
    )

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
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish, archive and restore articles"),
            ("review_article", "Can approve an article's revision or send it back"),
        ]
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
        self.care_team_questions = "\n".join(question_lines(self.care_team_questions))
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)
        # A replaced or cleared hero's files stay while any revision shows them.
        if sync_renditions(self, "hero_image", "hero_renditions", release=release_image_files):
            super().save(update_fields=["hero_renditions"])

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors: dict[str, str] = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Please describe the hero image for screen readers."
        stored = (
            Article.objects.filter(pk=self.pk).values("slug", "published_at").first()
            if self.pk
            else None
        )
        if stored and self.slug and self.was_ever_published and stored["slug"] != self.slug:
            errors["slug"] = "This article has been published; its address cannot change."
        if self.status == self.Status.PUBLISHED:
            if self.published_at is None:
                errors["published_at"] = (
                    "A published article needs its publication date. To take it off the "
                    "site, use the “Unpublish” action instead."
                )
            elif (
                stored
                and stored["published_at"]
                and _is_past(stored["published_at"]) != (_is_past(self.published_at))
            ):
                # Moving the date across "now" would publish or hide the article without
                # going through the lifecycle (articles.lifecycle), so nobody would know.
                errors["published_at"] = (
                    "This date would change whether the article is on the site. Use the "
                    "“Unpublish” and “Publish” actions for that, so the change is recorded."
                )
        if errors:
            raise ValidationError(errors)

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:190] or "article"
        slug, counter = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, counter = f"{base}-{counter}", counter + 1
        return slug

    @property
    def was_ever_published(self) -> bool:
        return self.first_published_at is not None

    def is_published(self) -> bool:
        """Instance twin of ArticleQuerySet.published(); a test proves they agree."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and self.approved_revision_id is not None
        )

    def content(self) -> dict:
        """What a clinician signs off, from the working copy: what a revision snapshots.

        The list of signed-off fields is docs/clinical-governance.md; ArticleRevision
        .content() returns the same shape from the snapshot.
        """
        return {
            "title": self.title,
            "summary": normalise_newlines(self.summary),
            "body": normalise_newlines(self.body),
            "references": [ref.as_dict() for ref in self.references.all()],
            "seo_title": self.seo_title.strip(),
            "seo_description": self.seo_description.strip(),
            "hero": {
                "image": self.hero_image.name or "",
                "alt": self.hero_alt.strip(),
                "credit": self.hero_credit.strip(),
            },
            "questions": question_lines(self.care_team_questions),
        }
