from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from eduportal.site import absolute_url

from . import translated
from .models import Article


class LatestArticlesFeed(Feed):
    """Links are absolute from settings.SITE_URL: Django's feeds would otherwise take
    the Sites framework's domain ("localhost") and leave absolute ones as they are."""

    title = "eduportal: latest articles"
    description = "New and updated articles on cancer care, each reviewed by a clinician."

    def link(self) -> str:
        return absolute_url(reverse("articles:list"))

    def feed_url(self) -> str:
        return absolute_url(reverse(self.url_name))

    def item_link(self, item: Article) -> str:
        return absolute_url(item.get_absolute_url())

    url_name = "articles:feed"

    def items(self):
        """In English, every published article; under a language's prefix
        (/ne/feeds/articles/), the articles with a public translation in it, read in
        that language (one more query)."""
        articles = (
            Article.objects.published()
            .select_related("approved_revision", "author")
            .with_public_translation(cards=True)
            .newest_first()
        )
        language = translated.active_language()
        if not translated.is_source_language(language):
            articles = articles.filter(
                pk__in=translated.ArticleTranslation.objects.public()
                .in_language(language)
                .values("article_id")
            )
        return articles[:20]

    def item_title(self, item: Article) -> str:
        return translated.text_for_reader(item).title

    def item_description(self, item: Article) -> str:
        return translated.text_for_reader(item).summary

    def item_author_name(self, item: Article) -> str:
        return item.author.name

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at or item.published_at


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:atom-feed"
    subtitle = LatestArticlesFeed.description
