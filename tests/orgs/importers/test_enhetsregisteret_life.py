"""A unit's life as Enhetsregisteret tells it: deleted, closed, bankrupt, being wound up, with
their dates; deleted units' records; sub-units of a main unit that has ended."""

import datetime
import json

import pytest

from orgs.models import Organisation
from tests.orgs.importers.samples.enhetsregisteret import units
from tests.orgs.importers.samples.enhetsregisteret.units import import_file

pytestmark = pytest.mark.django_db
D = datetime.date
BANKRUPT_MAIN_UNIT, LADE, HEIMDAL = "921000081", "921000103", "921000111"
COURT, COURT_BRANCH, ASSOCIATION, ITS_WORKSHOP = "921000006", "921000138", "921000057", "921000146"
END_LABELS = {name: label for name, label, _since in Organisation.END_FIELDS}


def unit(orgnr: str) -> Organisation:
    return Organisation.objects.get(orgnr=orgnr)


def changed(sample, tmp_path, **changes) -> object:
    """The single-unit sample with these fields changed (None leaves a field out)."""
    record = {**json.loads(sample.read_text(encoding="utf-8")), **changes}
    record = {key: value for key, value in record.items() if value is not None}
    return units.write_json(tmp_path / f"changed-{len(list(tmp_path.iterdir()))}.json", record)


def test_bankruptcy_forced_dissolution_and_winding_up_with_their_dates(db):
    import_file(units.CSV)
    bankrupt = unit("921000170")
    assert bankrupt.bankrupt and bankrupt.bankrupt_on == D(2026, 1, 20) and not bankrupt.active
    dissolved = unit("921000162")  # forced dissolution for want of an auditor
    assert dissolved.being_wound_up and dissolved.being_wound_up_on == D(2025, 10, 1)
    wound_up = unit("921000200")  # under avvikling, then forced: since the first date
    assert wound_up.being_wound_up and wound_up.being_wound_up_on == D(2025, 9, 9)
    assert not wound_up.active
    living = unit("921000197")
    assert living.active and not living.bankrupt and living.bankrupt_on is None
    assert living.register_end is None


def test_a_unit_being_wound_up_from_an_api_page(db):
    import_file(units.ENHETER_PAGE)
    company = unit("921000065")
    assert company.being_wound_up and company.being_wound_up_on == D(2026, 2, 2)
    assert company.register_end == (END_LABELS["being_wound_up"], D(2026, 2, 2))


def test_a_lifted_bankruptcy_is_cleared_with_its_date(tmp_path):
    import_file(units.ENHET)
    assert unit(BANKRUPT_MAIN_UNIT).bankrupt
    summary, _rejects = import_file(changed(units.ENHET, tmp_path, konkurs=False, konkursdato=None))
    company = unit(BANKRUPT_MAIN_UNIT)
    assert (company.bankrupt, company.bankrupt_on, company.active) == (False, None, True)
    assert summary.updated == 1


def test_a_bankruptcy_date_without_the_flag_is_a_bankruptcy(tmp_path):
    import_file(changed(units.ENHET, tmp_path, konkurs=None))
    assert unit(BANKRUPT_MAIN_UNIT).bankrupt_on == D(2026, 3, 9)


def test_a_closed_sub_unit_is_closed_not_deleted(db):
    import_file(units.UNDERENHETER_PAGE)
    branch = unit(COURT_BRANCH)
    assert branch.closed_on == D(2025, 12, 31) and branch.deleted_on is None
    assert not branch.active


def test_a_deleted_units_record_marks_the_unit_and_keeps_the_rest(tmp_path):
    import_file(units.ENHETER_PAGE)
    church = unit("921000022")
    record = {"organisasjonsnummer": church.orgnr, "slettedato": "2026-05-02", "_links": {}}
    summary, rejects = import_file(units.write_json(tmp_path / "slettet.json", record))
    assert not rejects and summary.updated == 1
    deleted = unit(church.orgnr)
    assert deleted.deleted_on == D(2026, 5, 2) and not deleted.active
    assert (deleted.name, deleted.municipality_id, deleted.postal_address) == (
        church.name,
        church.municipality_id,
        church.postal_address,
    )
    assert deleted.kind == Organisation.Kind.ASSOCIATION


def test_a_deleted_main_unit_ends_its_sub_units(db):
    import_file(units.ENHETER_PAGE)
    import_file(units.UNDERENHETER_PAGE)
    assert unit(ITS_WORKSHOP).active
    summary, _rejects = import_file(units.DELETED)
    assert unit(ASSOCIATION).deleted_on == D(2026, 4, 30)
    workshop = unit(ITS_WORKSHOP)
    assert workshop.main_unit_ended and not workshop.active
    assert summary.notes["sub-units whose main unit has ended (made inactive)"] == 1


def test_sub_units_of_a_bankrupt_main_unit_end_with_it_and_live_again(tmp_path):
    import_file(units.UNDERENHETER_PAGE)
    assert unit(LADE).active and unit(LADE).parent is None
    summary, _rejects = import_file(units.ENHET)  # bankrupt
    assert summary.notes["sub-units linked to a main unit imported after them"] == 2
    assert summary.notes["sub-units whose main unit has ended (made inactive)"] == 2
    for orgnr in (LADE, HEIMDAL):
        branch = unit(orgnr)
        assert branch.main_unit_ended and not branch.active
        assert branch.register_end == (END_LABELS["main_unit_ended"], None)
    # The sub-units' own rows again: unchanged, still ended by their main unit.
    summary, _rejects = import_file(units.UNDERENHETER_PAGE)
    assert (summary.updated, summary.unchanged) == (0, 4)
    assert not unit(LADE).active
    summary, _rejects = import_file(changed(units.ENHET, tmp_path, konkurs=False, konkursdato=None))
    assert summary.notes["sub-units whose main unit lives again"] == 2
    for orgnr in (LADE, HEIMDAL):
        branch = unit(orgnr)
        assert not branch.main_unit_ended and branch.active


def test_a_closed_sub_unit_stays_inactive_when_its_main_unit_lives_again(tmp_path):
    import_file(units.ENHETER_PAGE)
    import_file(units.UNDERENHETER_PAGE)
    court = json.loads(units.ENHETER_PAGE.read_text(encoding="utf-8"))["_embedded"]["enheter"][0]
    wound_up = units.write_json(
        tmp_path / "a.json", {**court, "underAvvikling": True, "underAvviklingDato": "2026-01-01"}
    )
    import_file(wound_up)
    assert unit(COURT_BRANCH).main_unit_ended
    summary, _rejects = import_file(units.write_json(tmp_path / "b.json", court))
    assert summary.notes["sub-units whose main unit lives again"] == 1
    branch = unit(COURT_BRANCH)
    assert not branch.main_unit_ended and not branch.active  # closed itself
    assert unit(COURT).active


def test_a_bankruptcy_the_import_brings_lists_the_agreements_and_a_lifted_one_does_not(tmp_path):
    """The import writes past the model signals; the agreements with a party out of business
    (agreements.models.responsibility) follow it all the same."""
    from agreements.models import Agreement
    from tests.factories import AgreementFactory

    living = changed(units.ENHET, tmp_path, konkurs=False, konkursdato=None)
    import_file(living)
    agreement = AgreementFactory(partners=[unit(BANKRUPT_MAIN_UNIT)])
    assert not Agreement.objects.with_party_out_of_business().exists()
    import_file(units.ENHET)
    assert list(Agreement.objects.with_party_out_of_business()) == [agreement]
    import_file(living)
    assert not Agreement.objects.with_party_out_of_business().exists()
