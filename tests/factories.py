"""Test data with factory_boy. Every factory makes valid rows with unique keys.

Reference rows (counties, municipalities, education programmes, programme areas, trades,
cooperation types) are got or created by their key: `MunicipalityFactory()` is Meløy every
time, and `ProgrammeAreaFactory(code="HSHEA2----", title_nb="Helsearbeiderfag")` the same row
on a second call. Organisations and agreements are new on every call.

    school = SchoolFactory(name="Meløy videregående skole", municipality=meloy)
    AgreementFactory(schools=[school], partners=[CompanyFactory()], trades=[TradeFactory()])

AgreementFactory adds its parties (`schools` first, then `partners`, each in its default role)
and its relations in post-generation hooks, and last calls Agreement.refresh_derived_fields,
the one writer of the owning county, search_text and snapshot, which also makes the first
school (else the first education party) responsible unless `responsible_organisation` is given.
"""

import datetime

import factory
from factory.django import DjangoModelFactory, Password

from agreements.models import Agreement, CooperationType, Party, oslo_today
from agreements.models.party import default_role
from orgs.models import (
    County,
    EducationProgramme,
    Municipality,
    Organisation,
    ProgrammeArea,
    Trade,
)
from orgs.validators import check_digit
from registry.models import CountyCoordinator, StaffMembership, User


def orgnr_for(n: int) -> str:
    """A valid organisation number of its own for each n.

    n owns the eight digits 81 000 000 + 2n and the next ones; if the first has no check digit
    (remainder 1), the next has one, since its weighted sum is 2 more (the last weight is 2).
    """
    for first_eight in (81_000_000 + 2 * n, 81_000_001 + 2 * n):
        digit = check_digit(str(first_eight))
        if digit is not None:
            return f"{first_eight}{digit}"
    raise AssertionError("unreachable: one of two neighbours has a check digit")


class CountyFactory(DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("number",)

    number = "18"
    name = "Nordland"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("number",)

    number = "1837"
    name = "Meløy"
    county = factory.SubFactory(CountyFactory)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    orgnr = factory.Sequence(orgnr_for)
    name = factory.Sequence(lambda n: f"Organisasjon {n} AS")
    kind = Organisation.Kind.COMPANY
    municipality = factory.SubFactory(MunicipalityFactory)


class CompanyFactory(OrganisationFactory):
    kind = Organisation.Kind.COMPANY


class SchoolFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Skole {n} videregående skole")
    kind = Organisation.Kind.UPPER_SECONDARY


class EducationProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = EducationProgramme
        django_get_or_create = ("code",)

    code = "NA"
    title_nb = "Naturbruk"
    title_en = "Agriculture, fishing and forestry"


class ProgrammeAreaFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeArea
        django_get_or_create = ("code",)

    code = "NAAKV2----"
    title_nb = "Akvakultur"
    title_en = factory.LazyAttribute(lambda area: f"{area.title_nb} (en)")
    level = ProgrammeArea.Level.VG2
    education_programme = factory.SubFactory(EducationProgrammeFactory)


class TradeFactory(DjangoModelFactory):
    class Meta:
        model = Trade
        django_get_or_create = ("code",)

    code = "NAAKV3----"
    title_nb = "Akvakulturfaget"
    title_en = "Aquaculture"


class CooperationTypeFactory(DjangoModelFactory):
    class Meta:
        model = CooperationType
        django_get_or_create = ("slug",)

    slug = "yff"
    name_nb = "Yrkesfaglig fordypning (YFF)"
    name_en = "Vocational specialisation"


class AgreementFactory(DjangoModelFactory):
    """A published agreement, valid from a month ago for a year, between a new school and a
    new company, of the YFF type. The hooks run in the order they are declared."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True  # the last hook writes the derived fields itself

    title = factory.Sequence(lambda n: f"Avtale {n}")
    status = Agreement.Status.PUBLISHED
    valid_from = factory.LazyFunction(lambda: oslo_today() - datetime.timedelta(days=30))
    valid_to = factory.LazyFunction(lambda: oslo_today() + datetime.timedelta(days=365))

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if create:
            for school in extracted if extracted is not None else [SchoolFactory()]:
                Party.objects.create(agreement=self, organisation=school, role=Party.Role.SCHOOL)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create:
            for partner in extracted if extracted is not None else [CompanyFactory()]:
                Party.objects.create(
                    agreement=self, organisation=partner, role=default_role(partner)
                )

    @factory.post_generation
    def cooperation_types(self, create, extracted, **kwargs):
        if create:
            self.cooperation_types.set(extracted or [CooperationTypeFactory()])

    @factory.post_generation
    def programme_areas(self, create, extracted, **kwargs):
        if create:
            self.programme_areas.set(extracted or ())

    @factory.post_generation
    def trades(self, create, extracted, **kwargs):
        if create:
            self.trades.set(extracted or ())

    @factory.post_generation
    def derived_fields(self, create, extracted, **kwargs):
        if create:
            self.refresh_derived_fields()


class UserFactory(DjangoModelFactory):
    """A user without a local password; `schools` and `counties` give them staff memberships
    and county coordinator roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    password = Password(None)

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if create:
            for school in extracted or ():
                StaffMembership.objects.create(user=self, organisation=school)

    @factory.post_generation
    def counties(self, create, extracted, **kwargs):
        if create:
            for county in extracted or ():
                CountyCoordinator.objects.create(user=self, county=county)


def trondheim() -> Municipality:
    """Trondheim (5001) in Trøndelag (50): the county of the county-level tests."""
    return MunicipalityFactory(
        number="5001", name="Trondheim", county=CountyFactory(number="50", name="Trøndelag")
    )


def agreement_in(municipality, **kwargs) -> Agreement:
    """An agreement (published unless `status` says otherwise) whose school is in
    `municipality`, so its county is the municipality's."""
    return AgreementFactory(schools=[SchoolFactory(municipality=municipality)], **kwargs)
