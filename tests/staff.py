"""Helpers for signing staff in with their second factor in tests."""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrol_authenticator(user) -> TOTPDevice:
    """A confirmed authenticator app for this user (the one they already have)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the person's app shows now (or at `at`)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def verify_session(client, user) -> None:
    """Mark a test client's signed-in session as having passed the second factor, as
    the code step does."""
    device = enrol_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
