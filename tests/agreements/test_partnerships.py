"""Partnerships that no single school owns, registered through the real OpenID Connect login
(registry.dev_oidc's provider, tests/oidc.py): a county authority's education office, a
training office and a municipality register their agreements; the owning county and its
routine follow the responsible party, whatever its kind."""

from decimal import Decimal

import pytest

from agreements import workflow
from agreements.models import Agreement, CountyRoutine, Party
from demo.users import STAFF, feide_org_groups
from orgs.models import Organisation
from registry.models import StaffMembership
from registry.permissions import Policy
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CooperationTypeFactory,
    CountyFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
)
from tests.staff_world import act, agreement_post_data, build_world

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind
Role = Party.Role


@pytest.fixture
def telemark():
    """Telemark's partners in career guidance, Skien kommune, and the cooperation type."""
    CooperationTypeFactory()
    county = CountyFactory(number="40", name="Telemark")
    skien = MunicipalityFactory(number="4003", name="Skien", county=county)
    org = lambda name, kind: OrganisationFactory(name=name, kind=kind, municipality=skien)  # noqa: E731
    return {
        "county_authority": org("Telemark fylkeskommune", Kind.COUNTY_AUTHORITY),
        "nav": org("NAV Vestfold og Telemark", Kind.PUBLIC_AGENCY),
        "usn": org("Universitetet i Sørøst-Norge", Kind.HIGHER_EDUCATION),
        "lo": org("LO Vestfold og Telemark", Kind.UNION),
        "nho": org("NHO Vestfold og Telemark", Kind.UNION),
        "governor": org("Statsforvalteren i Vestfold og Telemark", Kind.PUBLIC_AGENCY),
        "ks": org("KS Kommunesektorens organisasjon", Kind.UNION),
        "municipality": org("Skien kommune", Kind.MUNICIPALITY),
    }


def log_in(client, feide, sub, owner, *units):
    """Logs in through the provider as an employee of `owner`, placed in `units`."""
    groups = feide_org_groups("example.no", owner.orgnr, [u.orgnr for u in units], STAFF)
    feide.set_user(sub, groups=groups, name=f"{sub.title()} Hansen")
    response = feide.login(client, sub)
    assert response.status_code == 302 and response.url == "/ansatt/", response
    return response


def memberships(sub):
    return set(
        StaffMembership.objects.filter(user__socialaccount__uid=sub).values_list(
            "organisation__name", flat=True
        )
    )


