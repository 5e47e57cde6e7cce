"""/api/: the open API's page, in bokmål and English (the API itself: api/main.py)."""

from django.urls import path

from api import views

urlpatterns = [path("", views.api_docs, name="api_docs")]
