"""The public check of a sealed PDF."""

from django.urls import path

from agreements.filing import views

public_urlpatterns = [
    path("verifiser/", views.verify_pdf, name="verify_pdf"),
]
