from django.urls import path

from agreements import log_views, staff_views
from orgs import staff_views as org_staff_views

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
    path("organisasjoner/<str:orgnr>/", log_views.organisation_log, name="staff_organisation_log"),
    path("logg/<int:pk>/endre/", log_views.log_message_edit, name="staff_log_message_edit"),
    path("logg/<int:pk>/slett/", log_views.log_message_delete, name="staff_log_message_delete"),
    path("kartlegging/", org_staff_views.mapping, name="staff_mapping"),
    path("innstillinger/", staff_views.settings_page, name="staff_settings"),
]
