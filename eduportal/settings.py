"""Settings for eduportal, read from the environment.

One module serves development, tests and production. Development defaults exist only
while DEBUG is on; in production every secret must come from the environment, and a
missing one stops start-up with a single clear line (see eduportal/startup.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from eduportal.logconfig import FILTERS, JSON_FORMATTER, STDOUT_HANDLER

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(50+ random characters) or DEBUG=1 for local development."
        )
    SECRET_KEY = "development-only-insecure-key-never-use-in-production-8f3a1c"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with eduportal.staff.admin_site.StaffAdminSite as admin.site.
    "eduportal.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "django_countries",
    "csp",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "eduportal",
    "articles",
    "reviews",
    "stories",
]

MIDDLEWARE = [
    "eduportal.middleware.RequestLogMiddleware",
    # A page read whose database connection dies under it is read again, once.
    "eduportal.middleware.ReadAgainAfterLostDatabaseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Compresses HTML (with random padding against BREACH); static files come
    # pre-compressed from WhiteNoise.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the cache (eduportal/pagecache.py). A hit is answered here,
    # before the session, language, CSRF, auth and message middleware run at all; a
    # page is stored as those leave it, so one that set a cookie or read the session
    # (Vary: Cookie) is never kept. Security headers are still added to every hit.
    "eduportal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address (/ne/articles/…); English has no prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "eduportal.staff.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user on every change-history entry.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "eduportal.middleware.FlatpageFallbackMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eduportal.urls"
WSGI_APPLICATION = "eduportal.wsgi.application"
ASGI_APPLICATION = "eduportal.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eduportal.context_processors.site",
                "eduportal.context_processors.content_cache",
                "eduportal.context_processors.languages",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file in the project folder (the embedded default).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
else:
    # Several workers write to one SQLite file: write transactions take the lock when
    # they begin (IMMEDIATE) and wait for it, instead of failing with "database is
    # locked" halfway through; WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
# An optional read replica: public pages read from it, everything else (and every read
# inside a transaction or after a write in the same request) uses the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["eduportal.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by all app servers), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Unreachable Redis means uncached pages and a logged warning, never errors
# (eduportal/cache.py); the short timeouts keep a dead server from stalling requests.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "eduportal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "eduportal"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions in Redis too, so a visitor signed in through one app server is signed in
    # on all of them without a database query per request; the database keeps a copy.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Pages, fragments and computed lists live under content-versioned keys that never
# change meaning, so each process keeps its most recent ones in memory in front of the
# shared cache (eduportal/cachebackends.py).
CACHES["fragments"] = {
    "BACKEND": "eduportal.cachebackends.ImmutableKeysCache",
    "OPTIONS": {
        "SHARED": "default",
        "LOCAL_ENTRIES": int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", "500")),
    },
}

# Full-page cache for anonymous visitors (eduportal/pagecache.py). PAGE_CACHE=0 turns
# it off (fragments stay cached). Pages are dropped exactly when what they show
# changes; PAGE_CACHE_SECONDS only bounds memory use.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
# Template fragments and computed lists (counts, facets) under the same content version.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# How long a shared cache in front of the app (nginx, a CDN) may keep a public page
# (s-maxage). For one that does not follow the content version (a CDN), that is the
# longest a withdrawn story's card can still be served by it, and story pages are never
# kept by one (pagecache.keep_out_of_shared_caches).
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "5"))
# The nginx in front is deploy/nginx's, which keys its micro-cache by the content
# version in Redis: it may then keep every public page, story pages too, because a
# change drops its copies at once (X-Accel-Expires; CDNs still read Cache-Control).
PAGE_CACHE_PROXY_FOLLOWS_VERSION = env_bool("PAGE_CACHE_PROXY_FOLLOWS_VERSION", False)
PAGE_CACHE_EXCLUDE = ("/admin/", "/static/", "/media/", "/healthz")

# Background jobs: Django's Tasks API (the django-tasks backport; on Django 6 only the
# import changes). Jobs are rows in the database; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}
# A failed email is tried again this many times, waiting longer each time.
EMAIL_TASK_ATTEMPTS = int(os.environ.get("EMAIL_TASK_ATTEMPTS", "5"))
# Job rows hold their arguments (an email's recipients and text): the daily `prune_jobs`
# deletes finished and failed ones after this many days, and rows that never finished
# (a worker died mid-job) after JOB_RESULTS_ABANDONED_DAYS.
JOB_RESULTS_RETENTION_DAYS = int(os.environ.get("JOB_RESULTS_RETENTION_DAYS", "3"))
JOB_RESULTS_ABANDONED_DAYS = int(os.environ.get("JOB_RESULTS_ABANDONED_DAYS", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the source language; translations are their own signed-off content
# (articles/translations). Adding a language is an entry here and a locale/<code>/ catalogue.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ms", "Bahasa Melayu"),
    ("ta", "தமிழ்"),
    ("ne", "नेपाली"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files: hashed and compressed by WhiteNoise, served by the app itself.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# In production media is best served by the web server in front; SERVE_MEDIA lets the
# app serve it itself (development, small installs, browser tests).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# In development WhiteNoise serves straight from the source folders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media on S3-compatible storage (AWS, MinIO, Scaleway…) when a bucket is named; needs
# the optional dependency: pip install "django-storages[s3]". Credentials, endpoint
# and region come from the usual AWS_* environment variables read by boto3/django-storages.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Uploads: the largest image we accept is 10 MB; a request may carry a little more.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

# Email: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eduportal <no-reply@localhost>")
# The console backend prints every email, sharers' addresses and private links
# included, into the server log. Production refuses it unless this says otherwise.
EDUPORTAL_ALLOW_CONSOLE_EMAIL = env_bool("EDUPORTAL_ALLOW_CONSOLE_EMAIL", False)
if (
    not DEBUG
    and EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    and not EDUPORTAL_ALLOW_CONSOLE_EMAIL
):
    raise ImproperlyConfigured(
        "email would be written to the server log (console backend): set EMAIL_HOST "
        "(and EMAIL_HOST_USER/EMAIL_HOST_PASSWORD) for SMTP, or "
        "EDUPORTAL_ALLOW_CONSOLE_EMAIL=1 if you really want emails in the log."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_NAME = os.environ.get("SITE_NAME", "eduportal")
# The site's one public address: canonical and share links, structured data, feeds,
# the sitemap, robots.txt and emails (eduportal/site.py). `make run` sets it from PORT;
# in production set it to the public https address (check --deploy warns otherwise).
SITE_URL = (
    os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
).rstrip("/")

# Security. Production defaults are strict; each can be relaxed from the environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: only our own scripts, styles, images and forms; no inline
# script, no third-party anything, and nobody may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Copies: logging.config may change the dicts it is given.
    "formatters": {"json": dict(JSON_FORMATTER)},
    "filters": {name: dict(config) for name, config in FILTERS.items()},
    "handlers": {"stdout": {**STDOUT_HANDLER, "filters": list(STDOUT_HANDLER["filters"])}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # The request log middleware writes one line per request; Django's own
        # development-server access lines would only repeat it.
        "django.server": {"handlers": [], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

TAGGIT_CASE_INSENSITIVE = True
# Reader-facing settings other apps read.
ARTICLES_PER_PAGE = 20
# Survivor stories and reader comments (stories app).
# Stories one address may send in an hour; counted in the cache, so with Redis the
# limit holds across app servers.
STORIES_RATE_LIMIT = int(os.environ.get("STORIES_RATE_LIMIT", "5"))
COMMENTS_RATE_LIMIT = int(os.environ.get("COMMENTS_RATE_LIMIT", "10"))
# Publish comments at once from an address that already has an approved comment.
COMMENTS_AUTO_APPROVE_RETURNING = env_bool("COMMENTS_AUTO_APPROVE_RETURNING", False)
STORIES_PER_PAGE = 24

# Credential checks (reviews app). A check lapses after this many days even when the
# registration itself runs longer (registrations are suspended, restricted, expire);
# reminders go to the clinician and the credentials officers this many days before.
CREDENTIAL_CHECK_VALID_DAYS = int(os.environ.get("CREDENTIAL_CHECK_VALID_DAYS", "365"))
CREDENTIAL_CHECK_REMINDER_DAYS = int(os.environ.get("CREDENTIAL_CHECK_REMINDER_DAYS", "30"))
# A review request waiting longer than this is overdue in the reviewer's queue.
REVIEW_TURNAROUND_DAYS = int(os.environ.get("REVIEW_TURNAROUND_DAYS", "14"))
# Change history is a record, not an undo button: changes go through forms and services.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Staff sign-in, sessions and the sharers' private data.
# Behind reverse proxies: how many stand in front of the app (see eduportal/clientip.py).
# 0 ignores X-Forwarded-For; the login lockout and the rate limits share this.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# django-axes locks the admin login by username and, separately, by address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_CLIENT_IP_CALLABLE = "eduportal.clientip.client_ip"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "eduportal.staff.login.locked_out"
# Our own login events (eduportal/staff/events.py) are the structured record.
AXES_VERBOSE = False
# Never stored in an access attempt's form data (the password never is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token"]
# Two-factor sign-in (django-otp) for every staff account. Only the demo (DEBUG on)
# may relax it: production refuses to start with it on, and `check --deploy` warns
# wherever it is on (eduportal/checks.py).
EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA = env_bool("EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA", False)
if not DEBUG and EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA:
    raise ImproperlyConfigured(
        "staff could sign in without a second factor (EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA "
        "is on): that is for the demo only (DEBUG=1); unset it in production, where every "
        "staff account uses an authenticator app."
    )
OTP_TOTP_ISSUER = SITE_NAME
# Keys and recovery codes stay out of django-otp's own admin pages.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
RECOVERY_CODE_COUNT = 10
# Staff sessions end after 30 minutes without a request and 12 hours after sign-in.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", str(30 * 60)))
STAFF_SESSION_MAX_SECONDS = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", str(12 * 60 * 60)))
CSRF_FAILURE_VIEW = "eduportal.views.csrf_failure"
# Nothing on the site needs these browser features; deny them to every frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
# A sharer's private link works for this many days; they can ask for a fresh one.
STORIES_LINK_MAX_AGE_DAYS = int(os.environ.get("STORIES_LINK_MAX_AGE_DAYS", "180"))
# "Send me my link again": requests per hour from one address, and emails per hour to
# one email address.
STORIES_LINK_RESEND_RATE_LIMIT = int(os.environ.get("STORIES_LINK_RESEND_RATE_LIMIT", "5"))
STORIES_LINK_RESEND_PER_EMAIL = int(os.environ.get("STORIES_LINK_RESEND_PER_EMAIL", "3"))
# Rejected stories' personal data is deleted this many days after the decision
# (`manage.py purge_rejected_stories`, daily from cron).
STORIES_REJECTED_RETENTION_DAYS = int(os.environ.get("STORIES_REJECTED_RETENTION_DAYS", "30"))
