from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from eduportal.fields import VerifiedImageField, sync_renditions

from .languages import LANGUAGE_MAX_LENGTH, WrittenInLanguage, page_language, validate_language

STORY_MIN_CHARS = 300
# Chinese says in one character what English says in four or five letters, so a story
# of the same length in words is about a third as many characters. Languages written
# with spaces between words (Malay, Tamil, Nepali) count like English.
STORY_MIN_CHARS_BY_LANGUAGE = {"zh-hans": 100}
STORY_MAX_CHARS = 10_000
SHORT_LINE_MAX_CHARS = 280
# Raise this whenever the consent wording on the share form changes; each story
# records the version its sharer agreed to.
CONSENT_VERSION = "2024-06"


class ContentNote(models.TextChoices):
    RECURRENCE = "recurrence", _("Cancer coming back (recurrence)")
    LOSS = "loss", _("Loss of a loved one")
    FERTILITY = "fertility", _("Fertility")


class StoryQuerySet(models.QuerySet):
    def approved(self) -> StoryQuerySet:
        """The one rule for "the public may see it": a moderator approved it.

        Withdrawn and rejected stories never match, and the database guarantees an
        approved story has the sharer's consent to publish (see Meta.constraints).
        """
        return self.filter(moderation_status=Story.Moderation.APPROVED)

    def for_cards(self) -> StoryQuerySet:
        # A card shows the short line, never the story itself (up to 10,000 characters).
        return self.select_related("cancer_type").defer("text", "original_text")

    def quotable(self) -> StoryQuerySet:
        """Approved stories a moderator featured, whose sharer allowed quoting."""
        return self.approved().filter(featured=True, consent_quote=True)

    def pending(self) -> StoryQuerySet:
        return self.filter(moderation_status=Story.Moderation.PENDING)

    def newest_first(self) -> StoryQuerySet:
        return self.order_by("-created_at", "-pk")


def story_min_chars(language: str) -> int:
    """The fewest characters a story in this language may have."""
    return STORY_MIN_CHARS_BY_LANGUAGE.get(language, STORY_MIN_CHARS)


