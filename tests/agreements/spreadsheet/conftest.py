import pytest

from tests.staff_world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.coordinator_trondelag)
    return client
