"""The agreements as staff keep them: /ansatt/ and /ansatt/avtaler/…"""

from django.urls import path

from agreements.staff import editing, hand_over, views

app_name = "staff"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("avtaler/ny/", editing.agreement_create, name="agreement_create"),
    path("avtaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("avtaler/<int:pk>/endre/", editing.agreement_edit, name="agreement_edit"),
    path("avtaler/<int:pk>/publiser/", views.agreement_publish, name="agreement_publish"),
    path("avtaler/<int:pk>/trekk-tilbake/", views.agreement_withdraw, name="agreement_withdraw"),
    path("avtaler/<int:pk>/forny/", editing.agreement_renew, name="agreement_renew"),
    path("avtaler/<int:pk>/dokument/", views.agreement_document, name="agreement_document"),
    path("avtaler/<int:pk>/ansvarlig/", hand_over.agreement_hand_over, name="agreement_hand_over"),
    path("avtaler/<int:pk>/endring/dokument/", views.change_document, name="change_document"),
    path(
        "organisasjoner/forslag/",
        views.organisation_suggestions,
        name="organisation_suggestions",
    ),
    path("innstillinger/", views.settings_page, name="settings"),
]