class Story(WrittenInLanguage, models.Model):
    class Status(models.TextChoices):
        CANCER_FREE = "cancer_free", _("Cancer-free")
        IN_TREATMENT = "in_treatment", _("In treatment")
        METASTATIC = "metastatic", _("Living with metastatic cancer")
        CAREGIVER = "caregiver", _("Caregiver")
        OTHER = "other", _("Other")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn by the sharer")

    # What the public sees (once approved).
    display_name = models.CharField(
        "name to show", max_length=80, help_text="Shown as a first initial when anonymous."
    )
    publish_anonymously = models.BooleanField(
        default=False, help_text="Show only the first initial of the name."
    )
    age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    country = CountryField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text='For example the year in "Cancer-free since 2023".'
    )
    cancer_type = models.ForeignKey(
        "articles.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        limit_choices_to={"kind": "cancer_type"},
    )
    short_line = models.CharField(
        max_length=SHORT_LINE_MAX_CHARS, blank=True, help_text="How they feel today (on the card)."
    )
    text = models.TextField(max_length=STORY_MAX_CHARS, blank=True)
    language = models.CharField(
        max_length=LANGUAGE_MAX_LENGTH,
        default=page_language,
        validators=[validate_language],
        help_text="The language the sharer wrote the story in (they choose it). Pages mark "
        "the story with it, and the story list can be filtered by it.",
    )
    original_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The sharer's own words, kept when a moderator shortened the story.",
    )
    content_notes = models.JSONField(default=list, blank=True)
    photo = VerifiedImageField(upload_to="stories/", blank=True)
    photo_alt = models.CharField(
        "photo description", max_length=250, blank=True, help_text="Alt text for the photo."
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)

    # Personal data: for moderators and the sharer's private link only.
    email = models.EmailField(
        "email (personal data — never shown)",
        blank=True,
        help_text="Personal data. Used only to send the sharer their private link and our "
        "decision. Never shown on the site.",
    )

    # Consent, as given on the share form.
    consent_publish = models.BooleanField("may publish on this site", default=False)
    consent_privacy = models.BooleanField("read the privacy notice", default=False)
    consent_edit = models.BooleanField("may be lightly edited for length", default=False)
    consent_quote = models.BooleanField("may be quoted on the home page", default=False)
    consented_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)

    # Moderation.
    moderation_status = models.CharField(
        max_length=20, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )
    flagged_crisis = models.BooleanField(
        "crisis flag", default=False, help_text="Mentions self-harm or a crisis."
    )
    flagged_medical = models.BooleanField(
        "medical claim flag", default=False, help_text="Needs a medical reviewer's look."
    )
    flag_keywords = models.JSONField(default=list, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    featured = models.BooleanField(
        default=False, help_text="Quote on the home page (only when the sharer allowed it)."
    )

    slug = models.SlugField(max_length=100, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "story"
        verbose_name_plural = "stories"
        permissions = [
            ("moderate_story", "Can approve, reject, shorten and feature stories"),
        ]
        indexes = [
            models.Index(fields=["moderation_status", "-created_at"], name="story_public_idx"),
            models.Index(fields=["moderation_status", "created_at"], name="story_queue_idx"),
            models.Index(
                fields=["moderation_status", "language", "-created_at"],
                name="story_public_language_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(moderation_status__in=["pending", "approved", "rejected", "withdrawn"]),
                name="story_moderation_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="")
                | Q(status__in=["cancer_free", "in_treatment", "metastatic", "caregiver", "other"]),
                name="story_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__gte=1, age__lte=120),
                name="story_age_range",
            ),
            models.CheckConstraint(
                condition=Q(status_year__isnull=True) | Q(status_year__gte=1900),
                name="story_status_year_range",
            ),
            models.CheckConstraint(
                condition=Q(moderation_status="withdrawn")
                | Q(consent_publish=True, consent_privacy=True),
                name="story_needs_publish_and_privacy_consent",
            ),
            models.CheckConstraint(
                condition=Q(featured=False) | Q(consent_quote=True, moderation_status="approved"),
                name="story_featured_needs_quote_consent",
            ),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="story_photo_has_alt"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), STORY_MAX_CHARS),
                name="story_text_max_length",
            ),
            models.CheckConstraint(
                condition=Q(moderation_status="withdrawn") | ~Q(text=""),
                name="story_text_present",
            ),
        ]

    def __str__(self) -> str:
        if self.moderation_status == self.Moderation.WITHDRAWN:
            return f"Withdrawn story #{self.pk}"
        return f"{self.shown_name}: {self.short_line[:50]}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if sync_renditions(self, "photo", "photo_renditions"):
            super().save(update_fields=["photo_renditions"])

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"slug": self.slug})

    def is_public(self) -> bool:
        """Instance twin of StoryQuerySet.approved(); a test proves they agree."""
        return self.moderation_status == self.Moderation.APPROVED

    @property
    def shown_name(self) -> str:
        name = self.display_name.strip()
        if not name:
            return _g("A reader")
        if self.publish_anonymously:
            return f"{name[0].upper()}."
        return name

    @property
    def initial(self) -> str:
        return (self.display_name.strip()[:1] or "?").upper()

    @property
    def status_line(self) -> str:
        """ "Cancer-free since 2023", "In treatment", "Caregiver since 2021" …"""
        if not self.status:
            return ""
        if self.status == self.Status.CANCER_FREE and self.status_year:
            return _g("Cancer-free since %(year)s") % {"year": self.status_year}
        label = self.get_status_display()
        if not self.status_year:
            return str(label)
        return _g("%(status)s since %(year)s") % {"status": label, "year": self.status_year}

    def content_note_labels(self) -> list[str]:
        labels = dict(ContentNote.choices)
        return [str(labels[note]) for note in self.content_notes if note in labels]

    @property
    def is_withdrawn(self) -> bool:
        return self.moderation_status == self.Moderation.WITHDRAWN

    def clean(self):
        errors = {}
        if self.is_withdrawn:
            return
        if not self.consent_publish:
            errors["consent_publish"] = _("We can only publish your story with your permission.")
        if not self.consent_privacy:
            errors["consent_privacy"] = _("Please confirm you have read the privacy notice.")
        if self.featured and not (self.consent_quote and self.is_public()):
            errors["featured"] = _(
                "Only approved stories whose sharer allowed quoting can be featured."
            )
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = _("Please describe the photo in a few words.")
        length = len(self.text.strip())
        min_chars = story_min_chars(self.language)
        if not min_chars <= length <= STORY_MAX_CHARS:
            errors["text"] = _(
                "A story needs between %(min)s and %(max)s characters (this one has %(count)s)."
            ) % {"min": min_chars, "max": f"{STORY_MAX_CHARS:,}", "count": f"{length:,}"}
        if not self.short_line.strip():
            errors["short_line"] = _("Please write one line on how you feel today.")
        if not self.status:
            errors["status"] = _("Please choose the option closest to where you are today.")
        if not self.cancer_type_id:
            errors["cancer_type"] = _("Please choose the type of cancer the story is about.")
        if self.status_year and self.status_year > timezone.now().year:
            errors["status_year"] = _("Please enter this year or an earlier one.")
        if self.status_year and self.status_year < 1900:
            errors["status_year"] = _("Please enter a year from 1900 onwards.")
        unknown = set(self.content_notes or []) - set(ContentNote.values)
        if unknown:
            errors["content_notes"] = _("Unknown content note.")
        if self.cancer_type_id and self.cancer_type.kind != "cancer_type":
            errors["cancer_type"] = _("Please choose a cancer type.")
        if errors:
            raise ValidationError(errors)
