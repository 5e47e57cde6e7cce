"""Small factories for test data. Each call makes valid rows with unique keys."""

import datetime
import itertools

from agreements.models import Agreement, CooperationType, Party, oslo_today
from orgs.models import (
    County,
    EducationProgramme,
    Municipality,
    Organisation,
    ProgrammeArea,
    Trade,
)
from orgs.validators import check_digit

_sequence = itertools.count(1)


def next_orgnr() -> str:
    """A fresh organisation number that passes MOD11."""
    while True:
        first_eight = f"{810_000_000 // 10 + next(_sequence):08d}"
        digit = check_digit(first_eight)
        if digit is not None:
            return f"{first_eight}{digit}"


def make_county(number="18", name="Nordland") -> County:
    return County.objects.get_or_create(number=number, defaults={"name": name})[0]


def make_municipality(number="1837", name="Meløy", county=None) -> Municipality:
    county = county or make_county()
    return Municipality.objects.get_or_create(
        number=number, defaults={"name": name, "county": county}
    )[0]


def make_organisation(name=None, kind=Organisation.Kind.COMPANY, municipality=None, **fields):
    n = next(_sequence)
    return Organisation.objects.create(
        orgnr=fields.pop("orgnr", None) or next_orgnr(),
        name=name or f"Organisasjon {n} AS",
        kind=kind,
        municipality=municipality if municipality is not None else make_municipality(),
        **fields,
    )


def make_school(name=None, **fields) -> Organisation:
    return make_organisation(
        name=name or f"Skole {next(_sequence)} videregående skole",
        kind=Organisation.Kind.UPPER_SECONDARY,
        **fields,
    )


def make_company(name=None, **fields) -> Organisation:
    return make_organisation(name=name, kind=Organisation.Kind.COMPANY, **fields)


def make_education_programme(code="NA", title_nb="Naturbruk") -> EducationProgramme:
    return EducationProgramme.objects.get_or_create(
        code=code, defaults={"title_nb": title_nb, "title_en": "Agriculture, fishing and forestry"}
    )[0]


def make_programme_area(code="NAAKV2----", title_nb="Akvakultur", level="VG2") -> ProgrammeArea:
    return ProgrammeArea.objects.get_or_create(
        code=code,
        defaults={
            "title_nb": title_nb,
            "title_en": f"{title_nb} (en)",
            "level": level,
            "education_programme": make_education_programme(),
        },
    )[0]


def make_trade(code="NAAKV3----", title_nb="Akvakulturfaget") -> Trade:
    return Trade.objects.get_or_create(
        code=code, defaults={"title_nb": title_nb, "title_en": "Aquaculture"}
    )[0]


def make_cooperation_type(slug="yff", name_nb="Yrkesfaglig fordypning (YFF)") -> CooperationType:
    return CooperationType.objects.get_or_create(
        slug=slug, defaults={"name_nb": name_nb, "name_en": "Vocational specialisation"}
    )[0]


def make_agreement(
    *,
    title=None,
    status=Agreement.Status.PUBLISHED,
    valid_from=None,
    valid_to=None,
    schools=None,
    partners=None,
    programme_areas=(),
    trades=(),
    cooperation_types=None,
    **fields,
) -> Agreement:
    today = oslo_today()
    agreement = Agreement.objects.create(
        title=title or f"Avtale {next(_sequence)}",
        status=status,
        valid_from=valid_from or today - datetime.timedelta(days=30),
        valid_to=valid_to or today + datetime.timedelta(days=365),
        **fields,
    )
    for school in schools if schools is not None else [make_school()]:
        Party.objects.create(agreement=agreement, organisation=school, role=Party.Role.SCHOOL)
    for partner in partners if partners is not None else [make_company()]:
        Party.objects.create(agreement=agreement, organisation=partner, role=Party.Role.COMPANY)
    agreement.cooperation_types.set(cooperation_types or [make_cooperation_type()])
    agreement.programme_areas.set(programme_areas)
    agreement.trades.set(trades)
    agreement.refresh_derived_fields()
    return agreement
