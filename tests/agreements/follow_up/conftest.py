"""The staff tests' world (tests/staff_world.py), a published agreement of Strinda's in it,
and a Strinda teacher logged in."""

import datetime

import pytest

from agreements.models import Agreement, oslo_today
from tests.factories import AgreementFactory
from tests.staff_world import build_world


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def published(world):
    """In force for two years from a year ago, between Strinda and the training office."""
    today = oslo_today()
    return AgreementFactory(
        title="Opplæringskontoret og skolene",
        status=Agreement.Status.PUBLISHED,
        schools=[world.strinda],
        partners=[world.training_office],
        valid_from=today - datetime.timedelta(days=365),
        valid_to=today + datetime.timedelta(days=365),
    )


@pytest.fixture
def strinda_client(client, world):
    client.force_login(world.strinda_teacher)
    return client
