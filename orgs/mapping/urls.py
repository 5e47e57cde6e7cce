from django.urls import path

from orgs.mapping import views

app_name = "mapping"
urlpatterns = [
    path("kartlegging/", views.mapping, name="companies"),
]
