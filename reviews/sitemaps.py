from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Specialist


class SpecialistSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Specialist.objects.public().only("slug", "modified_at").order_by("full_name", "pk")

    def lastmod(self, item: Specialist):
        return item.modified_at


class DirectorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return ["reviews:specialist-list"]

    def location(self, item: str) -> str:
        return reverse(item)
