"""The staff tests' world (tests/staff_world.py) and a Strinda teacher logged in."""

import pytest

from tests.staff_world import build_world


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def strinda_client(client, world):
    client.force_login(world.strinda_teacher)
    return client
