import pytest
from django.core.management import call_command

from agreements.models import Agreement, Party
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
    for agreement in Agreement.objects.prefetch_related("parties"):
        roles = [p.role for p in agreement.parties.all()]
        assert Party.Role.SCHOOL in roles, agreement
        assert any(r != Party.Role.SCHOOL for r in roles), agreement
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
    assert agreement.county.name == "Trøndelag"
