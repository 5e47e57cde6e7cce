"""The county pages: the open overview, and the coordinators' pages under /ansatt/fylke/."""

from django.urls import path

from agreements import county_views, overview_views

public_urlpatterns = [
    path("oversikt/", overview_views.public_country, name="public_country_overview"),
    path("oversikt/<str:number>/", overview_views.public_county, name="public_county_overview"),
    path(
        "oversikt/<str:number>/tall.csv",
        overview_views.public_county_csv,
        name="public_county_overview_csv",
    ),
]

staff_urlpatterns = [
    path("fylke/<str:number>/oversikt/", overview_views.staff_county, name="county_overview"),
    path(
        "fylke/<str:number>/oversikt.csv",
        overview_views.staff_county_csv,
        name="county_overview_csv",
    ),
    path(
        "fylke/<str:number>/godkjenning/",
        county_views.approval_queue,
        name="county_approval_queue",
    ),
    path("fylke/<str:number>/rutiner/", county_views.routine_settings, name="county_routine"),
    path("avtaler/<int:pk>/godkjenn/", county_views.agreement_approve, name="agreement_approve"),
    path("avtaler/<int:pk>/send-tilbake/", county_views.agreement_return, name="agreement_return"),
]
