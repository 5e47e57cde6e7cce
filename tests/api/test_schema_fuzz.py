"""Schemathesis fuzzes every operation of the OpenAPI schema (/api/v1/schema.json) through the
real WSGI application: no answer is a 5xx, and every answer fits the schema. Small on purpose
(a few dozen examples an operation), so it runs in seconds."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.main import api
from api.models import ApiToken
from orgs.models import County
from registry.models import CountyCoordinator, User

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
CHECKS = [schemathesis.checks.not_a_server_error, response_schema_conformance]


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, which (as Django's test client) leaves the test's
    database connection open between requests: the test's rows stay visible."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(api_world, settings):
    settings.RATELIMIT_ENABLE = False
    user = User.objects.create(username="koordinator")
    county = County.objects.get(number="50")
    CountyCoordinator.objects.create(user=user, county=county)
    expires = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    return ApiToken.issue(county=county, name="fuzz", expires_at=expires, user=user)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_no_answer_outside_the_schema(case, token, wsgi_app):
    headers = {"Authorization": f"Bearer {token}"} if case.path.startswith("/api/v1/county") else {}
    response = case.call(app=wsgi_app, headers=headers)
    case.validate_response(response, checks=CHECKS)
