"""A full bulk download: the units of its type it no longer holds are gone from the register;
the refusal to mark too many; extracts, API pages and single responses are never full."""

import gzip

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from orgs.importers.base import MassDeactivation
from orgs.importers.enhetsregisteret_life import MASS_DEACTIVATION_MINIMUM
from orgs.models import Organisation
from tests.orgs.importers.samples.enhetsregisteret import units
from tests.orgs.importers.samples.enhetsregisteret.units import import_file, main_unit, sub_unit

pytestmark = pytest.mark.django_db
MAIN, SUB = Organisation.RegisterUnit.MAIN_UNIT, Organisation.RegisterUnit.SUB_UNIT
GONE_MAIN = "main units gone from the full download (made inactive)"
MANY = MASS_DEACTIVATION_MINIMUM * 3  # 5 % of them is below the minimum
SEEN = "enhetsregisteret_seen"


def main_units(numbers) -> list[dict]:
    return [main_unit(units.orgnr(n), f"HOVEDENHET {n} AS") for n in numbers]


def sub_units(numbers, main: int = 0) -> list[dict]:
    return [sub_unit(units.orgnr(n), f"UNDERENHET {n}", units.orgnr(main)) for n in numbers]


def download(tmp_path, records, name="enheter.json.gz"):
    return units.write_download(tmp_path / name, records, gzipped=True)


def missing() -> set[str]:
    return set(
        Organisation.objects.filter(missing_from_register_on__isnull=False).values_list(
            "name", flat=True
        )
    )


def test_a_unit_no_longer_in_the_full_download_is_gone_and_comes_back(tmp_path):
    import_file(download(tmp_path, main_units(range(3))))
    assert set(Organisation.objects.values_list("register_unit", flat=True)) == {MAIN}
    summary, _rejects = import_file(download(tmp_path, main_units(range(2))))
    gone = Organisation.objects.get(name="HOVEDENHET 2 AS")
    assert gone.missing_from_register_on == timezone.localdate() and not gone.active
    assert summary.notes[GONE_MAIN] == 1
    summary, _rejects = import_file(download(tmp_path, main_units(range(2))))
    assert summary.unchanged == 2 and GONE_MAIN not in summary.notes  # marked once
    summary, _rejects = import_file(download(tmp_path, main_units(range(3))))
    back = Organisation.objects.get(name="HOVEDENHET 2 AS")
    assert back.missing_from_register_on is None and back.active
    assert summary.notes["units back in the register after being missing"] == 1


def test_a_download_of_sub_units_speaks_only_for_sub_units(tmp_path):
    organisasjonsledd = main_unit(
        units.orgnr(9), "DIREKTORATET FOR NOE", "ORGL", overordnetEnhet=units.orgnr(0)
    )
    import_file(download(tmp_path, [*main_units([0]), organisasjonsledd]))
    import_file(download(tmp_path, sub_units([10, 11]), "underenheter.json.gz"))
    assert Organisation.objects.get(orgnr=units.orgnr(9)).register_unit == MAIN
    summary, _rejects = import_file(download(tmp_path, sub_units([10]), "underenheter.json"))
    assert missing() == {"UNDERENHET 11"}
    assert summary.notes["sub-units gone from the full download (made inactive)"] == 1
    assert Organisation.objects.get(orgnr=units.orgnr(9)).active


def test_a_unit_whose_row_is_rejected_is_still_in_the_register(tmp_path):
    import_file(download(tmp_path, main_units(range(2))))
    moved = {**main_units([1])[0], "forretningsadresse": units.address("Gata 1", "9999")}
    _summary, rejects = import_file(download(tmp_path, [*main_units([0]), moved]))
    assert rejects == [(units.orgnr(1), "unknown_municipality")]
    assert missing() == set()


