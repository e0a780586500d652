from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("", views.StoryListView.as_view(), name="list"),
    path("share/", views.share, name="share"),
    path("share/thanks/", views.thanks, name="thanks"),
    path("link/", views.resend_link, name="resend-link"),
    path("link/sent/", views.resend_link_sent, name="resend-link-sent"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/edit/", views.manage_edit, name="manage-edit"),
    path("manage/<str:token>/withdraw/", views.manage_withdraw, name="manage-withdraw"),
    path("comments/sent/", views.comment_sent, name="comment-sent"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("comments/<slug:slug>/", views.comment, name="comment"),
    path("<slug:slug>/", views.StoryDetailView.as_view(), name="detail"),
]
