"""The import saves its agreements and parties in bulk, past the signals: the kept party rows
(agreements.models.PartyState and PartyCoverage) are written all the same
(tests/agreements/test_party_state.py)."""

import pytest

from agreements.models import Agreement, PartyCoverage, PartyState
from tests.agreements.spreadsheet.sheets import agreement_row
from tests.agreements.spreadsheet.test_batches import import_rows
from tests.factories import ProgrammeAreaFactory

pytestmark = pytest.mark.django_db


def test_the_imported_agreements_parties_are_kept(coordinator, world):
    area = ProgrammeAreaFactory()
    row = agreement_row(world.strinda, world.grytaga, 1, programme_areas=area.code)
    import_rows(coordinator, [row])
    imported = Agreement.objects.get(import_reference__reference="SAK-1")
    rows = PartyState.objects.filter(agreement=imported)
    assert set(rows.values_list("organisation_id", "status", "valid_from", "valid_to")) == {
        (organisation.pk, imported.status, imported.valid_from, imported.valid_to)
        for organisation in (world.strinda, world.grytaga)
    }
    areas = set(imported.programme_areas.values_list("pk", flat=True))
    coverage = PartyCoverage.objects.filter(agreement=imported)
    assert areas == {area.pk}
    assert set(coverage.values_list("organisation_id", "programme_area_id")) == {
        (organisation.pk, area) for organisation in (world.strinda, world.grytaga) for area in areas
    }
