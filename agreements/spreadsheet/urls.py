"""The spreadsheet import under /ansatt/import/ (the staff area)."""

from django.urls import path

from agreements.spreadsheet import views

app_name = "spreadsheet"
urlpatterns = [
    path("import/", views.import_home, name="home"),
    path("import/mal.xlsx", views.template_xlsx, name="template_xlsx"),
    path("import/mal.csv", views.template_csv, name="template_csv"),
    path("import/mine-avtaler.xlsx", views.export_xlsx, name="export_xlsx"),
    path("import/<uuid:pk>/", views.import_preview, name="preview"),
    path("import/<uuid:pk>/framdrift/", views.import_progress, name="progress"),
    path("import/<uuid:pk>/rapport.csv", views.import_report, name="report"),
]
