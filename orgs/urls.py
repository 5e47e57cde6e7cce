"""The public pages of organisations, programme areas and trades, and the front page search."""

from django.urls import path

from orgs import views

urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("skoler/<str:orgnr>/", views.school_detail, name="school_detail"),
    path("bedrifter/<str:orgnr>/", views.company_detail, name="company_detail"),
    path("programomrader/<str:code>/", views.programme_area_detail, name="programme_area_detail"),
    path("larefag/<str:code>/", views.trade_detail, name="trade_detail"),
]