def test_a_csv_download_gzipped_is_full_too(tmp_path):
    import_file(units.CSV)
    lines = units.CSV.read_bytes().splitlines(keepends=True)
    fewer = tmp_path / "enheter.csv.gz"
    fewer.write_bytes(gzip.compress(b"".join(line for line in lines if b"VESTBYEN" not in line)))
    import_file(fewer)
    assert missing() == {"VESTBYEN SPAREBANK"}


def test_an_extract_api_pages_and_single_responses_are_never_full(tmp_path):
    import_file(download(tmp_path, main_units(range(3))))
    import_file(download(tmp_path, main_units([0])), full=False)
    page = {"_embedded": {"enheter": main_units([1])}, "page": {"totalElements": 1}}
    import_file(units.write_json(tmp_path / "side.json", page))
    import_file(units.write_json(tmp_path / "enhet.json", main_units([2])[0]))
    assert missing() == set()
    assert Organisation.objects.filter(active=True).count() == 3


def test_the_sub_units_of_a_main_unit_gone_from_the_register_end_with_it(tmp_path):
    import_file(download(tmp_path, main_units(range(2))))
    import_file(download(tmp_path, sub_units([10, 11], main=1), "underenheter.json"))
    summary, _rejects = import_file(download(tmp_path, main_units([0])))
    assert summary.notes["sub-units whose main unit has ended (made inactive)"] == 2
    assert not Organisation.objects.filter(name__startswith="UNDERENHET", active=True).exists()


def test_too_many_gone_is_refused_and_nothing_is_marked(tmp_path):
    import_file(download(tmp_path, main_units(range(MANY))))
    half = download(tmp_path, [*main_units(range(MANY // 2)), *main_units([MANY + 1])])
    with pytest.raises(MassDeactivation) as refused:
        import_file(half)
    message = str(refused.value)
    active = MANY + 1  # with the new one
    assert f"{MANY - MANY // 2} of {active} active main units are not in this full" in message
    assert "none was marked" in message and "rows of the file were imported" in message
    assert "--allow-mass-deactivation" in message and "--partial" in message
    assert missing() == set()
    assert Organisation.objects.filter(orgnr=units.orgnr(MANY + 1)).exists()  # imported
    summary, _rejects = import_file(half, allow_mass_deactivation=True)
    assert summary.notes[GONE_MAIN] == MANY - MANY // 2
    assert Organisation.objects.filter(active=True).count() == MANY // 2 + 1


def test_a_few_gone_among_many_are_marked(tmp_path):
    import_file(download(tmp_path, main_units(range(MANY))))
    summary, _rejects = import_file(download(tmp_path, main_units(range(5, MANY))))
    assert summary.notes[GONE_MAIN] == 5


def test_the_command_refuses_marks_when_allowed_and_reads_extracts(tmp_path):
    everything = download(tmp_path, main_units(range(MANY)))
    call_command("import_enhetsregisteret", str(everything), no_progress=True, verbosity=0)
    extract = download(tmp_path, main_units(range(10)), "uttrekk.json")
    with pytest.raises(CommandError, match=r"uttrekk\.json: .*none was marked"):
        call_command("import_enhetsregisteret", str(extract), no_progress=True, verbosity=0)
    call_command(
        "import_enhetsregisteret", str(extract), partial=True, no_progress=True, verbosity=0
    )
    assert missing() == set()
    call_command(
        "import_enhetsregisteret",
        str(extract),
        allow_mass_deactivation=True,
        no_progress=True,
        verbosity=0,
    )
    assert len(missing()) == MANY - 10


def test_the_numbers_seen_are_not_kept_in_the_connection_after_a_run(tmp_path):
    """The temporary table of a full download is dropped, also when the run is refused."""
    import_file(download(tmp_path, main_units(range(MANY))))
    with pytest.raises(MassDeactivation):
        import_file(download(tmp_path, main_units([0])))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename = %s", [SEEN])
        else:
            cursor.execute("SELECT count(*) FROM temp.sqlite_master WHERE name = %s", [SEEN])
        assert cursor.fetchone()[0] == 0
