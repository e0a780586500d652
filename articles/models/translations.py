"""Translations of articles, each with its own chain of immutable revisions and its own
medical sign-off.

A translation never inherits the English approval. Each `TranslationRevision` is bound
to the exact English `ArticleRevision` it translates; the public sees a translation only
when a clinician who declared that language on their checked profile approved that exact
translation revision (reviews.services.sign_off_translation), and only while the English
article itself is public. When the English text changes, the translation stays up with
an "out of date" notice, unless an editor marked the change as safety-relevant
(`SafetyRelevantChange`): then the translation leaves the site until a new translation
of the current English text is signed off.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from .. import readability
from ..rendering import images_in, plain_text, render_body
from .articles import Article
from .revisions import ArticleRevision


def translation_languages() -> list[tuple[str, str]]:
    """The languages an article can be translated into: every site language but the
    one articles are written in. A callable, so adding a language to settings.LANGUAGES
    needs no migration."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translation_language_codes() -> set[str]:
    return {code for code, _name in translation_languages()}


# What a translator writes and a clinician signs off. References are the source's own
# (sources are cited as published); pictures are the source's, with translated alt
# text and captions written in the body's figure lines.
TRANSLATED_FIELDS = (
    "title",
    "summary",
    "body",
    "seo_title",
    "seo_description",
    "hero_alt",
    "questions",
)


