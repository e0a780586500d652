"""Two-factor sign-in for staff (django-otp): an authenticator app (TOTP) enrolled
with a QR code drawn here, offline, plus single-use recovery codes.

Required for every staff account, editors included. Only the demo may relax it with
EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA, which `check --deploy` reports.
"""

from __future__ import annotations

import base64
import io
import logging
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from eduportal.models import TwoFactorReset

from . import sessions

logger = logging.getLogger("eduportal.security")

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def required_for(user) -> bool:
    return bool(user.is_staff) and not settings.EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user) -> TOTPDevice:
    """The not yet confirmed authenticator a person is setting up (made once, so a
    reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, made here (nothing is sent anywhere),
    as a data: address for an <img> (allowed by the CSP's img-src)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, token: str) -> list[str]:
    """The first code from the app proves it is set up. Returns fresh recovery codes
    (shown once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed:
        raise ValidationError("This authenticator is already set up.")
    if not device.verify_token(_digits(token)):
        raise ValidationError(
            "That code did not work. Check the time on your phone is set automatically "
            "and enter the code the app shows now."
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any older authenticator of this person is replaced by the new one.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return issue_recovery_codes(user=device.user)


@transaction.atomic
def issue_recovery_codes(*, user) -> list[str]:
    """A new set of single-use recovery codes; any earlier set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _digits(token: str) -> str:
    return "".join(str(token or "").split())[:64]


def verify(*, user, token: str):
    """The device that accepts this code (authenticator first, then a recovery code,
    which is then used up), or None. django-otp throttles repeated failures."""
    token = _digits(token)
    if not token:
        return None
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.select_for_update().filter(user=user, confirmed=True):
                if device.verify_token(token):
                    return device
    return None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def reset_two_factor(*, user, by, reason: str) -> TwoFactorReset:
    """A superuser removes a person's authenticator and recovery codes after they lost
    their phone. Every session of theirs ends; they enrol again at their next sign-in.
    Recorded as a TwoFactorReset and a log event."""
    if by is None or not by.is_active or not by.is_superuser:
        raise PermissionDenied("Only a superuser may reset someone's two-factor sign-in.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Please say why (for example how you checked who asked).")
    removed = TOTPDevice.objects.filter(user=user).count()
    removed += StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    ended = sessions.end_all(user)
    record = TwoFactorReset.objects.create(
        user=user,
        username=user.get_username(),
        reset_by=by,
        reset_by_username=by.get_username(),
        reason=reason[:300],
        devices_removed=removed,
        sessions_ended=ended,
    )
    logger.warning(
        "two_factor_reset",
        extra={
            "event": "two_factor_reset",
            "user_id": user.pk,
            "username": user.get_username(),
            "by_user_id": by.pk,
            "by_username": by.get_username(),
            "devices_removed": removed,
            "sessions_ended": ended,
        },
    )
    return record
