"""A last line of defence for the log: whatever a message or its fields hold, email
addresses, sharers' private links and signed tokens are masked before a line is
written. Each event is built without them in the first place; this catches what
we do not write ourselves (Django's "Not Found: <path>", a mail server's error
naming the recipient). Imports nothing from Django, like eduportal/logconfig.py."""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# /stories/manage/<token>/… and any Django signed value (payload:timestamp:signature).
MANAGE_LINK = re.compile(r"(/stories/manage/)[^/\s'\"]+")
SIGNED_VALUE = re.compile(r"[\w.-]{10,}:[0-9A-Za-z]{4,}:[\w-]{20,}")
MASK = "[redacted]"
# LogRecord attributes that are not ours to change.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(text: str) -> str:
    text = MANAGE_LINK.sub(rf"\g<1>{MASK}", text)
    text = SIGNED_VALUE.sub(MASK, text)
    return EMAIL.sub("[email]", text)


def _clean(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(item) for item in value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    # Anything else (a request object, an exception) is written as its text anyway.
    return redact(str(value))


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            # Render once with the arguments, then clean the result.
            try:
                record.msg = record.getMessage()
            except (TypeError, ValueError):
                record.msg = f"{record.msg} {record.args!r}"
            record.args = None
        record.msg = _clean(str(record.msg))
        for name, value in list(vars(record).items()):
            if name not in STANDARD:
                setattr(record, name, _clean(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            # The traceback is now kept as cleaned text only.
            record.exc_info = None
        return True
