"""The public rule on a framework agreement's page and on every kind of organisation's page,
and their queries, which do not grow with the agreements on them."""

import datetime
import json

import pytest

from agreements.models import Agreement, oslo_today
from orgs.models import Organisation
from tests.factories import AgreementFactory, OrganisationFactory, SchoolFactory
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind
FRAMEWORK_QUERY_BAR = 10  # the speed bar: a framework with 40 local agreements


@pytest.fixture
def framework():
    county_authority = OrganisationFactory(
        name="Telemark fylkeskommune", kind=Kind.COUNTY_AUTHORITY
    )
    nav = OrganisationFactory(name="NAV Vestfold og Telemark", kind=Kind.PUBLIC_AGENCY)
    return AgreementFactory(
        title="Partnerskapsavtale for karriereveiledning i Telemark",
        schools=[],
        partners=[county_authority, nav],
    )


def local_agreement(framework, title, **fields):
    municipality = OrganisationFactory(name=f"{title} kommune", kind=Kind.MUNICIPALITY)
    return AgreementFactory(
        title=title,
        framework=framework,
        schools=[],
        partners=[municipality, framework.responsible_organisation],
        **fields,
    )


def test_the_framework_page_lists_only_its_public_local_agreements(client, framework):
    today = oslo_today()
    public = local_agreement(framework, "Skien")
    draft = local_agreement(framework, "Porsgrunn", status=Agreement.Status.DRAFT)
    expired = local_agreement(
        framework,
        "Bamble",
        valid_from=today - datetime.timedelta(days=800),
        valid_to=today - datetime.timedelta(days=1),
    )
    html = client.get(f"/avtaler/{framework.pk}/").content.decode()
    assert "Lokale avtaler under denne rammeavtalen" in html
    assert f'href="/avtaler/{public.pk}/"' in html
    assert "Skien kommune" in html  # with its parties
    for hidden in (draft, expired):
        assert f"/avtaler/{hidden.pk}/" not in html and hidden.title not in html
    # Each local agreement links to its framework.
    local_page = client.get(f"/avtaler/{public.pk}/").content.decode()
    assert f'<a href="/avtaler/{framework.pk}/">{framework.title}</a>' in local_page


def test_a_local_agreement_does_not_name_a_framework_that_is_not_public(client, framework):
    local = local_agreement(framework, "Skien")
    Agreement.objects.filter(pk=framework.pk).update(status=Agreement.Status.WITHDRAWN)
    html = client.get(f"/avtaler/{local.pk}/").content.decode()
    assert framework.title not in html and f"/avtaler/{framework.pk}/" not in html
    assert client.get(f"/avtaler/{framework.pk}/").status_code == 404
    # Staff see it, with every local agreement in any status.
    from tests.factories import UserFactory

    client.force_login(UserFactory(schools=[framework.responsible_organisation]))
    staff_page = client.get(f"/ansatt/avtaler/{framework.pk}/").content.decode()
    assert f'href="/ansatt/avtaler/{local.pk}/"' in staff_page


def test_the_open_data_names_a_public_framework_and_the_cost_shares(client, framework):
    local = local_agreement(framework, "Skien")
    local.parties.filter(organisation__kind=Kind.MUNICIPALITY).update(
        cost_rule="14 000 kr + 1,50 kr per innbygger", commitment="Et lokalt forum."
    )
    records = open_data(client)
    assert records[local.pk]["framework"] == framework.pk
    assert records[local.pk]["responsible_organisation"] == local.responsible_organisation.orgnr
    municipality = next(p for p in records[local.pk]["parties"] if p["role"] == "school_owner")
    assert municipality["cost_rule"] == "14 000 kr + 1,50 kr per innbygger"
    assert municipality["commitment"] == "Et lokalt forum."
    csv = b"".join(client.get("/avtaler/eksport.csv").streaming_content).decode()
    assert "14 000 kr + 1,50 kr per innbygger" in csv
    Agreement.objects.filter(pk=framework.pk).update(status=Agreement.Status.DRAFT)
    assert open_data(client)[local.pk]["framework"] is None


def open_data(client) -> dict:
    content = b"".join(client.get("/avtaler/eksport.json").streaming_content)
    return {record["id"]: record for record in json.loads(content)}


def test_the_framework_page_takes_the_same_few_queries_for_40_local_agreements(client, framework):
    for n in range(3):
        local_agreement(framework, f"Kommune {n}")
    few = page_queries(client, f"/avtaler/{framework.pk}/")
    for n in range(3, 40):
        local_agreement(framework, f"Kommune {n}")
    many = page_queries(client, f"/avtaler/{framework.pk}/")
    assert many == few <= FRAMEWORK_QUERY_BAR
    assert client.get(f"/avtaler/{framework.pk}/").content.decode().count("Kommune ") >= 40


ORGANISATION_KINDS = [
    ("NAV Vestfold og Telemark", Kind.PUBLIC_AGENCY),
    ("LO Vestfold og Telemark", Kind.UNION),
    ("Universitetet i Sørøst-Norge", Kind.HIGHER_EDUCATION),
    ("Skien kommune", Kind.MUNICIPALITY),
    ("Telemark fylkeskommune", Kind.COUNTY_AUTHORITY),
    ("Opplæringskontoret for industrifag", Kind.TRAINING_OFFICE),
]


@pytest.mark.parametrize("name, kind", ORGANISATION_KINDS, ids=[k for _n, k in ORGANISATION_KINDS])
def test_every_kind_of_organisation_has_a_page_of_its_public_agreements(client, name, kind):
    organisation = OrganisationFactory(name=name, kind=kind)
    school = SchoolFactory()
    public = AgreementFactory(title="Offentlig avtale", schools=[school], partners=[organisation])
    draft = AgreementFactory(
        title="Utkast", status=Agreement.Status.DRAFT, schools=[school], partners=[organisation]
    )
    url = f"/bedrifter/{organisation.orgnr}/"
    html = client.get(url).content.decode()
    assert f"<h1>{name}</h1>" in html
    assert f'href="/avtaler/{public.pk}/"' in html
    assert draft.title not in html
    few = page_queries(client, url)
    for n in range(12):
        AgreementFactory(title=f"Avtale {n}", schools=[SchoolFactory()], partners=[organisation])
    assert page_queries(client, url) == few
    # The school's page stays at its own URL; a school asked for at /bedrifter/ is sent there.
    assert client.get(f"/bedrifter/{school.orgnr}/").url == f"/skoler/{school.orgnr}/"


def test_the_pdf_names_each_partys_part_the_responsible_party_and_a_public_framework(framework):
    from agreements.exports.pdf import render_html

    local = local_agreement(framework, "Skien")
    local.parties.filter(organisation__kind=Kind.MUNICIPALITY).update(
        commitment="Et lokalt veiledningsforum.", cost_rule="14 000 kr + 1,50 kr per innbygger"
    )
    agreement = Agreement.objects.for_full_page().get(pk=local.pk)
    html = render_html(agreement, archival=False)
    assert "Et lokalt veiledningsforum." in html
    assert "Kostnadsandel: 14 000 kr + 1,50 kr per innbygger" in html
    assert f"Ansvarlig part</dt><dd>{local.responsible_organisation.name}" in html
    assert framework.title in html
    Agreement.objects.filter(pk=framework.pk).update(status=Agreement.Status.DRAFT)
    agreement = Agreement.objects.for_full_page().get(pk=local.pk)
    assert framework.title not in render_html(agreement, archival=False)
    assert framework.title in render_html(agreement, archival=True)
