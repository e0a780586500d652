"""Words patients meet: the glossary, and the synonyms search understands.

Both are presentation and search aids kept by editors. Neither is part of an article's
medical content, so neither changes a revision or its content hash.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify


def split_words(text: str) -> list[str]:
    """A comma-separated list typed by an editor, as trimmed, distinct lower-case items."""
    seen: dict[str, None] = {}
    for item in (text or "").split(","):
        word = " ".join(item.lower().split())
        if word:
            seen.setdefault(word, None)
    return list(seen)


class GlossaryTermQuerySet(models.QuerySet):
    def published(self) -> GlossaryTermQuerySet:
        return self.filter(published=True)


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
        default=True, help_text="Untick to hide the term from the glossary and articles."
    )
    modified_at = models.DateTimeField(auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"
        verbose_name_plural = "glossary terms"
        constraints = [
            models.CheckConstraint(condition=~Q(term=""), name="glossary_term_not_empty"),
            models.CheckConstraint(condition=~Q(definition=""), name="glossary_definition_set"),
        ]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split())
        self.definition = " ".join(self.definition.split())
        if not self.slug:
            self.slug = slugify(self.term)[:90] or "term"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('articles:glossary')}#{self.slug}"

    def clean(self):
        if self.definition and len(re.findall(r"[.!?](\s|$)", self.definition.strip())) > 1:
            raise ValidationError({"definition": "Please keep the definition to one sentence."})

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"

    def forms(self) -> list[str]:
        """Every way of writing the term that links its first use in an article."""
        return [self.term, *(w for w in split_words(self.also_matches) if w != self.term.lower())]


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
