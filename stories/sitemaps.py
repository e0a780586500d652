from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Story


class StorySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Story.objects.approved().only("slug", "updated_at").order_by("-created_at")

    def lastmod(self, item: Story):
        return item.updated_at


class StoryPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["stories:list"]

    def location(self, item: str) -> str:
        return reverse(item)
