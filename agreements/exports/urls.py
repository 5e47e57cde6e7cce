"""The PDF and the open data (public), and the county archive export under /ansatt/eksport/."""

from django.urls import path

from agreements.exports import views

public_urlpatterns = [
    path("avtaler/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("avtaler/eksport.csv", views.open_data_csv_view, name="open_data_csv"),
    path("avtaler/eksport.json", views.open_data_json_view, name="open_data_json"),
]

app_name = "exports"
urlpatterns = [
    path("", views.export_home, name="home"),
    path("<str:number>/", views.export_county, name="county"),
    path("jobb/<uuid:pk>/", views.export_job, name="job"),
    path("jobb/<uuid:pk>/status.json", views.export_job_status, name="job_status"),
    path("jobb/<uuid:pk>/arkiv.zip", views.export_job_download, name="job_download"),
]
