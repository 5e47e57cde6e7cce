import pytest
from django.core.management import call_command

from agreements.models import Agreement, Party
from agreements.models.party import role_fits
from orgs.models import County, Organisation
from orgs.validators import is_valid_orgnr

pytestmark = pytest.mark.django_db

TRONDHEIM_SCHOOLS = {
    "Byåsen videregående skole",
    "Cissi Klein videregående skole",
    "Heimdal videregående skole",
    "Kristen videregående skole Trøndelag",
    "Lukas videregående skole",
    "Strinda videregående skole",
    "Thora Storm videregående skole",
    "Trondheim voksenopplæringssenter",
}


@pytest.fixture
def demo(db):
    call_command("load_demo_data", verbosity=0)


def counts():
    return (
        County.objects.count(),
        Organisation.objects.count(),
        Agreement.objects.count(),
        Party.objects.count(),
    )


def test_demo_data_is_idempotent(demo):
    before = counts()
    call_command("load_demo_data", verbosity=0)
    assert counts() == before


def test_demo_data_has_the_volume_to_exercise_pages(demo):
    assert County.objects.count() >= 5
    assert Organisation.objects.schools().count() >= 25
    assert Organisation.objects.not_schools().count() >= 180
    assert Agreement.objects.count() >= 280
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert statuses == set(Agreement.Status.values)
    public = Agreement.objects.public()
    assert public.count() > 100
    assert any(a.is_upcoming() for a in public)
    assert (
        Agreement.objects.filter(status=Agreement.Status.PUBLISHED).exclude(pk__in=public).exists()
    ), "some published agreements have expired"


def test_demo_data_satisfies_the_model_rules(demo):
    for organisation in Organisation.objects.all():
        assert is_valid_orgnr(organisation.orgnr), organisation
        organisation.full_clean()
    for agreement in Agreement.objects.prefetch_related("parties__organisation"):
        parties = list(agreement.parties.all())
        assert len(parties) >= 2, agreement
        assert any(p.is_education_party for p in parties), agreement
        for party in parties:
            assert role_fits(party.organisation, party.role), (agreement, party)
        responsible = agreement.responsible_organisation_id
        assert responsible in {p.organisation_id for p in parties}, agreement
        assert agreement.valid_to >= agreement.valid_from
        assert agreement.county_id is not None, agreement


def test_meloy_seed_is_public(demo):
    company = Organisation.objects.get(name="Grytåga settefisk AS")
    school = Organisation.objects.get(name="Meløy videregående skole")
    agreement = Agreement.objects.public().for_organisation(company).get()
    assert school in agreement.schools
    assert agreement.cooperation_types.filter(slug="yff").exists()
    assert agreement.programme_areas.filter(code="NAAKV2----").exists()


def test_trondheim_seed_is_expired_and_not_public(demo):
    agreement = Agreement.objects.get(title="Samarbeidsavtale om helse- og oppvekstfag")
    assert str(agreement.valid_from) == "2022-08-01"
    assert str(agreement.valid_to) == "2024-07-31"
    assert {o.name for o in agreement.schools} == TRONDHEIM_SCHOOLS
    assert [p.organisation.name for p in agreement.partners] == [
        "Trondheim kommune opplæringskontoret"
    ]
    assert not Agreement.objects.public().filter(pk=agreement.pk).exists()
    assert agreement.county.name == "Trøndelag - Trööndelage"
    assert agreement.parties.count() == 9
    assert agreement.responsible_organisation.name == "Trondheim kommune opplæringskontoret"
    assert agreement.parties.get(role=Party.Role.TRAINING_OFFICE).organisation.name == (
        "Trondheim kommune opplæringskontoret"
    )


def test_the_regional_partnership_has_seven_parties_no_school_and_a_local_one(demo):
    regional = Agreement.objects.public().get(
        title="Partnerskapsavtale for karriereveiledning i Telemark"
    )
    roles = dict(regional.parties.values_list("organisation__name", "role"))
    assert roles == {
        "Telemark fylkeskommune": Party.Role.SCHOOL_OWNER,
        "NAV Vestfold og Telemark": Party.Role.PUBLIC_AGENCY,
        "Universitetet i Sørøst-Norge": Party.Role.UNIVERSITY,
        "LO Vestfold og Telemark": Party.Role.UNION,
        "NHO Vestfold og Telemark": Party.Role.UNION,
        "Statsforvalteren i Vestfold og Telemark": Party.Role.COUNTY_GOVERNOR,
        "KS Kommunesektorens organisasjon": Party.Role.UNION,
    }
    assert regional.responsible_organisation.name == "Telemark fylkeskommune"
    assert regional.county.name == "Telemark"
    (local,) = Agreement.objects.public().filter(framework=regional)
    shares = {p.organisation.name: (p.cost_amount, p.cost_rule) for p in local.parties.all()}
    assert shares == {
        "Telemark fylkeskommune": (500_000, ""),
        "Skien kommune": (None, "14 000 kr + 1,50 kr per innbygger"),
    }
    assert local.responsible_organisation.name == "Skien kommune"


def test_a_student_searching_karriereveiledning_finds_the_regional_partnership(demo, client):
    html = client.get("/avtaler/", {"q": "karriereveiledning"}).content.decode()
    assert "Partnerskapsavtale for karriereveiledning i Telemark" in html


def test_the_decentralised_scheme_is_between_school_owners_and_a_university_college(demo):
    agreement = Agreement.objects.get(title__contains="desentralisert ordning")
    roles = sorted(agreement.parties.values_list("role", flat=True))
    assert roles == [Party.Role.SCHOOL_OWNER] * 4 + [Party.Role.UNIVERSITY]
    assert agreement.responsible_organisation.kind == Organisation.Kind.COUNTY_AUTHORITY
    assert not agreement.schools


def test_the_trondheim_agreement_has_its_follow_up():
    call_command("load_demo_data", verbosity=0)
    trondheim = Agreement.objects.get(title="Samarbeidsavtale om helse- og oppvekstfag")
    assert trondheim.parties.count() == 9
    assert trondheim.meetings.get().kind == "yearly"
    assert trondheim.annual_plans.get().school_year == "2022–2023"


def test_the_rows_kept_from_the_agreements_are_as_their_writers_give_them(demo):
    """The demo writes parties in bulk, past the signals: what it keeps from them
    (Organisation.public_until, the programme coverage, the party rows) must be what
    agreements_written() writes from scratch."""
    from agreements.models import (
        AreaState,
        PartyCoverage,
        PartyState,
        ProgrammeCoverage,
        agreements_written,
    )

    def kept():
        return (
            dict(Organisation.objects.values_list("pk", "public_until")),
            set(ProgrammeCoverage.objects.values_list("agreement", "programme", "status")),
            set(PartyState.objects.values_list("agreement", "organisation", "status", "valid_to")),
            set(PartyCoverage.objects.values_list("agreement", "organisation", "programme_area")),
            set(AreaState.objects.values_list("agreement", "programme_area", "county", "status")),
        )

    loaded = kept()
    assert any(loaded[0].values()), "some organisation is party to a public agreement"
    agreements_written()
    assert kept() == loaded
