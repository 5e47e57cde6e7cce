"""Each party's part on the staff form: its role, what it commits to, its share of the cost,
the responsible party and the framework; and bad input refused next to its field."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Party
from agreements.models.party import Role, default_role, role_fits
from agreements.staff.party_forms import parse_amount
from orgs.models import Organisation
from tests.factories import AgreementFactory, CompanyFactory, OrganisationFactory
from tests.staff_world import agreement_post_data

pytestmark = pytest.mark.django_db

NEW = "/ansatt/avtaler/ny/"


def state():
    return (
        list(Agreement.objects.order_by("pk").values_list("pk", "title", "version", "framework")),
        list(
            Party.objects.order_by("pk").values_list(
                "agreement", "organisation", "role", "commitment", "cost_amount", "cost_rule"
            )
        ),
    )


def test_commitments_cost_shares_and_roles_are_saved_and_shown(strinda_client, world):
    nav = OrganisationFactory(name="NAV Trøndelag", kind=Organisation.Kind.PUBLIC_AGENCY)
    data = agreement_post_data(
        [world.strinda, world.training_office, nav],
        party_terms={
            0: {"commitment": "Gir elevene <b>praksis</b>.", "cost_amount": "14 000,50"},
            1: {"cost_rule": "14 000 kr + 1,50 kr per innbygger", "responsible": "on"},
            2: {"role": Role.OTHER, "cost_amount": "kr 500.000"},
        },
    )
    response = strinda_client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get(title=data["title"])
    parties = {p.organisation: p for p in agreement.parties.all()}
    assert parties[world.strinda].commitment == "Gir elevene <b>praksis</b>."
    assert parties[world.strinda].cost_amount == Decimal("14000.50")
    assert parties[world.training_office].cost_rule == "14 000 kr + 1,50 kr per innbygger"
    assert parties[nav].role == Role.OTHER  # chosen over the register's public agency
    assert parties[nav].cost_amount == Decimal("500000")
    assert agreement.responsible_organisation == world.training_office
    assert agreement.county == world.training_office.municipality.county
    for url in (f"/avtaler/{agreement.pk}/", f"/ansatt/avtaler/{agreement.pk}/"):
        html = strinda_client.get(url).content.decode()
        assert "Gir elevene &lt;b&gt;praksis&lt;/b&gt;." in html, url
        assert "14\u202f000,50 kr" in html and "500\u202f000 kr" in html, url
        assert "14 000 kr + 1,50 kr per innbygger" in html, url
        assert "Ansvarlig part" in html and "ansvarlig</strong>" in html, url
    history = agreement.history.latest("history_date").snapshot
    assert "kostnadsandel: 14 000 kr + 1,50 kr per innbygger" in " ".join(history["parties"])
    assert history["responsible_organisation"].startswith(world.training_office.name)


def test_the_edit_form_shows_the_terms_it_saved(strinda_client, world):
    agreement = world.agreement
    Party.objects.filter(agreement=agreement, organisation=world.strinda).update(
        commitment="Stiller med veileder.", cost_amount=Decimal("2500.00")
    )
    html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/endre/").content.decode()
    assert "Stiller med veileder." in html
    assert 'value="2500,00"' in html
    # The responsible party's box is ticked.
    responsible = html.split('name="parties-0-responsible"', 1)[1].split(">", 1)[0]
    assert "checked" in responsible


BAD_PARTY_INPUT = [
    # (what, row terms, the field, the message next to it)
    ("a negative amount", {1: {"cost_amount": "-500"}}, "parties-1-cost_amount", "negativt"),
    ("an amount in words", {1: {"cost_amount": "fem tusen"}}, "parties-1-cost_amount", "tall"),
    ("an amount of øre parts", {1: {"cost_amount": "10,555"}}, "parties-1-cost_amount", "øre"),
    ("a school as a company", {0: {"role": Role.COMPANY}}, "parties-0-role", "kan ikke være"),
    (
        "a company as a school owner",
        {1: {"role": Role.SCHOOL_OWNER}},
        "parties-1-role",
        "kan ikke være part som skoleeier",
    ),
    (
        "a company as responsible",
        {1: {"responsible": "on"}},
        "parties-1-responsible",
        "Den ansvarlige parten",
    ),
    (
        "two responsible parties",
        {0: {"responsible": "on"}, 1: {"responsible": "on"}},
        "parties-1-responsible",
        "Bare én part",
    ),
    (
        "terms on a row with no organisation",
        {2: {"commitment": "Noe"}},
        "parties-2-organisation",
        "eller tøm raden",
    ),
]


@pytest.mark.parametrize(
    "what, terms, field, message", BAD_PARTY_INPUT, ids=[b[0] for b in BAD_PARTY_INPUT]
)
def test_bad_party_input_is_refused_next_to_its_field(
    strinda_client, world, what, terms, field, message
):
    before = state()
    data = agreement_post_data([world.strinda, world.grytaga], party_terms=terms)
    response = strinda_client.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split(f'id="id_{field}_error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert state() == before


def test_removing_the_only_education_party_is_refused_and_nothing_saved(strinda_client, world):
    agreement = AgreementFactory(
        status=Agreement.Status.DRAFT, schools=[world.strinda], partners=[world.grytaga]
    )
    before = state()
    data = agreement_post_data(
        [world.grytaga, CompanyFactory()],
        title=agreement.title,
        version=str(agreement.version),
        action="save",
    )
    response = strinda_client.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data)
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('id="parties-error">', 1)[1].split("</p>", 1)[0]
    assert "Legg til minst én skole, skoleeier, opplæringskontor" in error
    assert state() == before


class TestFramework:
    def post(self, client, world, agreement, framework_text):
        data = agreement_post_data(
            [world.strinda, world.training_office],
            title=agreement.title,
            version=str(agreement.version),
            action="save",
            framework=framework_text,
        )
        return client.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data)

    def framework_error(self, response) -> str:
        assert response.status_code == 400
        html = response.content.decode()
        return html.split('id="id_framework_error">', 1)[1].split("</p>", 1)[0]

    def test_a_framework_is_chosen_by_number_or_title(self, strinda_client, world):
        framework = AgreementFactory(title="Regionalt partnerskap i Trøndelag")
        response = self.post(strinda_client, world, world.agreement, f"nr. {framework.pk}")
        assert response.status_code == 302
        world.agreement.refresh_from_db()
        assert world.agreement.framework == framework
        form = strinda_client.get(f"/ansatt/avtaler/{world.agreement.pk}/endre/").content
        assert f'value="Regionalt partnerskap i Trøndelag (nr. {framework.pk})"' in form.decode()
        response = self.post(strinda_client, world, world.agreement, "regionalt partnerskap")
        assert response.status_code == 302
        world.agreement.refresh_from_db()
        assert world.agreement.framework == framework
        history = strinda_client.get(f"/ansatt/avtaler/{world.agreement.pk}/").context["history"]
        changes = {c.label: c.new for entry in history for c in entry.changes}
        assert changes["Rammeavtale"] == f"Regionalt partnerskap i Trøndelag (nr. {framework.pk})"

    def test_an_agreement_is_not_its_own_framework(self, strinda_client, world):
        before = state()
        response = self.post(strinda_client, world, world.agreement, str(world.agreement.pk))
        assert "sin egen rammeavtale" in self.framework_error(response)
        assert state() == before

    @pytest.mark.parametrize("depth", [1, 3])
    def test_a_framework_cycle_is_refused(self, strinda_client, world, depth):
        below = world.agreement
        for _ in range(depth):
            below = AgreementFactory(framework=below)
        before = state()
        response = self.post(strinda_client, world, world.agreement, f"nr. {below.pk}")
        assert "egne lokale avtaler" in self.framework_error(response)
        assert state() == before

    def test_an_unknown_or_ambiguous_framework_is_refused(self, strinda_client, world):
        AgreementFactory(title="Partnerskap nord")
        AgreementFactory(title="Partnerskap sør")
        before = state()
        assert "Ingen avtale har nummer 999999" in self.framework_error(
            self.post(strinda_client, world, world.agreement, "999999")
        )
        assert "Flere avtaler passer" in self.framework_error(
            self.post(strinda_client, world, world.agreement, "Partnerskap")
        )
        assert state() == before

    def test_registering_from_the_framework_page_starts_with_the_framework(
        self, strinda_client, world
    ):
        framework = AgreementFactory(title="Rammeavtale om karriereveiledning")
        html = strinda_client.get(f"{NEW}?rammeavtale={framework.pk}").content.decode()
        assert f'value="Rammeavtale om karriereveiledning (nr. {framework.pk})"' in html


def test_the_form_queries_do_not_grow_with_parties_and_terms(strinda_client, world):
    agreement = world.agreement
    url = f"/ansatt/avtaler/{agreement.pk}/endre/"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert strinda_client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(8):
        Party.objects.create(
            agreement=agreement,
            organisation=CompanyFactory(),
            role=Role.COMPANY,
            commitment=f"Forpliktelse {n}",
            cost_amount=Decimal(n * 1000),
        )
    assert count() == few


def test_parse_amount_reads_amounts_as_people_type_them():
    assert parse_amount("") is None
    assert parse_amount("14000") == Decimal("14000")
    assert parse_amount("14 000") == Decimal("14000")
    assert parse_amount("14\u00a0000,50 kr") == Decimal("14000.50")
    assert parse_amount("kr 14.000") == Decimal("14000")
    assert parse_amount("1.500,25") == Decimal("1500.25")
    assert parse_amount("14000,-") == Decimal("14000")
    assert parse_amount("0") == Decimal("0")


def test_roles_fit_kinds():
    school = OrganisationFactory.build(kind=Organisation.Kind.UPPER_SECONDARY)
    municipality = OrganisationFactory.build(kind=Organisation.Kind.MUNICIPALITY)
    governor = OrganisationFactory.build(
        kind=Organisation.Kind.PUBLIC_AGENCY, name="Statsforvalteren i Nordland"
    )
    assert default_role(school) == Role.SCHOOL
    assert default_role(municipality) == Role.SCHOOL_OWNER
    assert default_role(governor) == Role.COUNTY_GOVERNOR
    assert role_fits(municipality, Role.OTHER)  # a municipality as an employer
    assert not role_fits(school, Role.COMPANY)
    assert not role_fits(governor, Role.UNIVERSITY)
