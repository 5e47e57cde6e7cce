from django.urls import path

from agreements import staff_views

urlpatterns = [
    path("", staff_views.staff_home, name="staff_home"),
    path("avtaler/ny/", staff_views.agreement_create, name="staff_agreement_create"),
    path("avtaler/<int:pk>/", staff_views.agreement_detail, name="staff_agreement_detail"),
    path("avtaler/<int:pk>/endre/", staff_views.agreement_edit, name="staff_agreement_edit"),
    path(
        "avtaler/<int:pk>/publiser/", staff_views.agreement_publish, name="staff_agreement_publish"
    ),
    path(
        "avtaler/<int:pk>/trekk-tilbake/",
        staff_views.agreement_withdraw,
        name="staff_agreement_withdraw",
    ),
    path("avtaler/<int:pk>/forny/", staff_views.agreement_renew, name="staff_agreement_renew"),
    path(
        "avtaler/<int:pk>/dokument/",
        staff_views.agreement_document,
        name="staff_agreement_document",
    ),
    path(
        "organisasjoner/forslag/",
        staff_views.organisation_suggestions,
        name="staff_organisation_suggestions",
    ),
]
