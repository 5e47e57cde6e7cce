"""The open overview of the country (/oversikt/) and the programme areas of a county's open
overview: public agreements only, each counted once, every county listed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, oslo_today
from tests import factories
from tests.factories import (
    AgreementFactory,
    CountyFactory,
    ProgrammeAreaFactory,
    agreement_in,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def trondheim():
    return factories.trondheim()


@pytest.fixture
def country(trondheim):
    today = oslo_today()
    health = ProgrammeAreaFactory(code="HSHEA2----", title_nb="Helsearbeiderfag")
    drafts_only = ProgrammeAreaFactory(code="ELELE2----", title_nb="Elenergi")
    agreement_in(trondheim, programme_areas=[health])  # in force
    agreement_in(trondheim, valid_from=today + 10 * DAY, valid_to=today + 400 * DAY)  # upcoming
    agreement_in(trondheim, valid_from=today - 300 * DAY, valid_to=today + 20 * DAY)  # expiring
    agreement_in(trondheim, valid_from=today - 300 * DAY, valid_to=today - DAY)  # expired
    agreement_in(trondheim, status=Agreement.Status.DRAFT, programme_areas=[drafts_only])
    agreement_in(trondheim, status=Agreement.Status.WITHDRAWN, programme_areas=[health])
    AgreementFactory(programme_areas=[health])  # Nordland: one in force, not Trøndelag's
    CountyFactory(number="56", name="Finnmark")  # no agreement at all


def counts(response, key):
    return {row.label: row.values for row in response.context[key]}


def test_every_county_with_its_public_counts(client, country):
    response = client.get("/oversikt/")
    assert response.status_code == 200
    # in force, upcoming, expiring within 90 days
    assert counts(response, "counties") == {
        "Nordland": [1, 0, 0],
        "Trøndelag": [2, 1, 1],
        "Finnmark": [0, 0, 0],
    }


def test_the_county_overview_shows_the_areas_public_agreements_cover(client, country):
    overview = client.get("/oversikt/50/").context["overview"]
    assert {area.title_nb: area.values for area in overview.programme_areas} == {
        "Helsearbeiderfag": [1, 0, 0]
    }


def test_the_coordinators_see_every_area_of_the_countys_agreements(client, country):
    from tests.factories import UserFactory

    client.force_login(UserFactory(counties=[CountyFactory(number="50")]))
    overview = client.get("/ansatt/fylke/50/oversikt/").context["overview"]
    # in force, upcoming, expiring, expired, draft or awaiting approval; no withdrawn
    assert {area.title_nb: area.values for area in overview.programme_areas} == {
        "Elenergi": [0, 0, 0, 0, 1],
        "Helsearbeiderfag": [1, 0, 0, 0, 0],
    }


def test_the_country_overview_in_two_queries_however_many_agreements(client, country):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/oversikt/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        AgreementFactory()
    assert count() == few <= 2
