"""The list filters and the agreement form's checkbox lists in a browser: at 375 px the filters
are folded behind one button and open on a tap, the municipality list follows the county as
it changes, and typing in a checkbox list narrows it."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    assert_no_sideways_scrolling,
    log_in_as,
    serious_accessibility_violations,
)
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CooperationTypeFactory,
    CountyFactory,
    EducationProgrammeFactory,
    MunicipalityFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
    TradeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    nordland = CountyFactory(number="18", name="Nordland")
    trondelag = CountyFactory(number="50", name="Trøndelag")
    meloy = MunicipalityFactory(number="1837", name="Meløy", county=nordland)
    MunicipalityFactory(number="1804", name="Bodø", county=nordland)
    trondheim = MunicipalityFactory(number="5001", name="Trondheim", county=trondelag)
    CooperationTypeFactory()
    programme = EducationProgrammeFactory()
    for code, title, level in [
        ("HSHSF1----", "Helse- og oppvekstfag", "VG1"),
        ("HSHEA2----", "Helsearbeiderfag", "VG2"),
        ("HSBUA2----", "Barne- og ungdomsarbeiderfag", "VG2"),
        ("NAAKV2----", "Akvakultur", "VG2"),
    ]:
        ProgrammeAreaFactory(code=code, title_nb=title, level=level, education_programme=programme)
    TradeFactory(code="HSHEA3----", title_nb="Helsearbeiderfaget")
    strinda = SchoolFactory(name="Strinda videregående skole", municipality=trondheim)
    AgreementFactory(
        title="Fisk i Meløy",
        schools=[SchoolFactory(municipality=meloy)],
        partners=[CompanyFactory(municipality=meloy)],
    )
    AgreementFactory(title="Helse i Trondheim", schools=[strinda], partners=[CompanyFactory()])
    return UserFactory(schools=[strinda])


def municipality_options(page):
    return page.get_by_label("Kommune").locator("option").all_inner_texts()


def test_on_a_phone_the_filters_fold_and_open_on_a_tap(phone, world):
    page = phone
    page.goto("/avtaler/")
    toggle = page.locator("summary", has_text="Filtrer")
    expect(toggle).to_be_visible()
    assert toggle.bounding_box()["height"] >= 44
    county = page.get_by_label("Fylke")
    expect(county).to_be_hidden()
    # The results come right after the button.
    expect(page.locator("article.agreement-card").first).to_be_in_viewport()

    toggle.tap()
    expect(county).to_be_visible()
    # The municipality list follows the county as it changes, without a reload.
    assert "Trondheim" in municipality_options(page)
    county.select_option(label="Nordland")
    assert municipality_options(page) == ["Alle kommuner", "Bodø", "Meløy"]
    page.get_by_label("Kommune").select_option(label="Meløy")
    county.select_option(label="Trøndelag")
    assert municipality_options(page) == ["Alle kommuner", "Trondheim"]
    expect(page.get_by_label("Kommune")).to_have_value("")
    county.select_option(label="Nordland")
    page.get_by_role("button", name="Vis avtaler").click()

    expect(page.locator("article.agreement-card")).to_have_count(1)
    expect(toggle).to_contain_text("(1 aktivt)")
    expect(county).to_be_hidden()  # folded again, the results first
    assert_no_sideways_scrolling(page)
    assert not serious_accessibility_violations(page)


def test_on_a_wide_screen_the_filters_are_open(phone, world):
    page = phone
    page.set_viewport_size(DESKTOP)
    page.goto("/avtaler/?fylke=18&kommune=5001")
    expect(page.get_by_label("Fylke")).to_be_visible()
    expect(page.locator("summary", has_text="Filtrer")).to_be_hidden()
    expect(page.get_by_text("Trondheim ligger ikke i Nordland")).to_be_visible()
    # The server listed only Nordland's municipalities.
    assert municipality_options(page) == ["Alle kommuner", "Bodø", "Meløy"]
    page.set_viewport_size(PHONE)
    expect(page.get_by_label("Fylke")).to_be_hidden()
    # The notice stays in view when the filters fold.
    expect(page.get_by_text("Trondheim ligger ikke i Nordland")).to_be_visible()


def test_my_agreements_sort_on_a_phone(phone, world, live_server):
    page = phone
    log_in_as(page, world, live_server)
    page.goto("/ansatt/")
    sort = page.get_by_label("Sorter etter")
    expect(sort).to_be_visible()
    expect(sort).to_have_value("endret")
    sort.select_option(label="Tittel, A–Å")
    page.get_by_role("button", name="Sorter", exact=True).click()
    expect(page).to_have_url(re.compile(r"sorter=tittel"))
    expect(page.get_by_label("Sorter etter")).to_have_value("tittel")


def test_typing_in_a_checkbox_list_narrows_it(desktop, world, live_server):
    page = desktop
    log_in_as(page, world, live_server)
    page.goto("/ansatt/avtaler/ny/")
    areas = page.get_by_role("group", name="Programområder")
    search = page.get_by_label("Finn et programområde")
    expect(search).to_be_visible()
    expect(areas.get_by_label("Akvakultur")).to_be_visible()

    search.fill("helse")
    expect(areas.get_by_label("Akvakultur")).to_be_hidden()
    expect(areas.get_by_label("Helsearbeiderfag")).to_be_visible()
    expect(areas.get_by_label("Helse- og oppvekstfag")).to_be_visible()
    expect(areas.get_by_text("Viser 2 av 4")).to_be_visible()
    search.fill("vg2 helse")
    expect(areas.get_by_label("Helse- og oppvekstfag")).to_be_hidden()
    expect(areas.get_by_label("Helsearbeiderfag")).to_be_visible()
    # Enter narrows; it does not send the form.
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny avtale")

    areas.get_by_label("Helsearbeiderfag").check()
    expect(areas.get_by_text("Valgt: Vg2 Helsearbeiderfag")).to_be_visible()
    search.fill("finnes ikke")
    expect(areas.get_by_text("Ingenting i listen passer")).to_be_visible()
    search.fill("")
    expect(areas.get_by_label("Akvakultur")).to_be_visible()
    # Rows are big enough for a finger.
    assert areas.locator("label.checkbox").first.bounding_box()["height"] >= 44

    page.get_by_label("Tittel").fill("Helse med sjekkbokser")
    page.get_by_label("Gyldig fra").fill("2026-08-01")
    page.get_by_label("Gyldig til").fill("2028-07-31")
    page.get_by_label("Yrkesfaglig fordypning (YFF)").check()
    page.locator(".party-row:visible .org-input").nth(1).fill(
        CompanyFactory(name="Sjekkboks AS").orgnr
    )
    page.get_by_role("button", name="Lagre som utkast").click()
    expect(page.get_by_role("status")).to_be_visible()
    agreement = Agreement.objects.get(title="Helse med sjekkbokser")
    assert [a.title_nb for a in agreement.programme_areas.all()] == ["Helsearbeiderfag"]
    assert not serious_accessibility_violations(page)
