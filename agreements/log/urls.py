"""The shared log of an organisation: /ansatt/organisasjoner/<orgnr>/ and /ansatt/logg/…"""

from django.urls import path

from agreements.log import views

app_name = "log"
urlpatterns = [
    path("organisasjoner/<str:orgnr>/", views.organisation_log, name="organisation"),
    path("logg/<int:pk>/endre/", views.log_message_edit, name="message_edit"),
    path("logg/<int:pk>/slett/", views.log_message_delete, name="message_delete"),
]
