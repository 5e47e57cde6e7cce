"""/ansatt/registre/: the last runs, their counts and failures, for administrators."""

import pytest

from orgs.refresh.models import RegisterRefresh
from orgs.refresh.runner import refresh
from orgs.refresh.stand_in import ER
from orgs.refresh.tasks import schedule_nightly_refresh
from tests.factories import SchoolFactory, UserFactory

URL = "/en/ansatt/registre/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_administrators_see_each_feed_and_its_failure(admin_client, registers):
    registers.fail(f"{ER}/oppdateringer/enheter", 503, times=100)
    refresh([RegisterRefresh.Feed.MAIN_UNITS])
    schedule_nightly_refresh()

    page = admin_client.get(URL)

    assert page.status_code == 200
    html = page.content.decode()
    for feed in RegisterRefresh.Feed:
        assert str(feed.label) in html
    failure = f"{ER}/oppdateringer/enheter: too many 503 error responses"
    assert failure in RegisterRefresh.objects.get(feed=RegisterRefresh.Feed.MAIN_UNITS).failure
    assert failure in html
    assert "The last run failed" in html
    assert "The next nightly run is queued for" in html


def test_the_counts_and_position_of_the_last_run(admin_client, db):
    row = RegisterRefresh.objects.for_feed(RegisterRefresh.Feed.MAIN_UNITS)
    row.claim()
    row.record_batch(changes=20_000, pages=20, deleted=17, position=987654)
    row.succeed()

    html = admin_client.get(URL).content.decode()

    assert "update 987654" in html
    assert "20,000 changes in 20 pages" in html
    assert "17 deleted" in html
    assert "No nightly run is queued" in html


def test_staff_are_refused_with_the_reason(client, db):
    client.force_login(UserFactory(schools=[SchoolFactory()]))

    page = client.get(URL)

    assert page.status_code == 403
    assert "Only administrators" in page.content.decode()
