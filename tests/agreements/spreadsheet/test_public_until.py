"""The import saves its agreements and parties in bulk, past the signals: the parties'
Organisation.public_until is written all the same (tests/orgs/test_public_until.py)."""

import pytest

from agreements.models import Agreement
from orgs.models import Organisation
from tests.agreements.spreadsheet.sheets import agreement_row
from tests.agreements.spreadsheet.test_batches import import_rows

pytestmark = pytest.mark.django_db


def test_the_imported_agreements_parties_are_public_until_their_end(coordinator, world):
    import_rows(coordinator, [agreement_row(world.strinda, world.grytaga, 1)])
    imported = Agreement.objects.get(import_reference__reference="SAK-1")
    assert imported.status == Agreement.Status.PUBLISHED
    for organisation in (world.strinda, world.grytaga):
        assert Organisation.objects.get(pk=organisation.pk).public_until == imported.valid_to
