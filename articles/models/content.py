"""What an article's text refers to: body pictures and numbered references."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from eduportal.fields import VerifiedImageField, sync_renditions

from ..media import release_image_files
from .articles import Article


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
        # A replaced picture's files stay while any revision shows them.
        if sync_renditions(self, "image", "renditions", release=release_image_files):
            super().save(update_fields=["renditions"])

    def delete(self, *args, **kwargs):
        stored_name, renditions = self.image.name, self.renditions
        result = super().delete(*args, **kwargs)
        release_image_files(stored_name, renditions)
        return result

    def markdown(self, alt_text: str | None = None, caption: str | None = None) -> str:
        """The line an editor pastes into the body: the 1200-pixel (or largest) JPEG.
        A translation passes its own alt text and caption for the same picture."""
        if not self.renditions.get("jpeg"):
            return ""
        url = next(
            (u for w, u in self.renditions["jpeg"] if w >= 1200), self.renditions["jpeg"][-1][1]
        )
        alt = (self.alt_text if alt_text is None else alt_text).replace("]", ")").replace("[", "(")
        caption = (self.caption if caption is None else caption).replace('"', "'")
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
