"""Start-up guards: bad configuration stops with one clear line, not a traceback wall."""

import sys
from collections.abc import Callable
from typing import NoReturn


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"eduportal: {message}\n")
    sys.exit(1)


def describe_database() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"SQLite file {db['NAME']}"
    return f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db.get('NAME')}"


def guarded(call: Callable[[], object]) -> object:
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        return call()
    except ImproperlyConfigured as error:
        fail(f"configuration error: {error}")
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        fail(
            f"cannot reach the database ({describe_database()}); check DATABASE_URL. "
            f"Reason: {first_line}"
        )


def run_command_line(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    guarded(lambda: execute_from_command_line(argv))


def get_wsgi() -> object:
    from django.core.wsgi import get_wsgi_application

    return guarded(get_wsgi_application)


def get_asgi() -> object:
    from django.core.asgi import get_asgi_application

    return guarded(get_asgi_application)
