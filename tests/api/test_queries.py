"""Each page of the API costs the same number of queries, however many rows it holds."""

import pytest

from agreements.models import Agreement
from api.models import ApiToken
from orgs.models import County
from registry.models import CountyCoordinator, User
from tests.factories import AgreementFactory, CompanyFactory, ProgrammeAreaFactory, TradeFactory
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/agreements",
    "/api/v1/agreements?fylke=50&programomrade=NAAKV2----",
    "/api/v1/agreements/changes?since=2000-01-01T00:00:00Z",
    "/api/v1/organisations",
    "/api/v1/organisations?q=strinda",
    "/api/v1/programme-areas",
    "/api/v1/trades",
    "/api/v1/counties",
    "/api/v1/municipalities",
    "/api/v1/cooperation-types",
]


def more_rows(world):
    for status in (Agreement.Status.PUBLISHED, Agreement.Status.WITHDRAWN):
        for _ in range(3):
            AgreementFactory(
                status=status,
                schools=[world.school],
                partners=[CompanyFactory(), CompanyFactory()],
                programme_areas=[world.area, ProgrammeAreaFactory(code=f"X{_}{status[:3]}")],
                trades=[world.trade, TradeFactory(code=f"T{_}{status[:3]}")],
            )


@pytest.mark.parametrize("url", URLS)
def test_constant_queries_per_page(client, api_world, url):
    before = page_queries(client, url)
    more_rows(api_world)
    assert page_queries(client, url) == before


def test_constant_queries_with_a_token(client, api_world):
    user = User.objects.create(username="koordinator")
    county = County.objects.get(number="50")
    CountyCoordinator.objects.create(user=user, county=county)
    _, secret = ApiToken.issue(
        county=county, name="a", expires_at="2099-01-01T00:00:00Z", user=user
    )

    def queries():
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                "/api/v1/county/agreements", headers={"Authorization": f"Bearer {secret}"}
            )
        assert response.status_code == 200
        return len(captured)

    before = queries()
    more_rows(api_world)
    assert queries() == before
