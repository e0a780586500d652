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


class FlakyFileEmailBackend:
    """For a worker process: writes messages as files (EMAIL_FILE_PATH) like Django's
    file backend, but fails like a mail server that is down while the file named by
    MAIL_DOWN_MARKER exists."""

    def __new__(cls, *args, **kwargs):
        import os

        from django.core.mail.backends.filebased import EmailBackend

        class Backend(EmailBackend):
            def send_messages(self, messages):
                marker = os.environ.get("MAIL_DOWN_MARKER", "")
                if marker and os.path.exists(marker):
                    raise smtplib.SMTPServerDisconnected("The mail server is not answering.")
                return super().send_messages(messages)

        return Backend(*args, **kwargs)


FLAKY_FILE_BACKEND = "tests.mail.FlakyFileEmailBackend"
