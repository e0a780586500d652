"""Helplines editors keep per country, for the "Get support" page, the support box on
articles and stories, and the support shown at once when someone writes of a crisis."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


class HelplineQuerySet(models.QuerySet):
    def active(self) -> HelplineQuerySet:
        return self.filter(active=True)

    def crisis(self) -> HelplineQuerySet:
        return self.active().filter(kind=Helpline.Kind.CRISIS)

    def in_box(self) -> HelplineQuerySet:
        return self.active().filter(in_box=True)


class Helpline(models.Model):
    class Kind(models.TextChoices):
        CRISIS = (
            "crisis",
            "Crisis and emotional support (also shown when someone writes of a crisis)",
        )
        CANCER = "cancer", "Cancer information and support"

    country = CountryField(
        blank=True, help_text="Leave empty for a line that helps people in any country."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=120)
    description = models.CharField(
        max_length=200, help_text="One plain line: who it is for and what they help with."
    )
    phone = models.CharField(
        max_length=40, blank=True, help_text="As people dial it, e.g. “116 123” or “988”."
    )
    text_number = models.CharField(
        "text or SMS number", max_length=40, blank=True, help_text="If people can text them."
    )
    website = models.URLField(max_length=300, blank=True)
    hours = models.CharField(
        "opening hours", max_length=120, blank=True, help_text="e.g. “24 hours, every day”."
    )
    in_box = models.BooleanField(
        "show in the support box",
        default=False,
        help_text="Also list it in the small support box on articles and stories.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    active = models.BooleanField(default=True)
    checked_on = models.DateField(
        null=True, blank=True, help_text="When an editor last checked the number works."
    )

    # People in crisis dial these numbers: every change is recorded (who, when, what).
    history = HistoricalRecords()
    objects = HelplineQuerySet.as_manager()

    class Meta:
        ordering = ["country", "position", "name"]
        verbose_name = "helpline"
        verbose_name_plural = "helplines"
        indexes = [models.Index(fields=["active", "kind"], name="helpline_active_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["crisis", "cancer"]), name="helpline_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(text_number="") | ~Q(website=""),
                name="helpline_has_a_way_to_reach",
            ),
        ]

    def __str__(self) -> str:
        where = self.country.name if self.country else "any country"
        return f"{self.name} ({where})"

    def clean(self):
        if not (self.phone.strip() or self.text_number.strip() or self.website.strip()):
            raise ValidationError("Give a phone number, a text number or a website.")

    @staticmethod
    def dial(number: str) -> str:
        """The tel: form of a number as people write it ("116 123" → "116123")."""
        return re.sub(r"[^\d+]", "", number or "")

    @property
    def phone_link(self) -> str:
        return self.dial(self.phone)

    @property
    def text_link(self) -> str:
        return self.dial(self.text_number)


def helplines_by_country(helplines, *, first: str = "") -> list[tuple[str, list]]:
    """Helplines grouped under their country's name; one country first if asked, lines
    for any country last."""
    groups: dict[str, list] = {}
    for helpline in helplines:
        groups.setdefault(helpline.country.code or "", []).append(helpline)

    def order(code: str) -> tuple:
        return (code != first, code == "", str(groups[code][0].country.name or ""))

    return [
        (groups[code][0].country.name if code else gettext("Any country"), groups[code])
        for code in sorted(groups, key=order)
    ]
