"""Structured log events for staff sign-in: success, failure, lockout and unlock.

One JSON line each (eduportal/logconfig.py) on the "eduportal.security" logger. The
password is never logged, nor a one-time code. A username that looks like an email
address (someone typed theirs into the wrong box) is logged as a short hash only.

These listen to Django's and django-axes' authentication signals: those are the one
place every sign-in passes, whichever form or backend it came through.
"""

from __future__ import annotations

import hashlib
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from eduportal.clientip import client_ip

logger = logging.getLogger("eduportal.security")


def safe_username(username) -> dict:
    username = str(username or "")[:150]
    if "@" in username:
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{username.lower()}".encode())
        return {"username_hash": digest.hexdigest()[:16]}
    return {"username": username}


def _address(request) -> str | None:
    return client_ip(request) if request is not None else None


def log_event(event: str, *, level: int = logging.INFO, request=None, **fields) -> None:
    logger.log(level, event, extra={"event": event, "client_ip": _address(request), **fields})


@receiver(user_logged_in, dispatch_uid="eduportal.staff.login_succeeded")
def login_succeeded(sender, request, user, **kwargs):
    device = getattr(user, "otp_device", None)
    log_event(
        "login_succeeded",
        request=request,
        user_id=user.pk,
        **safe_username(user.get_username()),
        second_factor=type(device).__name__ if device is not None else None,
    )


@receiver(user_login_failed, dispatch_uid="eduportal.staff.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    log_event(
        "login_failed",
        level=logging.WARNING,
        request=request,
        **safe_username(credentials.get("username")),
        stage=credentials.get("stage", "password"),
    )


@receiver(user_locked_out, dispatch_uid="eduportal.staff.login_locked_out")
def login_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log_event(
        "login_locked_out",
        level=logging.WARNING,
        request=request,
        **safe_username(username),
        failure_limit=settings.AXES_FAILURE_LIMIT,
        cooloff_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    )


@receiver(user_logged_out, dispatch_uid="eduportal.staff.logged_out")
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_event("logout", request=request, user_id=user.pk, **safe_username(user.get_username()))
