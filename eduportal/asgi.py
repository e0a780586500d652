"""ASGI entry point."""

import os

from eduportal.startup import get_asgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduportal.settings")

application = get_asgi()
