from django.urls import path

from . import views

app_name = "reviews"

# Mounted at the site root (eduportal/urls.py): the directory lives under /specialists/
# and each article's public change history beside the article.
urlpatterns = [
    path("specialists/", views.SpecialistListView.as_view(), name="specialist-list"),
    path(
        "specialists/<slug:slug>/",
        views.SpecialistDetailView.as_view(),
        name="specialist-detail",
    ),
    path("articles/<slug:slug>/history/", views.article_history, name="article-history"),
]
