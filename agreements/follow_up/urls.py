"""An agreement's follow-up: /ansatt/avtaler/<id>/oppfolging/… (the `follow_up:` namespace),
and the public PDFs of what is marked public (`public_urlpatterns`, un-namespaced). One set
of views serves the three kinds; each route names its kind."""

from django.urls import path

from agreements.follow_up import views

PLAN = {"kind": "plan"}
MEETING = {"kind": "meeting"}
EVALUATION = {"kind": "evaluation"}
BASE = "avtaler/<int:pk>/oppfolging/"

app_name = "follow_up"
urlpatterns = [
    path(f"{BASE}arsplan/ny/", views.item_create, PLAN, name="plan_create"),
    path(f"{BASE}arsplan/<int:item>/endre/", views.item_edit, PLAN, name="plan_edit"),
    path(f"{BASE}arsplan/<int:item>/slett/", views.item_delete, PLAN, name="plan_delete"),
    path(f"{BASE}arsplan/<int:item>/dokument/", views.item_document, PLAN, name="plan_document"),
    path(f"{BASE}mote/ny/", views.item_create, MEETING, name="meeting_create"),
    path(f"{BASE}mote/<int:item>/endre/", views.item_edit, MEETING, name="meeting_edit"),
    path(f"{BASE}mote/<int:item>/slett/", views.item_delete, MEETING, name="meeting_delete"),
    path(f"{BASE}mote/<int:item>/referat/", views.item_document, MEETING, name="meeting_document"),
    path(f"{BASE}evaluering/ny/", views.item_create, EVALUATION, name="evaluation_create"),
    path(
        f"{BASE}evaluering/<int:item>/endre/", views.item_edit, EVALUATION, name="evaluation_edit"
    ),
    path(
        f"{BASE}evaluering/<int:item>/slett/",
        views.item_delete,
        EVALUATION,
        name="evaluation_delete",
    ),
]

# The PDFs of what is marked public, of a public agreement.
public_urlpatterns = [
    path(
        "avtaler/<int:pk>/arsplan/<int:item>/dokument/",
        views.public_item_document,
        PLAN,
        name="public_plan_document",
    ),
    path(
        "avtaler/<int:pk>/mote/<int:item>/referat/",
        views.public_item_document,
        MEETING,
        name="public_meeting_document",
    ),
]
