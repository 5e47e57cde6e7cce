"""The API's limits: anonymous calls per address, token calls per token; 429 with Retry-After."""

import datetime

import pytest
from django.utils import timezone

from api.models import ApiToken
from orgs.models import County
from registry import limits
from registry.models import CountyCoordinator, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {limit.name: "1000/m" for limit in limits.LIMITS} | {
        "api": "2/m",
        "api_token": "3/m",
    }
    settings.PUBLIC_CACHE_ENABLED = False  # every call reaches the view


def assert_refused(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_anonymous_calls_per_address(client, db):
    for _ in range(2):
        assert client.get("/api/v1/counties").status_code == 200
    assert_refused(client.get("/api/v1/agreements"))
    assert client.get("/api/v1/counties", REMOTE_ADDR="192.0.2.9").status_code == 200


def test_token_calls_per_token(client, api_world):
    user = User.objects.create(username="koordinator")
    county = County.objects.get(number="50")
    CountyCoordinator.objects.create(user=user, county=county)
    expires = timezone.now() + datetime.timedelta(days=1)
    secrets = [
        ApiToken.issue(county=county, name=n, expires_at=expires, user=user)[1] for n in "ab"
    ]
    headers = {"Authorization": f"Bearer {secrets[0]}"}
    for _ in range(3):
        assert client.get("/api/v1/county/agreements", headers=headers).status_code == 200
    assert_refused(client.get("/api/v1/county/agreements", headers=headers))
    # Another token has its own count, and the address's anonymous count is untouched.
    other = {"Authorization": f"Bearer {secrets[1]}"}
    assert client.get("/api/v1/county/agreements", headers=other).status_code == 200
    assert client.get("/api/v1/counties").status_code == 200
