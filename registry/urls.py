from django.contrib import admin
from django.urls import include, path

from agreements import county_urls
from agreements import views as agreement_views
from orgs import views as org_views
from registry import views

handler404 = "registry.views.page_not_found"

urlpatterns = [
    path("", org_views.front_page, name="front_page"),
    path("skoler/<str:orgnr>/", org_views.school_detail, name="school_detail"),
    path("bedrifter/<str:orgnr>/", org_views.company_detail, name="company_detail"),
    path(
        "programomrader/<str:code>/",
        org_views.programme_area_detail,
        name="programme_area_detail",
    ),
    path("larefag/<str:code>/", org_views.trade_detail, name="trade_detail"),
    path("avtaler/", agreement_views.agreement_list, name="agreement_list"),
    path("avtaler/<int:pk>/", agreement_views.agreement_detail, name="agreement_detail"),
    path("", include("agreements.export_urls")),
    path("", include(county_urls.public_urlpatterns)),
    path("ansatt/", include("agreements.staff_urls")),
    path("ansatt/", include(county_urls.staff_urlpatterns)),
    path("konto/", include("allauth.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
