"""Staff access beyond the matrix (tests/test_permission_matrix.py): the refusals' words,
what "Mine avtaler" lists and where the signed document is kept."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgreementFactory
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    world = build_world()
    world.agreement.document.save("signert.pdf", ContentFile(PDF))
    return world


def test_refusals_say_why(client, world):
    client.force_login(world.student)
    html = client.get("/ansatt/").content.decode()
    assert "ingen rettigheter som ansatt" in html
    client.force_login(world.meloy_teacher)
    html = client.get(f"/ansatt/avtaler/{world.agreement.pk}/endre/").content.decode()
    assert "Bare ansatte i organisasjonene i avtalen" in html


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


def test_a_coordinator_s_list_is_the_county_s_in_every_status_and_in_order(client, world):
    # A coordinator at no school: the county's agreements by its own index
    # (ScopeQueries.for_organisations_or_counties), last changed first, the queries the same
    # however many there are.
    def shown():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/ansatt/")
        return [a.title for a in response.context["page"].object_list], len(queries)

    client.force_login(world.coordinator_trondelag)
    titles, queries = shown()
    assert titles == ["Helsefag i Trondheim"]
    for title, status in [("Sendt", "submitted"), ("Trukket", "withdrawn")]:
        AgreementFactory(title=title, status=status, schools=[world.byasen])
    AgreementFactory(title="I Nordland", schools=[world.meloy_school])
    assert shown() == (["Trukket", "Sendt", "Helsefag i Trondheim"], queries)


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


def test_a_logged_in_student_is_offered_no_staff_pages(client, world):
    client.force_login(world.student)
    html = client.get("/").content.decode()
    assert 'href="/ansatt/"' not in html
    client.force_login(world.strinda_teacher)
    assert 'href="/ansatt/"' in client.get("/").content.decode()
