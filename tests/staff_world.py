"""A small world for the staff tests: two counties, schools, a company, a training office, a
county authority and a university, users with roles."""

import datetime
from dataclasses import dataclass

from agreements.models import Agreement, oslo_today
from orgs.models import Organisation
from registry.models import User
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


@dataclass
class World:
    meloy_school: Organisation
    strinda: Organisation
    byasen: Organisation
    grytaga: Organisation
    training_office: Organisation
    county_authority: Organisation  # Trøndelag's school owner, not party to `agreement`
    university: Organisation
    meloy_teacher: User
    strinda_teacher: User
    coordinator_trondelag: User
    coordinator_nordland: User
    student: User
    school_owner_staff: User  # at the county authority's education office
    training_office_staff: User
    university_staff: User
    agreement: Agreement  # Strinda (responsible) and the training office, a draft in Trøndelag

    def users(self):
        return {
            "meloy_teacher": self.meloy_teacher,
            "strinda_teacher": self.strinda_teacher,
            "coordinator_trondelag": self.coordinator_trondelag,
            "coordinator_nordland": self.coordinator_nordland,
            "student": self.student,
            "school_owner_staff": self.school_owner_staff,
            "training_office_staff": self.training_office_staff,
            "university_staff": self.university_staff,
        }


def build_world() -> World:
    nordland = CountyFactory(number="18", name="Nordland")
    trondelag = CountyFactory(number="50", name="Trøndelag")
    meloy = MunicipalityFactory(number="1837", name="Meløy", county=nordland)
    trondheim = MunicipalityFactory(number="5001", name="Trondheim", county=trondelag)
    meloy_school = SchoolFactory(name="Meløy videregående skole", municipality=meloy)
    strinda = SchoolFactory(name="Strinda videregående skole", municipality=trondheim)
    byasen = SchoolFactory(name="Byåsen videregående skole", municipality=trondheim)
    grytaga = CompanyFactory(name="Grytåga settefisk AS", municipality=meloy)
    training_office = OrganisationFactory(
        name="Trondheim kommune opplæringskontoret",
        kind=Organisation.Kind.TRAINING_OFFICE,
        municipality=trondheim,
    )
    county_authority = OrganisationFactory(
        name="Trøndelag fylkeskommune",
        kind=Organisation.Kind.COUNTY_AUTHORITY,
        municipality=trondheim,
    )
    university = OrganisationFactory(
        name="NTNU", kind=Organisation.Kind.HIGHER_EDUCATION, municipality=trondheim
    )
    CooperationTypeFactory()

    def user(name, school=None, county=None):
        return UserFactory(
            username=name, schools=[school] if school else [], counties=[county] if county else []
        )

    today = oslo_today()
    agreement = AgreementFactory(
        title="Helsefag i Trondheim",
        status=Agreement.Status.DRAFT,
        schools=[strinda],
        partners=[training_office],
        valid_from=today,
        valid_to=today + datetime.timedelta(days=700),
    )
    return World(
        meloy_school=meloy_school,
        strinda=strinda,
        byasen=byasen,
        grytaga=grytaga,
        training_office=training_office,
        county_authority=county_authority,
        university=university,
        meloy_teacher=user("meloy_teacher", school=meloy_school),
        strinda_teacher=user("strinda_teacher", school=strinda),
        coordinator_trondelag=user("coordinator_trondelag", county=trondelag),
        coordinator_nordland=user("coordinator_nordland", county=nordland),
        student=user("student"),
        school_owner_staff=user("school_owner_staff", school=county_authority),
        training_office_staff=user("training_office_staff", school=training_office),
        university_staff=user("university_staff", school=university),
        agreement=agreement,
    )


def agreement_post_data(parties, party_terms=None, **fields) -> dict:
    """The POST body of the agreement form: fields plus one party row per organisation;
    `party_terms` by row index: {"role": …, "commitment": …, "cost_amount": …, "cost_rule": …,
    "responsible": "on"}."""
    from agreements.models import CooperationType

    data = {
        "title": "Samarbeidsavtale om helse- og oppvekstfag",
        "cooperation_types": [CooperationType.objects.get(slug="yff").pk],
        "programme_areas": [],
        "trades": [],
        "valid_from": "2026-08-01",
        "valid_to": "2028-07-31",
        "purpose": "",
        "signed_on": "",
        "signed_place": "",
        "contact_persons": "",
        "version": "",
        "action": "publish",
        "parties-TOTAL_FORMS": str(len(parties) + 1),
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for index, organisation in enumerate(parties):
        text = organisation if isinstance(organisation, str) else organisation.orgnr
        data[f"parties-{index}-organisation"] = text
        data[f"parties-{index}-signatory"] = ""
    for index, terms in (party_terms or {}).items():
        data.update({f"parties-{index}-{name}": value for name, value in terms.items()})
    data[f"parties-{len(parties)}-organisation"] = ""
    data[f"parties-{len(parties)}-signatory"] = ""
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def act(agreement, action, user, reason=""):
    """Runs a workflow action as `user` would from their page, and reloads the agreement."""
    from agreements import workflow
    from registry.permissions import Policy

    workflow.perform(
        agreement, action, policy=Policy.for_user(user), version=agreement.version, reason=reason
    )
    agreement.refresh_from_db()
    return agreement
