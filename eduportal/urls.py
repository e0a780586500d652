from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from articles import translation_desk
from eduportal import governance, views
from eduportal.sitemaps import SITEMAPS
from stories import views as stories_views

admin.site.site_header = "eduportal administration"
admin.site.site_title = "eduportal admin"
admin.site.index_title = "Content, reviews and stories"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "admin/governance/",
        admin.site.admin_view(governance.dashboard_view),
        name="governance-dashboard",
    ),
    # The translator's desk and queue (articles/translation_desk.py).
    path("admin/translations/", include(translation_desk.urlpatterns)),
    path("admin/", admin.site.urls),
]

# Public pages carry their language in the address: /articles/… is English,
# /ne/articles/… Nepali. English keeps unprefixed addresses, so links already shared
# keep working.
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("reviews.urls")),
    path("stories/", include("stories.urls")),
    path("support/", stories_views.support, name="support"),
    # The site's standing pages, written and edited in the admin (flat pages).
    path(
        "editorial-policy/",
        flatpage_views.flatpage,
        {"url": "/editorial-policy/"},
        name="editorial-policy",
    ),
    path(
        "medical-disclaimer/",
        flatpage_views.flatpage,
        {"url": "/medical-disclaimer/"},
        name="medical-disclaimer",
    ),
    path("privacy/", flatpage_views.flatpage, {"url": "/privacy/"}, name="privacy"),
    path("about/", flatpage_views.flatpage, {"url": "/about/"}, name="about"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

handler400 = "eduportal.views.bad_request"
handler403 = "eduportal.views.permission_denied"
handler404 = "eduportal.views.page_not_found"
handler500 = "eduportal.views.server_error"
