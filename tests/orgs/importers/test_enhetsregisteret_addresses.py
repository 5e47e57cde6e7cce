"""Where a unit is and how it is reached: the municipality from its beliggenhetsadresse, else
forretningsadresse, else postadresse; the postal address shown; the kinds of its form."""

import pytest

from orgs.kinds import kind_of_unit
from orgs.models import Organisation
from orgs.regions import municipality_numbers
from registry.text import normalise_search_text
from tests.orgs.importers.samples.enhetsregisteret import units
from tests.orgs.importers.samples.enhetsregisteret.units import import_file

pytestmark = pytest.mark.django_db
Kind = Organisation.Kind


@pytest.fixture
def page(db):
    return import_file(units.ENHETER_PAGE)


def unit(orgnr: str) -> Organisation:
    return Organisation.objects.select_related("municipality").get(orgnr=orgnr)


def test_a_court_with_only_a_postal_address_is_placed_by_it(page):
    court = unit("921000006")
    assert court.municipality.number == "5006"  # Steinkjer, from its postadresse
    assert court.postal_address == "Postboks 2510, 7729 STEINKJER"
    assert court.kind == Kind.PUBLIC_AGENCY  # ORGL
    # An organisasjonsledd has a superior unit, and is a main unit all the same.
    assert court.register_unit == Organisation.RegisterUnit.MAIN_UNIT
    assert court.main_unit_orgnr == "921000014"
    assert court.search_text.endswith(normalise_search_text(court.municipality.name))


def test_a_church_shows_every_line_of_its_postal_address(page):
    church = unit("921000022")
    assert church.municipality.number == "5001"
    assert church.postal_address == (
        "c/o Kirkevergen i Trondheim, Postboks 2358 Sluppen, 7041 TRONDHEIM"
    )
    assert church.kind == Kind.ASSOCIATION  # KIRK


def test_the_business_address_places_a_unit_and_the_postal_address_is_shown(page):
    company = unit("921000065")
    assert company.municipality.number == "5001"  # forretningsadresse before postadresse
    assert company.postal_address == "Att. Regnskap, Postboks 6012, 7224 MELHUS"


def test_a_foreign_unit_has_no_municipality_and_its_country_in_the_address(page):
    foreign = unit("921000049")
    assert foreign.municipality is None
    assert foreign.postal_address == "Storgatan 1, 11122 STOCKHOLM, Sverige"
    assert foreign.active


def test_a_unit_with_no_address_at_all_is_kept_without_a_municipality(page):
    association = unit("921000057")
    assert association.municipality is None and association.postal_address == ""
    assert association.kind == Kind.ASSOCIATION  # FLI
    assert association.search_text == "husflidslaget bakklandet 921000057"


def test_an_unknown_municipality_number_is_still_rejected(page):
    _summary, rejects = page
    assert rejects == [("921000073", "unknown_municipality")]


def test_a_former_municipality_number_places_a_unit_in_todays(page):
    if "1601" not in municipality_numbers():
        pytest.skip("orgs.regions does not map former municipality numbers (KLASS data)")
    foundation = unit("921000030")  # its postadresse says 1601, Trondheim before 2018
    assert foundation.municipality.number == "5001"
    assert foundation.kind == Kind.ASSOCIATION  # STI


def test_a_sub_unit_with_only_a_postal_address(db):
    import_file(units.UNDERENHETER_PAGE)
    branch = unit("921000138")
    assert branch.municipality.number == "5007"  # Namsos
    assert branch.postal_address == "Postboks 333, 7801 NAMSOS"
    assert branch.register_unit == Organisation.RegisterUnit.SUB_UNIT
    assert unit("921000146").kind == Kind.ASSOCIATION  # AAFY, a sub-unit of an association


@pytest.mark.parametrize("sample", [units.CSV, units.CSV_GZ], ids=["csv", "csv gzipped"])
def test_address_lines_the_csv_joins_are_split(sample, db):
    import_file(sample)
    addresses = dict(Organisation.objects.values_list("orgnr", "postal_address"))
    assert addresses["921000154"] == "c/o Museum Nord, Storgata 1, 8006 BODØ"  # "/n"
    assert addresses["921000162"] == "Storgata 18, Postboks 4, 8370 LEKNES"  # "\n"
    assert addresses["921000170"] == "Industriveien 4, Bygg B, 8200 FAUSKE"  # a line break
    assert addresses["921000189"] == (
        "c/o OBOS Eiendomsforvaltning AS, Postboks 6666 St. Olavs plass, 0129 OSLO"
    )
    borettslag = unit("921000189")  # only a postal address, in Oslo
    assert borettslag.municipality.number == "0301"
    assert borettslag.kind == Kind.ASSOCIATION  # BRL
    assert unit("921000197").kind == Kind.ASSOCIATION  # SPA


@pytest.mark.parametrize(
    ("form", "nace", "kind"),
    [
        ("FLI", "91.020", Kind.ASSOCIATION),
        ("FLI", "94.200", Kind.UNION),  # a trade union is an association by form
        ("STI", "85.422", Kind.HIGHER_EDUCATION),  # a private university college
        ("STI", "88.991", Kind.ASSOCIATION),
        ("SAM", "68.209", Kind.ASSOCIATION),
        ("ESEK", "68.209", Kind.ASSOCIATION),
        ("BRL", "68.209", Kind.ASSOCIATION),
        ("SPA", "64.190", Kind.ASSOCIATION),
        ("AAFY", "94.990", Kind.ASSOCIATION),
        ("ANNA", "84.130", Kind.PUBLIC_AGENCY),  # a fjellstyre: public administration
        ("KBO", "84.110", Kind.OTHER),  # a bankruptcy estate, whatever its industry
        ("AS", "68.209", Kind.COMPANY),
        ("BEDR", "43.210", Kind.COMPANY),
        ("KOMM", "85.201", Kind.MUNICIPALITY),
    ],
)
def test_the_kind_of_each_organisation_form(form, nace, kind):
    assert kind_of_unit(form, nace) == kind
