"""gunicorn settings, read automatically from the project folder.

gunicorn's own messages use the same one-JSON-object-per-line format as the app's
logs; requests are already logged by eduportal.middleware.RequestLogMiddleware.
"""

import os

from eduportal.logconfig import FILTERS, JSON_FORMATTER, STDOUT_HANDLER

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    # Copies: logging.config may change the dicts it is given.
    "formatters": {"json": dict(JSON_FORMATTER)},
    "filters": {name: dict(config) for name, config in FILTERS.items()},
    "handlers": {"stdout": {**STDOUT_HANDLER, "filters": list(STDOUT_HANDLER["filters"])}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
