"""The public pages of organisations, education programmes, programme areas and trades, and the
front page search."""

from django.urls import path

from orgs import browse, views

urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("sok/", views.search_results, name="search_results"),
    path("sok/forslag/", views.search_suggestions, name="search_suggestions"),
    path("skoler/<str:orgnr>/", views.school_detail, name="school_detail"),
    path("bedrifter/<str:orgnr>/", views.company_detail, name="company_detail"),
    path("programomrader/<str:code>/", views.programme_area_detail, name="programme_area_detail"),
    path("larefag/<str:code>/", views.trade_detail, name="trade_detail"),
    path(
        "utdanningsprogram/<str:code>/",
        browse.education_programme_detail,
        name="education_programme_detail",
    ),
]
