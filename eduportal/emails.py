"""Plain-text email shared by the apps (sent by services, after commit)."""

from __future__ import annotations

from .site import absolute_url

__all__ = ["absolute_url", "send"]


def send(
    subject: str, body: str, recipients: list[str], *, headers: dict[str, str] | None = None
) -> int:
    """Email each real address once, as a background job (eduportal.tasks.send_email,
    which tries again after a failure). Demo accounts use the reserved .invalid domain,
    which can never receive mail, so they are left out. With `headers` (for example
    List-Unsubscribe, which names one reader) each address gets its own message.

    Returns the number of emails queued."""
    from eduportal.tasks import send_email

    addresses = sorted({a for a in recipients if a and not a.lower().endswith(".invalid")})
    if not addresses:
        return 0
    if headers:
        for address in addresses:
            send_email.enqueue(subject=subject, body=body, recipients=[address], headers=headers)
        return len(addresses)
    send_email.enqueue(subject=subject, body=body, recipients=addresses)
    return 1
