"""Append-only records (two-factor resets, data requests): written once, never changed
or deleted, not through an instance nor through a queryset."""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError(f"{self.model._meta.verbose_name_plural} are kept as recorded.")

    def delete(self):
        raise ValueError(f"{self.model._meta.verbose_name_plural} are kept for the record.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"A {self._meta.verbose_name} is kept as recorded, never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"A {self._meta.verbose_name} is kept for the record.")
