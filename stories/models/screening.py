from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .languages import LANGUAGE_MAX_LENGTH, language_name, validate_language


class ScreeningKeyword(models.Model):
    """A phrase that flags a story or comment for moderators.

    Crisis phrases also show the writer support information at once; medical-claim
    phrases send the text to a medical reviewer before it can be approved.
    """

    class Kind(models.TextChoices):
        CRISIS = "crisis", "Crisis or self-harm"
        MEDICAL_CLAIM = "medical_claim", "Medical claim (needs medical review)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    phrase = models.CharField(
        max_length=100,
        help_text=(
            "Matched as whole words, without regard to capitals or punctuation; "
            "“don't” is read as “do not”. Use | for choices of one word and * for up to "
            "three other words: “want|wanted to die”, “want it * to end”. A match right "
            "after “not”, “never” or “no” is ignored unless the phrase starts with one. "
            "Chinese is matched anywhere in the text (it has no spaces between words); "
            "Tamil and Nepali words also match with endings added (தற்கொலை matches "
            "தற்கொலைக்கு)."
        ),
    )
    language = models.CharField(
        max_length=LANGUAGE_MAX_LENGTH,
        blank=True,
        validators=[validate_language],
        help_text="The language the phrase is in, so each language's list can be reviewed "
        "by someone who speaks it. Every phrase is checked against every text, whatever "
        "language the writer chose: people mix languages.",
    )
    active = models.BooleanField(default=True, help_text="Untick to stop using this phrase.")
    note = models.CharField(max_length=200, blank=True, help_text="Why this phrase is listed.")

    # What is screened decides what reaches moderators: every change is recorded.
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "phrase"]
        verbose_name = "screening keyword"
        verbose_name_plural = "screening keywords"
        constraints = [
            models.UniqueConstraint(fields=["kind", "phrase"], name="screening_keyword_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["crisis", "medical_claim"]), name="screening_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(phrase=""), name="screening_phrase_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        self.phrase = " ".join(self.phrase.lower().split())
        super().save(*args, **kwargs)

    @property
    def language_name(self) -> str:
        return language_name(self.language) if self.language else ""
