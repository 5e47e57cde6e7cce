from django.urls import path

from agreements.public import views

urlpatterns = [
    path("avtaler/", views.agreement_list, name="agreement_list"),
    path("avtaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
]
