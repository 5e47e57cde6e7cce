"""Issue 3 in a browser: a Strinda teacher registers the renewed Trondheim agreement."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement
from demo.users import STAFF, feide_org_groups
from orgs.models import Organisation, ProgrammeArea
from tests.e2e.conftest import serious_accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True)

TRONDHEIM_SCHOOLS = [
    "Strinda videregående skole",
    "Byåsen videregående skole",
    "Cissi Klein videregående skole",
    "Heimdal videregående skole",
    "Kristen videregående skole Trøndelag",
    "Lukas videregående skole",
    "Thora Storm videregående skole",
    "Trondheim voksenopplæringssenter",
]
TITLE = "Samarbeidsavtale om helse- og oppvekstfag 2026–2028"


def log_in(page, sub, lands_on=r"/ansatt/$"):
    """Staff land on "Mine avtaler"; someone without staff rights on the front page."""
    page.goto("/konto/login/")
    page.get_by_role("button", name="Logg inn med Feide").click()
    page.get_by_label("Subject").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(page).to_have_url(re.compile(lands_on))


def log_out(page):
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()


def teacher_at(feide, sub, school_name):
    school = Organisation.objects.get(name=school_name)
    owner = school.parent or school
    feide.set_user(
        sub,
        groups=feide_org_groups("trondelagfylke.no", owner.orgnr, [school.orgnr], STAFF),
        name=f"Lærer ved {school_name}",
    )


def test_strinda_teacher_registers_the_renewed_trondheim_agreement(desktop, feide):
    call_command("load_demo_data", verbosity=0)
    teacher_at(feide, "strinda-e2e", "Strinda videregående skole")
    page = desktop
    log_in(page, "strinda-e2e")
    assert not serious_accessibility_violations(page)

    page.get_by_role("link", name="Registrer en ny avtale").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny avtale")
    # My school is filled in already.
    expect(page.locator(".org-input").first).to_have_value(re.compile("Strinda videregående skole"))

    # Saving an empty form shows what is missing, next to each field.
    page.get_by_role("button", name="Lagre og publiser").click()
    expect(page.get_by_role("alert")).to_contain_text("Avtalen er ikke lagret")
    assert not serious_accessibility_violations(page)

    page.get_by_label("Tittel").fill(TITLE)
    office = Organisation.objects.get(name="Trondheim kommune opplæringskontoret")
    others = [office, *Organisation.objects.filter(name__in=TRONDHEIM_SCHOOLS[1:])]
    add_party = page.get_by_role("button", name="Legg til en part til")
    for index, organisation in enumerate(others, start=1):
        inputs = page.locator(".party-row:visible .org-input")
        if inputs.count() <= index:
            add_party.click()
        page.locator(".party-row:visible .org-input").nth(index).fill(organisation.orgnr)
    page.get_by_label("Yrkesfaglig fordypning (YFF)").check()
    page.get_by_label("Lærlingeløp").check()
    page.get_by_label("Gyldig fra").fill("2026-08-01")
    page.get_by_label("Gyldig til").fill("2028-07-31")
    areas = ProgrammeArea.objects.filter(code__in=["HSHSF1----", "HSHEA2----", "HSBUA2----"])
    programme_areas = page.get_by_role("group", name="Programområder")
    for area in areas:
        programme_areas.locator(f'input[value="{area.pk}"]').check()
    page.get_by_label("Formål").fill("Praksisplasser og lærlingeløp i helse- og oppvekstfag.")
    page.get_by_role("button", name="Lagre og publiser").click()

    expect(page.get_by_role("status")).to_contain_text("Avtalen er publisert")
    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.status == Agreement.Status.PUBLISHED
    assert sorted(o.name for o in agreement.schools) == sorted(TRONDHEIM_SCHOOLS)
    assert [p.organisation for p in agreement.partners] == [office]
    assert str(agreement.valid_from) == "2026-08-01" and str(agreement.valid_to) == "2028-07-31"
    assert not serious_accessibility_violations(page)

    log_out(page)
    for name in TRONDHEIM_SCHOOLS:
        school = Organisation.objects.get(name=name)
        page.goto(school.get_absolute_url())
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    # A teacher at Meløy may read it, but not change it.
    meloy = Organisation.objects.get(name="Meløy videregående skole")
    feide.set_user(
        "meloy-e2e",
        groups=feide_org_groups("nfk.no", meloy.orgnr, [meloy.orgnr], STAFF),
        name="Lærer ved Meløy",
    )
    log_in(page, "meloy-e2e")
    page.goto(f"/ansatt/avtaler/{agreement.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("link", name="Endre")).to_have_count(0)
    response = page.goto(f"/ansatt/avtaler/{agreement.pk}/endre/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du kan ikke gjøre dette")
    assert not serious_accessibility_violations(page)