def translation_content_hash(content: dict, *, source_revision: ArticleRevision) -> str:
    """A fingerprint of a translation's text *and* the English text it translates: the
    same words against a newer English revision are a new thing to sign off."""
    canonical = json.dumps(
        {
            **{key: content.get(key, "") for key in TRANSLATED_FIELDS},
            "source": source_revision.content_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _safety_change_since(source_number, current_number) -> Exists:
    """A safety-relevant mark on an English revision after the one translated, up to
    the approved one (outer refs name the numbers)."""
    return Exists(
        SafetyRelevantChange.objects.filter(
            revision__article=OuterRef("article_id"),
            revision__number__gt=OuterRef(source_number),
            revision__number__lte=OuterRef(current_number),
        )
    )


class ArticleTranslationQuerySet(models.QuerySet):
    def public(self) -> ArticleTranslationQuerySet:
        """The one rule for "the public may read this translation": its article is
        public (Article.objects.published()), a clinician approved a revision of it, it
        has not been withdrawn, and no safety-relevant English change came after the
        English revision it translates. Instance twin: is_public()."""
        return self.filter(
            Exists(Article.objects.published().filter(pk=OuterRef("article_id"))),
            approved_revision__isnull=False,
            withdrawn_at__isnull=True,
        ).exclude(
            _safety_change_since(
                "approved_revision__source_revision__number",
                "article__approved_revision__number",
            )
        )

    def in_language(self, language: str) -> ArticleTranslationQuerySet:
        return self.filter(language=language)

    def out_of_date(self) -> ArticleTranslationQuerySet:
        """Approved translations of an English revision that is no longer the approved
        one (public with a notice, or withdrawn). Instance twin: is_out_of_date."""
        return self.filter(approved_revision__isnull=False).exclude(
            approved_revision__source_revision=models.F("article__approved_revision")
        )


class ArticleTranslation(models.Model):
    """An article in one other language: its chain of revisions and the one the public
    sees. Only the lifecycle (articles.lifecycle) sets `approved_revision` and the
    withdrawal fields."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=15, choices=translation_languages, db_index=True)
    approved_revision = models.ForeignKey(
        "TranslationRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The translation revision a clinician with this language approved: the "
        "only translated text the public sees.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a safety-relevant change of the English text took this translation "
        "off the site, until a translation of the new English text is signed off.",
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["article", "language"]
        verbose_name = "article translation"
        verbose_name_plural = "article translations"
        indexes = [models.Index(fields=["language", "article"], name="translation_language_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"],
                name="translation_one_per_language",
                violation_error_message="This article already has a translation in this language.",
            ),
            models.CheckConstraint(condition=~Q(language=""), name="translation_language_set"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_reason="")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="translation_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} ({self.get_language_display()})"

    def get_absolute_url(self) -> str:
        """The translated page's address, e.g. /ne/articles/<slug>/."""
        with override(self.language):
            return reverse("articles:detail", kwargs={"slug": self.article.slug})

    def clean(self):
        if self.language not in translation_language_codes():
            raise ValidationError({"language": "Choose one of the site's other languages."})

    @property
    def is_out_of_date(self) -> bool:
        """The approved translation follows an English revision that is no longer the
        approved one. Instance twin of ArticleTranslationQuerySet.out_of_date()."""
        return (
            self.approved_revision_id is not None
            and self.approved_revision.source_revision_id != self.article.approved_revision_id
        )

    def safety_change_since_source(self) -> SafetyRelevantChange | None:
        """The first safety-relevant English change after the approved translation's
        source, up to the approved English revision; None if there is none."""
        if self.approved_revision_id is None or self.article.approved_revision_id is None:
            return None
        return (
            SafetyRelevantChange.objects.filter(
                revision__article_id=self.article_id,
                revision__number__gt=self.approved_revision.source_revision.number,
                revision__number__lte=self.article.approved_revision.number,
            )
            .select_related("revision")
            .order_by("revision__number")
            .first()
        )

    def is_public(self) -> bool:
        """Instance twin of ArticleTranslationQuerySet.public(); a test proves they agree."""
        return (
            self.article.is_published()
            and self.approved_revision_id is not None
            and self.withdrawn_at is None
            and self.safety_change_since_source() is None
        )


class TranslationRevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Translation revisions are immutable; record a new one instead.")

    def delete(self):
        raise ValidationError(
            "Translation revisions are kept for the audit trail and cannot be deleted."
        )

    def latest_first(self) -> TranslationRevisionQuerySet:
        return self.order_by("-number")


class TranslationRevision(models.Model):
    """An immutable snapshot of a translation, bound to the English revision it
    translates. Sign-offs bind to it and its content hash, so it is never changed or
    deleted: not through save(), delete(), a queryset, or the admin."""

    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    source_revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.PROTECT,
        related_name="translation_revisions",
        help_text="The exact English revision this text translates.",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField()
    seo_title = models.CharField("SEO title", max_length=70, blank=True)
    seo_description = models.CharField("SEO description", max_length=160, blank=True)
    hero_alt = models.CharField("hero image alt text", max_length=250, blank=True)
    figures = models.JSONField(
        default=list,
        blank=True,
        help_text="The source's pictures as this text shows them: address, translated alt "
        "text and caption.",
    )
    questions = models.JSONField("questions to ask your care team", default=list, blank=True)
    body_html = models.TextField()
    toc = models.JSONField(default=list, blank=True)  # a body without ## headings has none
    word_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = TranslationRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["translation", "-number"]
        verbose_name = "translation revision"
        verbose_name_plural = "translation revisions"
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "number"], name="translation_revision_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — revision {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Translation revisions are immutable; record a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            "Translation revisions are kept for the audit trail and cannot be deleted."
        )

    @classmethod
    def build(
        cls,
        *,
        translation: ArticleTranslation,
        source_revision: ArticleRevision,
        content: dict,
        number: int,
        by,
    ) -> TranslationRevision:
        """A revision of `content` (TRANSLATED_FIELDS) translating `source_revision`,
        rendered with the same pipeline as the English text."""
        body_html, toc = render_body(content["body"], translation.language)
        words = plain_text(content["body"], translation.language)
        source_figures = {figure["src"]: figure for figure in source_revision.figures}
        figures = [
            {
                **image,
                "image": source_figures.get(image["src"], {}).get("image", ""),
                "renditions": source_figures.get(image["src"], {}).get("renditions", {}),
            }
            for image in images_in(body_html)
        ]
        return cls(
            translation=translation,
            number=number,
            source_revision=source_revision,
            title=content["title"],
            summary=content["summary"],
            body=content["body"],
            seo_title=content.get("seo_title", ""),
            seo_description=content.get("seo_description", ""),
            hero_alt=content.get("hero_alt", ""),
            figures=figures,
            questions=list(content.get("questions", [])),
            body_html=body_html,
            toc=toc,
            word_count=readability.count_words_in_any_script(f"{content['summary']} {words}"),
            content_hash=translation_content_hash(content, source_revision=source_revision),
            created_by=by,
        )

    def content(self) -> dict:
        """The translated fields, in the shape save_translation_revision takes."""
        return {name: getattr(self, name) for name in TRANSLATED_FIELDS}

    @property
    def language(self) -> str:
        return self.translation.language

    @property
    def reading_minutes(self) -> int:
        return readability.reading_minutes(self.word_count)

    @property
    def shows_toc(self) -> bool:
        return len(self.toc) >= 3

    def plain_body(self) -> str:
        return plain_text(self.body, self.translation.language)


class SafetyRelevantChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("A safety-relevant mark is kept as recorded.")

    def delete(self):
        raise ValidationError("A safety-relevant mark is kept for the record.")


class SafetyRelevantChange(models.Model):
    """An editor's record that an English revision changes something that matters for
    patients' safety (a dose, a warning, who to call). When such a revision becomes the
    approved text, translations of older English text leave the site until re-reviewed.

    A separate record, so the revision (and the content hash its sign-off bound to)
    stays exactly as signed. Append-only.
    """

    revision = models.OneToOneField(
        ArticleRevision, on_delete=models.PROTECT, related_name="safety_change"
    )
    reason = models.TextField(
        help_text="What changed that matters for safety, in a sentence translators and "
        "reviewers will read."
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    objects = SafetyRelevantChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-marked_at", "-pk"]
        verbose_name = "safety-relevant change"
        verbose_name_plural = "safety-relevant changes"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="safety_change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.revision}: {self.reason[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("A safety-relevant mark is kept as recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A safety-relevant mark is kept for the record.")
