"""Settings for `make bench`: the production settings, plus the floor view's address.

Everything else (DEBUG off, PostgreSQL, Redis, WhiteNoise, every middleware) is what
production runs; the floor goes through the same middleware as the pages it is
compared with.
"""

from eduportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
PAGE_CACHE_EXCLUDE = (*PAGE_CACHE_EXCLUDE, "/bench/")  # noqa: F405
