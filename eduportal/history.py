"""Change history for editorial objects, with django-simple-history.

Each tracked model keeps who changed what and when; the admin's "History" page of the
object shows it field by field (SimpleHistoryAdmin). The request's user is recorded by
simple_history's HistoryRequestMiddleware; services that act for someone outside a
request set `instance._history_user`.
"""

from __future__ import annotations

from simple_history.models import HistoricalRecords


class QuietHistoricalRecords(HistoricalRecords):
    """Skips saves that touch only untracked fields: a login stamping `last_login`, or
    a photo's renditions saved after the photo itself. Every other save is recorded."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


def record_baseline(apps, model_label: str, *, history_app: str = "", m2m: tuple = ()) -> None:
    """For data migrations: give every existing row one "created" history record, as it
    stood when its history began (with the many-to-many fields in `m2m`), so the first
    tracked change shows what it replaced."""
    from django.utils import timezone

    app_label, model_name = model_label.split(".")
    model = apps.get_model(app_label, model_name)
    history_app = history_app or app_label
    historical = apps.get_model(history_app, f"Historical{model_name}")
    tracked = [
        field.attname
        for field in historical._meta.fields
        if not field.name.startswith("history_") and field.attname != "history_id"
    ]
    now = timezone.now()
    have = set(historical.objects.values_list("id", flat=True).distinct())
    for row in model.objects.exclude(pk__in=have):
        record = historical.objects.create(
            **{name: getattr(row, name) for name in tracked},
            history_date=now,
            history_type="+",
            history_change_reason="As it stood when change history began",
        )
        for field_name in m2m:
            through = model._meta.get_field(field_name).remote_field.through
            copy = apps.get_model(history_app, f"Historical{model_name}_{field_name}")
            kept = {f.attname for f in copy._meta.fields}
            columns = [f.attname for f in through._meta.fields if f.attname in kept]
            owner = next(f.name for f in through._meta.fields if f.related_model is model)
            copy.objects.bulk_create(
                copy(history=record, **{c: getattr(link, c) for c in columns})
                for link in through.objects.filter(**{owner: row})
            )
