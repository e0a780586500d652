from django.urls import path

from . import views
from .feeds import LatestArticlesAtomFeed, LatestArticlesFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/preview/", views.ArticlePreviewView.as_view(), name="preview"),
    path("articles/<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("articles/<slug:slug>/questions/", views.questions, name="questions"),
    path("glossary/", views.glossary, name="glossary"),
    path("tags/<slug:tag_slug>/", views.ArticleListView.as_view(), name="tag"),
    path("search/", views.search, name="search"),
    path("feeds/articles/", LatestArticlesFeed(), name="feed"),
    path("feeds/articles/atom/", LatestArticlesAtomFeed(), name="atom-feed"),
]
