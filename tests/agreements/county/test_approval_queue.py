"""The county's approval queue is paged: what was sent for approval first, then the changes to
published agreements, oldest first, with how many there are of each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, CountyRoutine
from tests.agreements.county.test_pending_changes import edit
from tests.factories import AgreementFactory, CompanyFactory
from tests.staff_world import act, build_world

pytestmark = pytest.mark.django_db

URL = "/ansatt/fylke/50/godkjenning/"


@pytest.fixture
def world(settings):
    settings.PUBLIC_PAGE_SIZE = 2
    world = build_world()
    act(world.agreement, "publish", world.strinda_teacher)  # published before the routine
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    return world


def submitted(world, title):
    agreement = AgreementFactory(
        title=title,
        status=Agreement.Status.SUBMITTED,
        schools=[world.strinda],
        partners=[world.grytaga],
    )
    agreement.refresh_derived_fields()
    return agreement


def queue_page(client, page=None):
    response = client.get(URL, {"side": page} if page else {})
    assert response.status_code == 200
    return response


def titles(response):
    return [a.title for a in response.context["page"].object_list]


def test_the_queue_is_paged_sent_first_then_changes(client, world):
    for title in ("Først sendt", "Så sendt", "Sist sendt"):
        submitted(world, title)
    edit(client, world.strinda_teacher, world.agreement, title="Endret tittel")
    client.force_login(world.coordinator_trondelag)

    first = queue_page(client)
    assert titles(first) == ["Først sendt", "Så sendt"]
    html = first.content.decode()
    assert "Avtaler sendt til godkjenning (3)" in html
    assert "Side 1 av 2" in html and "?side=2" in html
    # The changes are on the next page: no empty-queue text for them here.
    assert "Ingen endringer" not in html

    second = queue_page(client, 2)
    assert titles(second) == ["Sist sendt", world.agreement.title]
    html = second.content.decode()
    assert f"/ansatt/avtaler/{world.agreement.pk}/" in html
    assert "Endringer av publiserte avtaler (1)" in html
    # A page past the end gives the last page.
    assert titles(queue_page(client, 9)) == titles(second)


def test_an_empty_queue_says_so(client, world):
    client.force_login(world.coordinator_trondelag)
    html = queue_page(client).content.decode()
    assert "Ingen avtaler venter på godkjenning." in html
    assert "Side 1" not in html


def test_a_page_costs_the_same_queries_however_long_the_queue(client, world):
    def count(page=None):
        with CaptureQueriesContext(connection) as queries:
            queue_page(client, page)
        return len(queries)

    def add(n):
        for i in range(n):
            submitted(world, f"Sendt {i}")
            published = AgreementFactory(schools=[world.strinda], partners=[CompanyFactory()])
            edit(client, world.strinda_teacher, published, title=f"Endret {published.pk}")

    add(1)
    client.force_login(world.coordinator_trondelag)
    few = count()
    add(6)
    client.force_login(world.coordinator_trondelag)
    assert count() == few
    assert count(4) == few  # a page of changes, with their proposers
    assert few <= 10
