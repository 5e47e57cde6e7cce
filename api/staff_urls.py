"""/ansatt/api-nokler/: the coordinators' API tokens."""

from django.urls import path

from api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<int:pk>/trekk-tilbake/", views.revoke, name="revoke"),
]
