from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import Article


class LatestArticlesFeed(Feed):
    title = "eduportal: latest articles"
    link = "/articles/"
    description = "New and updated articles on cancer care, each reviewed by a clinician."

    def items(self):
        return (
            Article.objects.published()
            .select_related("approved_revision", "author")
            .newest_first()[:20]
        )

    def item_title(self, item: Article) -> str:
        return item.approved_revision.title

    def item_description(self, item: Article) -> str:
        return item.approved_revision.summary

    def item_author_name(self, item: Article) -> str:
        return item.author.name

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at or item.published_at


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
