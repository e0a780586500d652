"""Words patients meet: the glossary, and the synonyms search understands.

Neither changes an article's revision or its content hash. A glossary definition is
medical meaning, though: editors keep the working text, and the public only ever sees
the text a checked clinician approved (`approved_*`, written by
`articles.services.approve_glossary_text`, which `reviews.services.approve_glossary_term`
calls after checking the clinician). Synonyms are search aids kept by editors.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

# The fields whose words carry meaning: what the term is called, the other ways of
# writing it that articles link to it, and its definition. A clinician approves them
# together; each has its approved twin, `approved_<name>`.
GLOSSARY_TEXT_FIELDS = ("term", "also_matches", "definition")


def split_words(text: str) -> list[str]:
    """A comma-separated list typed by an editor, as trimmed, distinct lower-case items."""
    seen: dict[str, None] = {}
    for item in (text or "").split(","):
        word = " ".join(item.lower().split())
        if word:
            seen.setdefault(word, None)
    return list(seen)


def text_fingerprint(term: str, also_matches: str, definition: str) -> str:
    """Names one exact wording of a term: an approval binds to it."""
    return hashlib.sha256(repr((term, also_matches, definition)).encode()).hexdigest()


class GlossaryTermQuerySet(models.QuerySet):
    def approved(self) -> GlossaryTermQuerySet:
        """Terms with a text a checked clinician approved."""
        return self.filter(approved_at__isnull=False)

    def published(self) -> GlossaryTermQuerySet:
        """What the public sees: shown by the editors and approved by a clinician. Public
        pages read only the `approved_*` text of these (instance twin: is_published)."""
        return self.approved().filter(published=True)

    def approved_as_written(self) -> GlossaryTermQuerySet:
        """Approved, and the working text is still exactly what was approved."""
        same = {name: F(f"approved_{name}") for name in GLOSSARY_TEXT_FIELDS}
        return self.approved().filter(**same)

    def awaiting_approval(self) -> GlossaryTermQuerySet:
        """Never approved, or changed by an editor since (instance twin:
        is_awaiting_approval). The change stays invisible until it is approved."""
        changed = Q()
        for name in GLOSSARY_TEXT_FIELDS:
            changed |= ~Q(**{name: F(f"approved_{name}")})
        return self.filter(Q(approved_at__isnull=True) | changed)


class GlossaryTerm(models.Model):
    """A term with a one-sentence plain definition. Its first use in an article is
    explained in place, and every term is listed on the A–Z glossary page."""

    term = models.CharField(
        max_length=80, unique=True, help_text="As patients see it, e.g. “HER2” or “Checkpoint”."
    )
    slug = models.SlugField(max_length=90, unique=True, help_text="The anchor on the A–Z page.")
    definition = models.CharField(
        max_length=300,
        help_text="One plain sentence a patient can read at a glance (grade 6–8).",
    )
    also_matches = models.CharField(
        "other forms",
        max_length=300,
        blank=True,
        help_text="Other ways the term is written in articles, separated by commas, "
        "e.g. “checkpoint inhibitor, checkpoint inhibitors”. Plurals ending in -s are "
        "matched already.",
    )
    published = models.BooleanField(
        default=True,
        help_text="Untick to hide the term from the glossary and articles. A term is "
        "only shown once a clinician has approved its text.",
    )
    modified_at = models.DateTimeField(auto_now=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who last changed the term, its other forms or its definition (they may "
        "not approve that text themselves).",
    )

    # What the public sees: the text as a checked clinician approved it, with who and when.
    approved_term = models.CharField("approved term", max_length=80, blank=True)
    approved_also_matches = models.CharField("approved other forms", max_length=300, blank=True)
    approved_definition = models.CharField("approved definition", max_length=300, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The clinician's login.",
    )
    approved_by_name = models.CharField(
        "approved by (as checked)",
        max_length=200,
        blank=True,
        help_text="The clinician's name and credentials from their credential check, as "
        "they stood when they approved.",
    )

    objects = GlossaryTermQuerySet.as_manager()
    # Definitions are shown to patients: every change and every approval is recorded.
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"
        verbose_name_plural = "glossary terms"
        constraints = [
            models.CheckConstraint(condition=~Q(term=""), name="glossary_term_not_empty"),
            models.CheckConstraint(condition=~Q(definition=""), name="glossary_definition_set"),
            # An approval is all of it (text, who, when) or none of it.
            models.CheckConstraint(
                condition=(
                    Q(
                        approved_at__isnull=True,
                        approved_term="",
                        approved_also_matches="",
                        approved_definition="",
                        approved_by_name="",
                    )
                    | (
                        Q(approved_at__isnull=False)
                        & ~Q(approved_term="")
                        & ~Q(approved_definition="")
                        & ~Q(approved_by_name="")
                    )
                ),
                name="glossary_approval_complete",
            ),
        ]
        indexes = [models.Index(fields=["published", "approved_at"], name="glossary_public_idx")]
        permissions = [
            ("approve_glossaryterm", "Can approve glossary definitions (checked clinicians)"),
        ]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('articles:glossary')}#{self.slug}"

    def clean(self):
        if self.definition and len(re.findall(r"[.!?](\s|$)", self.definition.strip())) > 1:
            raise ValidationError({"definition": "Please keep the definition to one sentence."})

    def normalise(self) -> None:
        """Collapse typed whitespace and give a new term its anchor (before validation
        and on every save)."""
        self.term = " ".join(self.term.split())
        self.definition = " ".join(self.definition.split())
        if not self.slug:
            self.slug = slugify(self.term)[:90] or "term"

    def is_published(self) -> bool:
        """Instance twin of GlossaryTermQuerySet.published()."""
        return self.published and self.approved_at is not None

    def is_awaiting_approval(self) -> bool:
        """Instance twin of GlossaryTermQuerySet.awaiting_approval()."""
        return self.approved_at is None or any(
            getattr(self, name) != getattr(self, f"approved_{name}")
            for name in GLOSSARY_TEXT_FIELDS
        )

    def text_fingerprint(self) -> str:
        """The working text's fingerprint, as a reviewer reads it before approving."""
        return text_fingerprint(self.term, self.also_matches, self.definition)

    @property
    def letter(self) -> str:
        """The A–Z heading of the approved term (the public's)."""
        first = self.approved_term[:1].upper()
        return first if first.isalpha() else "#"

    def approved_forms(self) -> list[str]:
        """Every way of writing the approved term that links its first use in an article."""
        term = self.approved_term
        if not term:
            return []
        return [term, *(w for w in split_words(self.approved_also_matches) if w != term.lower())]


