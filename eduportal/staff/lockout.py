"""Unlocking sign-ins that django-axes locked after too many failures."""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .events import log_event

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user) -> bool:
    return user is not None and user.is_active and user.has_perm(UNLOCK_PERMISSION)


@transaction.atomic
def unlock(*, attempts, by) -> int:
    """Clear the failures behind these attempts: for each, its username and its
    address, since either can be what is locked. Returns how many records went."""
    if not can_unlock(by):
        raise PermissionDenied("You may not unlock sign-ins.")
    attempts = list(attempts)
    usernames = {a.username for a in attempts if a.username}
    addresses = {a.ip_address for a in attempts if a.ip_address}
    removed, _ = AccessAttempt.objects.filter(username__in=usernames).delete()
    more, _ = AccessAttempt.objects.filter(ip_address__in=addresses).delete()
    log_event(
        "login_unlocked",
        level=logging.WARNING,
        by_user_id=by.pk,
        by_username=by.get_username(),
        usernames=len(usernames),
        addresses=len(addresses),
        records=removed + more,
    )
    return removed + more
