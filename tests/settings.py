"""Test settings: the project's settings plus what only tests want (cookiecutter-django
style). The project module stays the single source; this only sets test defaults."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-5c0f2e9b7a")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Production settings refuse the console email backend; tests send to mail.outbox.
# Only for this import: subprocesses started by tests see the real environment.
_EMAIL_BACKEND_ADDED = "EMAIL_BACKEND" not in os.environ
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from eduportal.settings import *  # noqa: E402, F403

if _EMAIL_BACKEND_ADDED:
    del os.environ["EMAIL_BACKEND"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {"BACKEND": "eduportal.cachebackends.ImmutableKeysCache"},
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Jobs run at once, inside the test (the worker test uses the database backend).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email"],
    }
}
# Tests change data and read pages within one transaction, where the after-commit
# invalidation does not run: the page cache is on only in the tests made for it
# (tests/eduportal/test_pagecache.py), which run the commit callbacks.
PAGE_CACHE_ENABLED = False
FRAGMENT_CACHE_ENABLED = False
# Served over plain HTTP by the test client and live_server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SERVE_MEDIA = True
# One configured public address, unlike the test client's "testserver" host: tests
# prove absolute links come from SITE_URL, never from the request.
SITE_URL = "https://eduportal.test"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Serve static files straight from the source folders; no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
