"""The county: the open overview at /oversikt/, the coordinators' pages under /ansatt/."""

from django.urls import path

from agreements.county import municipality_views, overview_views, views

public_urlpatterns = [
    path("oversikt/", overview_views.public_country, name="public_country_overview"),
    path("oversikt/<str:number>/", overview_views.public_county, name="public_county_overview"),
    path(
        "oversikt/<str:number>/tall.csv",
        overview_views.public_county_csv,
        name="public_county_overview_csv",
    ),
    path(
        "oversikt/<str:county>/<str:municipality>/",
        municipality_views.public_municipality,
        name="public_municipality_overview",
    ),
]

app_name = "county"
urlpatterns = [
    path("fylke/<str:number>/oversikt/", overview_views.staff_county, name="overview"),
    path("fylke/<str:number>/oversikt.csv", overview_views.staff_county_csv, name="overview_csv"),
    path(
        "fylke/<str:number>/oppfolging/",
        views.needing_attention_list,
        name="needing_attention",
    ),
    path("fylke/<str:number>/godkjenning/", views.approval_queue, name="approval_queue"),
    path("fylke/<str:number>/rutiner/", views.routine_settings, name="routine"),
    path("avtaler/<int:pk>/godkjenn/", views.agreement_approve, name="agreement_approve"),
    path("avtaler/<int:pk>/send-tilbake/", views.agreement_return, name="agreement_return"),
]
