"""The sitemap: each app adds its public pages here through its own sitemaps module.

Addresses come from settings.SITE_URL (not the Sites framework's domain or the
request's host), like feeds, robots.txt and emails.
"""

from django.contrib.flatpages.sitemaps import FlatPageSitemap

from articles.sitemaps import ArticleSitemap, StaticViewSitemap
from eduportal.site import site_domain, site_scheme
from reviews.sitemaps import DirectorySitemap, SpecialistSitemap
from stories.sitemaps import StoryPagesSitemap, StorySitemap


class SiteAddressMixin:
    def get_domain(self, site=None) -> str:
        return site_domain()

    def get_protocol(self, protocol=None) -> str:
        return site_scheme()


_SITEMAPS = {
    "pages": StaticViewSitemap,
    "articles": ArticleSitemap,
    "flatpages": FlatPageSitemap,
    "specialist-directory": DirectorySitemap,
    "specialists": SpecialistSitemap,
    "story-pages": StoryPagesSitemap,
    "stories": StorySitemap,
}

SITEMAPS = {
    name: type(sitemap.__name__, (SiteAddressMixin, sitemap), {})
    for name, sitemap in _SITEMAPS.items()
}
