"""The sitemap: each app adds its public pages here through its own sitemaps module."""

from django.contrib.flatpages.sitemaps import FlatPageSitemap

from articles.sitemaps import ArticleSitemap, StaticViewSitemap
from reviews.sitemaps import DirectorySitemap, SpecialistSitemap
from stories.sitemaps import StoryPagesSitemap, StorySitemap

SITEMAPS = {
    "pages": StaticViewSitemap,
    "articles": ArticleSitemap,
    "flatpages": FlatPageSitemap,
    "specialist-directory": DirectorySitemap,
    "specialists": SpecialistSitemap,
    "story-pages": StoryPagesSitemap,
    "stories": StorySitemap,
}