class SearchSynonym(models.Model):
    """Words and spellings that mean the same to a patient searching: a search for any
    of them finds the others (e.g. “fatigue, tiredness” or “nausea, feeling sick”)."""

    words = models.CharField(
        max_length=300,
        unique=True,
        help_text="Two or more words or short phrases that mean the same, separated by "
        "commas, e.g. “diarrhoea, diarrhea”. Capitals do not matter.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why these belong together.")
    active = models.BooleanField(default=True)

    # What patients' searches find: every change is recorded.
    history = HistoricalRecords()

    class Meta:
        ordering = ["words"]
        verbose_name = "search synonym"
        verbose_name_plural = "search synonyms"
        constraints = [
            models.CheckConstraint(condition=Q(words__contains=","), name="synonym_has_two_words")
        ]

    def __str__(self) -> str:
        return self.words

    def save(self, *args, **kwargs):
        self.words = ", ".join(split_words(self.words))
        super().save(*args, **kwargs)

    def clean(self):
        if len(split_words(self.words)) < 2:
            raise ValidationError({"words": "Please give at least two words, separated by commas."})
        if any(len(word) > 60 or len(word.split()) > 3 for word in split_words(self.words)):
            raise ValidationError({"words": "Each item can be at most three words."})

    def members(self) -> list[str]:
        return split_words(self.words)
