"""A mail backend that fails like a mail server that is down, for some addresses."""

from __future__ import annotations

import smtplib

from django.core.mail.backends import locmem

UNREACHABLE = "@unreachable.example"
BACKEND = "tests.mail.FlakyEmailBackend"


class FlakyEmailBackend(locmem.EmailBackend):
    """Refuses any message to an address at unreachable.example; delivers the rest to
    mail.outbox like the locmem backend."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.endswith(UNREACHABLE) for address in message.recipients()):
                raise smtplib.SMTPServerDisconnected("The mail server is not answering.")
        return super().send_messages(messages)
