"""The site's addresses plus the benchmark's floor: a minimal Django view that returns
as many bytes as the article page, from memory."""

import os

from django.http import HttpResponse
from django.urls import path

from eduportal.urls import handler404, handler500  # noqa: F401
from eduportal.urls import urlpatterns as site_urlpatterns

FLOOR_BODY = b"x" * int(os.environ.get("BENCH_FLOOR_BYTES", "30000"))


def floor(request):
    return HttpResponse(FLOOR_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
