"""URLs of the PDFs, the open data and the archive export, included at the root."""

from django.urls import path

from agreements import export_views

urlpatterns = [
    path("avtaler/<int:pk>/pdf/", export_views.agreement_pdf, name="agreement_pdf"),
    path("avtaler/eksport.csv", export_views.open_data_csv_view, name="open_data_csv"),
    path("avtaler/eksport.json", export_views.open_data_json_view, name="open_data_json"),
    path("ansatt/eksport/", export_views.export_home, name="export_home"),
    path("ansatt/eksport/<str:number>/", export_views.export_county, name="export_county"),
    path("ansatt/eksport/jobb/<uuid:pk>/", export_views.export_job, name="export_job"),
    path(
        "ansatt/eksport/jobb/<uuid:pk>/status.json",
        export_views.export_job_status,
        name="export_job_status",
    ),
    path(
        "ansatt/eksport/jobb/<uuid:pk>/arkiv.zip",
        export_views.export_job_download,
        name="export_job_download",
    ),
]
