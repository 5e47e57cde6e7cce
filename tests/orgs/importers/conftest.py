import pytest

from orgs.regions import load_regions


@pytest.fixture
def municipalities(db):
    """Today's counties and municipalities, as every import finds them (load_regions)."""
    load_regions()
