"""Settings for app-server and worker processes that tests start themselves (gunicorn,
db_worker) against the test database: production settings over plain HTTP."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-5c0f2e9b7a")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Production settings refuse the console email backend at import; these processes
# send to memory or to the file backend a test names.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from eduportal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
if os.environ.get("TASKS_IMMEDIATE"):
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "email"],
        }
    }
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
