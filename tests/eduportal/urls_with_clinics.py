"""The site's URLconf plus a new app's route, to prove site pages keep out of it."""

from django.http import HttpResponse
from django.urls import path

from eduportal.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("clinics/<slug:slug>/", lambda request, slug: HttpResponse(slug), name="clinic"),
    *site_urlpatterns,
]
