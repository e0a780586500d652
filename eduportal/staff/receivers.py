"""Deactivating an account or changing its password ends its sessions everywhere.

auth.User is Django's model, and its password and `is_active` change through doors
we do not own: the admin's user and password forms, the password-change page,
`manage.py changepassword`, the shell. A receiver on the User model is the one place
all of them pass. (Django's session hash already refuses a changed password's old
sessions when they are next used; this deletes them at once, and covers
deactivation the same way.)
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import sessions
from .events import log_event, safe_username

User = get_user_model()
WATCHED = {"password", "is_active"}


@receiver(pre_save, sender=User, dispatch_uid="eduportal.staff.note_access_change")
def note_access_change(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._eduportal_ends_sessions = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not WATCHED & set(update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["is_active"] and not instance.is_active:
        instance._eduportal_ends_sessions = "deactivated"
    elif before["password"] != instance.password:
        instance._eduportal_ends_sessions = "password_changed"


@receiver(post_save, sender=User, dispatch_uid="eduportal.staff.end_sessions_on_access_change")
def end_sessions_on_access_change(sender, instance, created=False, raw=False, **kwargs):
    reason = getattr(instance, "_eduportal_ends_sessions", None)
    if not reason:
        return
    instance._eduportal_ends_sessions = None
    user_id, names = instance.pk, safe_username(instance.get_username())

    def end():
        ended = sessions.end_all(instance)
        if ended:
            log_event("sessions_ended", user_id=user_id, reason=reason, sessions=ended, **names)

    transaction.on_commit(end, robust=True)
