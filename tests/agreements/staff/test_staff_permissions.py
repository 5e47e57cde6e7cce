"""The permission matrix of the staff pages: every URL, every kind of user."""

import pytest
from django.core.files.base import ContentFile

from agreements.models import Agreement
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

USERS = [
    "anonymous",
    "student",
    "meloy_teacher",
    "strinda_teacher",
    "coordinator_trondelag",
    "coordinator_nordland",
]
LOGIN = 302  # anonymous users are sent to the login page

# Reading is for every staff member; acting on the agreement is for staff of its schools
# and the coordinators of its county.
READ = dict(
    anonymous=LOGIN,
    student=403,
    meloy_teacher=200,
    strinda_teacher=200,
    coordinator_trondelag=200,
    coordinator_nordland=200,
)
ACT_GET = dict(READ, meloy_teacher=403, coordinator_nordland=403)
ACT_POST = dict(ACT_GET, strinda_teacher=302, coordinator_trondelag=302)

COORDINATE = dict(ACT_GET, strinda_teacher=403)

MATRIX = [
    ("get", "/ansatt/", READ),
    ("get", "/ansatt/avtaler/ny/", READ),
    ("get", "/ansatt/organisasjoner/forslag/?q=strinda", READ),
    ("get", "/ansatt/avtaler/{pk}/", READ),
    ("get", "/ansatt/organisasjoner/{orgnr}/", READ),
    ("get", "/ansatt/kartlegging/?q=gryt", READ),
    ("get", "/ansatt/avtaler/{pk}/dokument/", READ),
    ("get", "/ansatt/avtaler/{pk}/endre/", ACT_GET),
    ("get", "/ansatt/avtaler/{pk}/forny/", ACT_GET),
    ("get", "/ansatt/avtaler/{pk}/trekk-tilbake/", ACT_GET),
    ("get", "/ansatt/fylke/50/oversikt/", COORDINATE),
    ("get", "/ansatt/fylke/50/oversikt.csv", COORDINATE),
    ("get", "/ansatt/fylke/50/godkjenning/", COORDINATE),
    ("get", "/ansatt/fylke/50/rutiner/", COORDINATE),
    ("get", "/ansatt/innstillinger/", READ),
    ("post", "/ansatt/avtaler/{pk}/publiser/", ACT_POST),
    ("post", "/ansatt/avtaler/{pk}/trekk-tilbake/", ACT_POST),
]


@pytest.fixture
def world():
    world = build_world()
    world.agreement.document.save("signert.pdf", ContentFile(PDF))
    return world


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("method, url, expected", MATRIX, ids=[f"{m} {u}" for m, u, _ in MATRIX])
def test_permission_matrix(client, world, user, method, url, expected):
    if user != "anonymous":
        client.force_login(world.users()[user])
    url = url.format(pk=world.agreement.pk, orgnr=world.grytaga.orgnr)
    data = {"version": world.agreement.version, "reason": "Avtalen er erstattet."}
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[user], response.content.decode()[:500]
    if user == "anonymous":
        assert response.url.startswith("/konto/login/?next=")
    world.agreement.refresh_from_db()
    refused = expected[user] == 403 or user == "anonymous"
    if refused and method == "post":
        assert world.agreement.status == Agreement.Status.DRAFT, "a refused action changed nothing"


def test_refusals_say_why(client, world):
    client.force_login(world.student)
    html = client.get("/ansatt/").content.decode()
    assert "ingen rettigheter som ansatt" in html
    client.force_login(world.meloy_teacher)
    html = client.get(f"/ansatt/avtaler/{world.agreement.pk}/endre/").content.decode()
    assert "Bare ansatte ved skolene i avtalen" in html


def test_edit_post_by_another_school_changes_nothing(client, world):
    client.force_login(world.meloy_teacher)
    response = client.post(
        f"/ansatt/avtaler/{world.agreement.pk}/endre/", {"title": "Kapret", "version": 1}
    )
    assert response.status_code == 403
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Helsefag i Trondheim"


def test_coordinator_sees_the_countys_agreements_in_my_agreements(client, world):
    client.force_login(world.coordinator_trondelag)
    assert "Helsefag i Trondheim" in client.get("/ansatt/").content.decode()
    client.force_login(world.coordinator_nordland)
    assert "Helsefag i Trondheim" not in client.get("/ansatt/").content.decode()


def test_my_agreements_shows_every_status_of_my_school_only(client, world):
    client.force_login(world.strinda_teacher)
    html = client.get("/ansatt/").content.decode()
    assert "Helsefag i Trondheim" in html and "Utkast" in html
    client.force_login(world.meloy_teacher)
    html = client.get("/ansatt/").content.decode()
    assert "Helsefag i Trondheim" not in html


def test_the_document_is_not_under_a_public_root(world, settings):
    from pathlib import Path

    path = Path(world.agreement.document.path).resolve()
    for public_root in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not path.is_relative_to(Path(public_root).resolve())
    assert not path.is_relative_to(Path(settings.BASE_DIR, "static").resolve())


def test_staff_download_the_document(client, world):
    client.force_login(world.meloy_teacher)
    response = client.get(f"/ansatt/avtaler/{world.agreement.pk}/dokument/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
