from django.urls import path

from orgs.refresh import views

app_name = "registers"
urlpatterns = [
    path("registre/", views.register_status, name="status"),
]
