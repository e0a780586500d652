"""WSGI entry point, for gunicorn: `gunicorn eduportal.wsgi`."""

import os

from eduportal.startup import get_wsgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduportal.settings")

application = get_wsgi()
