from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.urls import reverse

from .models import Article, ArticleTranslation


class ArticleSitemap(Sitemap):
    """Each article in English and in every language it has a public translation in,
    each entry listing the others as hreflang alternates."""

    changefreq = "monthly"
    priority = 0.8
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .prefetch_related(
                Prefetch(
                    "translations",
                    queryset=ArticleTranslation.objects.public().only("article_id", "language"),
                    to_attr="public_translations",
                )
            )
            .order_by("pk")
        )

    def get_languages_for_item(self, item: Article) -> list[str]:
        available = {settings.LANGUAGE_CODE} | {t.language for t in item.public_translations}
        return [code for code in self._languages() if code in available]

    def lastmod(self, item: Article):
        return item.updated_at or item.published_at


class StaticViewSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["articles:home", "articles:list", "articles:glossary", "support"]

    def location(self, item: str) -> str:
        return reverse(item)