def test_a_county_authoritys_education_office_registers_the_regional_partnership(
    client, feide, telemark
):
    t = telemark
    log_in(client, feide, "radgiver", t["county_authority"])
    assert memberships("radgiver") == {"Telemark fylkeskommune"}
    order = ["county_authority", "nav", "usn", "lo", "nho", "governor", "ks"]
    data = agreement_post_data(
        [t[key] for key in order],
        title="Partnerskapsavtale for karriereveiledning i Telemark",
        party_terms={
            0: {"commitment": "Leder partnerskapet og har sekretariatet.", "responsible": "on"},
            1: {"commitment": "Veileder voksne."},
        },
    )
    response = client.post("/ansatt/avtaler/ny/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement = Agreement.objects.get(title=data["title"])
    assert agreement.responsible_organisation == t["county_authority"]
    assert agreement.county.number == "40"
    assert agreement.status == Agreement.Status.PUBLISHED
    assert not agreement.schools
    assert dict(agreement.parties.values_list("organisation__name", "role")) == {
        "Telemark fylkeskommune": Role.SCHOOL_OWNER,
        "NAV Vestfold og Telemark": Role.PUBLIC_AGENCY,
        "Universitetet i Sørøst-Norge": Role.UNIVERSITY,
        "LO Vestfold og Telemark": Role.UNION,
        "NHO Vestfold og Telemark": Role.UNION,
        "Statsforvalteren i Vestfold og Telemark": Role.COUNTY_GOVERNOR,
        "KS Kommunesektorens organisasjon": Role.UNION,
    }
    # A student searching for it finds it, and its page names every party's part.
    listing = client.get("/avtaler/", {"q": "karriereveiledning"}).content.decode()
    assert agreement.title in listing
    page = client.get(f"/avtaler/{agreement.pk}/").content.decode()
    assert "Leder partnerskapet og har sekretariatet." in page
    assert "Statsforvalter" in page


def test_a_training_office_registers_the_trondheim_agreement(client, feide):
    world = build_world()
    municipality = OrganisationFactory(
        name="Trondheim kommune",
        kind=Kind.MUNICIPALITY,
        municipality=world.training_office.municipality,
    )
    log_in(client, feide, "opplaering", municipality, world.training_office)
    # The training office, not the municipality that owns it.
    assert memberships("opplaering") == {"Trondheim kommune opplæringskontoret"}
    schools = [world.strinda, world.byasen, *(SchoolFactory() for _ in range(6))]
    data = agreement_post_data(
        [world.training_office, *schools],
        valid_from="2022-08-01",
        valid_to="2024-07-31",
        party_terms={0: {"responsible": "on", "commitment": "Formidler praksisplasser."}},
    )
    response = client.post("/ansatt/avtaler/ny/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement = Agreement.objects.get(title=data["title"])
    assert agreement.parties.count() == 9
    assert agreement.responsible_organisation == world.training_office
    assert agreement.county.number == "50"
    assert set(agreement.schools) == set(schools)
    # Its staff act on it as school staff do: edit, and withdraw once it is published.
    edit = client.get(f"/ansatt/avtaler/{agreement.pk}/endre/")
    assert edit.status_code == 200
    assert "Lokale avtaler" not in client.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()


def test_a_municipality_registers_its_local_partnership_under_the_framework(
    client, feide, telemark
):
    t = telemark
    framework = AgreementFactory(
        title="Partnerskapsavtale for karriereveiledning i Telemark",
        schools=[],
        partners=[t["county_authority"], t["nav"]],
    )
    log_in(client, feide, "skien", t["municipality"])
    data = agreement_post_data(
        [t["municipality"], t["county_authority"]],
        title="Lokal partnerskapsavtale for karriereveiledning i Skien",
        framework=f"nr. {framework.pk}",
        party_terms={
            0: {"cost_rule": "14 000 kr + 1,50 kr per innbygger", "commitment": "Lokalt forum."},
            1: {"cost_amount": "500 000"},
        },
    )
    response = client.post("/ansatt/avtaler/ny/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    local = Agreement.objects.get(title=data["title"])
    assert local.framework == framework
    assert local.responsible_organisation == t["municipality"]  # the first education party
    assert local.county.number == "40"
    shares = {p.organisation: (p.cost_amount, p.cost_rule) for p in local.parties.all()}
    assert shares == {
        t["municipality"]: (None, "14 000 kr + 1,50 kr per innbygger"),
        t["county_authority"]: (Decimal("500000"), ""),
    }
    framework_page = client.get(f"/avtaler/{framework.pk}/").content.decode()
    assert "Lokale avtaler under denne rammeavtalen" in framework_page
    assert f'href="/avtaler/{local.pk}/"' in framework_page
    assert "Skien kommune" in framework_page
    local_page = client.get(f"/avtaler/{local.pk}/").content.decode()
    assert f'<a href="/avtaler/{framework.pk}/">{framework.title}</a>' in local_page
    assert "500\u202f000 kr" in local_page


# The owning county and its routine, for each kind of responsible party


RESPONSIBLE_KINDS = [
    Kind.UPPER_SECONDARY,
    Kind.MUNICIPALITY,
    Kind.COUNTY_AUTHORITY,
    Kind.TRAINING_OFFICE,
    Kind.HIGHER_EDUCATION,
]


@pytest.mark.parametrize("kind", RESPONSIBLE_KINDS)
def test_the_responsible_partys_county_and_its_approval_routine_apply(client, kind):
    nordland = CountyFactory(number="18", name="Nordland")
    trondelag = CountyFactory(number="50", name="Trøndelag")
    trondheim = MunicipalityFactory(number="5001", name="Trondheim", county=trondelag)
    meloy = MunicipalityFactory(number="1837", name="Meløy", county=nordland)
    responsible = OrganisationFactory(kind=kind, municipality=trondheim)
    # A school in another county is a party too: the responsible party's county owns it.
    other_school = SchoolFactory(municipality=meloy)
    CountyRoutine.objects.create(county=trondelag, approval_required=True)
    staff = UserFactory(schools=[responsible])
    coordinator = UserFactory(counties=[trondelag])
    client.force_login(staff)
    CooperationTypeFactory()
    data = agreement_post_data(
        [other_school, responsible, CompanyFactory()],
        party_terms={1: {"responsible": "on"}},
        title=f"Avtale med {kind}",
    )
    response = client.post("/ansatt/avtaler/ny/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement = Agreement.objects.get(title=data["title"])
    assert agreement.responsible_organisation == responsible
    assert agreement.county == trondelag
    assert agreement.status == Agreement.Status.SUBMITTED, "Trøndelag approves first"
    assert not Agreement.objects.public().filter(pk=agreement.pk).exists()
    nordland_coordinator = UserFactory(counties=[nordland])
    with pytest.raises(workflow.WorkflowError):
        act(agreement, "approve", nordland_coordinator)
    act(agreement, "approve", coordinator)
    assert agreement.status == Agreement.Status.PUBLISHED
    # The responsible party's staff withdraw it, as a school's staff withdraw theirs.
    act(agreement, "withdraw", staff, reason="Erstattet.")
    assert agreement.status == Agreement.Status.WITHDRAWN


def test_changing_the_responsible_party_moves_the_agreement_to_its_county(strinda_world_client):
    client, world = strinda_world_client
    agreement = world.agreement  # Strinda (Trøndelag) responsible
    meloy_office = OrganisationFactory(
        kind=Kind.TRAINING_OFFICE, municipality=world.meloy_school.municipality
    )
    data = agreement_post_data(
        [world.strinda, meloy_office],
        title=agreement.title,
        version=str(agreement.version),
        action="save",
        party_terms={1: {"responsible": "on"}},
    )
    assert client.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.county.name == "Nordland"
    history = client.get(f"/ansatt/avtaler/{agreement.pk}/").context["history"]
    labels = {c.label for c in history[0].changes}
    assert "Ansvarlig part" in labels


@pytest.fixture
def strinda_world_client(client):
    world = build_world()
    client.force_login(world.strinda_teacher)
    return client, world


def test_a_published_agreement_under_approval_keeps_its_responsible_party_until_approved(
    strinda_world_client,
):
    client, world = strinda_world_client
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    agreement = AgreementFactory(
        schools=[world.strinda], partners=[world.training_office, world.county_authority]
    )
    data = agreement_post_data(
        [world.strinda, world.training_office, world.county_authority],
        title=agreement.title,
        version=str(agreement.version),
        valid_from=agreement.valid_from.isoformat(),
        valid_to=agreement.valid_to.isoformat(),
        action="save",
        party_terms={1: {"responsible": "on", "cost_amount": "1000"}},
    )
    assert client.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.responsible_organisation == world.strinda, "the change waits"
    change = agreement.pending_changes.get()
    workflow.approve_change(
        agreement,
        policy=Policy.for_user(world.coordinator_trondelag),
        version=agreement.version,
        revision=change.revision,
    )
    agreement.refresh_from_db()
    assert agreement.responsible_organisation == world.training_office
    assert agreement.parties.get(organisation=world.training_office).cost_amount == 1000
