from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.specialist_list, name="specialist-list"),
]
