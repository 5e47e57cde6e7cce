"""The demo's reference data: counties and municipalities as the project ships them
(orgs.regions), Grep's codes, occupations and the cooperation types, upserted by their code,
and lookups over demo.data the builders share."""

from types import SimpleNamespace

from agreements.models import CooperationType
from demo import data
from orgs.models import EducationProgramme, Municipality, Occupation, ProgrammeArea, Trade
from orgs.regions import load_regions

MUNICIPALITY = {
    number: (name, county, f"{postcode} {town}", town)
    for number, name, county, postcode, town in data.MUNICIPALITIES
}
VG1_OF_PROGRAMME = {
    programme: code for code, level, programme, *_ in data.PROGRAMME_AREAS if level == "VG1"
}


def upsert_titled(model, code: str, nb: str, en: str, **defaults):
    """A Grep code or an occupation (code, bokmål and English title), created or updated."""
    return model.objects.update_or_create(
        code=code, defaults={"title_nb": nb, "title_en": en, **defaults}
    )[0]


def load_reference_data() -> SimpleNamespace:
    load_regions()
    municipalities = Municipality.objects.in_bulk(
        [number for number, *_ in data.MUNICIPALITIES], field_name="number"
    )
    programmes = {
        code: upsert_titled(EducationProgramme, code, nb, en)
        for code, nb, en in data.EDUCATION_PROGRAMMES
    }
    areas = {
        code: upsert_titled(
            ProgrammeArea,
            code,
            nb,
            en,
            level=level,
            education_programme=programmes[programme],
        )
        for code, level, programme, nb, en in data.PROGRAMME_AREAS
    }
    trades = {}
    for code, nb, en, leading_areas in data.TRADES:
        trades[code] = upsert_titled(Trade, code, nb, en)
        trades[code].programme_areas.set(areas[a] for a in leading_areas)
    occupations = {
        code: upsert_titled(Occupation, code, nb, en) for code, nb, en in data.OCCUPATIONS
    }
    cooperation_types = {
        slug: CooperationType.objects.update_or_create(
            slug=slug,
            defaults={"name_nb": nb, "name_en": en, "order": order, "description": description},
        )[0]
        for slug, nb, en, order, description in data.COOPERATION_TYPES
    }
    return SimpleNamespace(
        municipalities=municipalities,
        areas=areas,
        trades=trades,
        occupations=occupations,
        cooperation_types=cooperation_types,
    )
