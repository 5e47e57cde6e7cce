"""A municipality's picture in the browser: reached from its county's overview, charts with
their tables, axe at 375 px and desktop in both languages, nothing sideways on a phone, and
the staff's section for a logged-in teacher."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from orgs.models import Municipality, Organisation
from tests.e2e.conftest import (
    assert_no_sideways_scrolling,
    log_in_as,
    serious_accessibility_violations,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_data():
    call_command("load_demo_data", verbosity=0)


def check(page, problems):
    assert_no_sideways_scrolling(page)
    if blocking := serious_accessibility_violations(page):
        problems[page.url] = blocking


def test_a_municipality_from_its_county(phone, demo_data):
    page, problems = phone, {}
    page.goto("/oversikt/50/")
    municipalities = page.get_by_role("region", name="Kommune for kommune")
    municipalities.get_by_role("link", name="Trondheim - Tråante", exact=True).click()
    expect(page).to_have_url(re.compile(r"/oversikt/50/5001/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Samarbeid i Trondheim - Tråante")
    # Each chart comes with its table, in a region that scrolls and takes the keyboard's focus.
    schools = page.get_by_role("region", name="Skoler")
    expect(schools.locator("figure.chart")).to_have_count(1)
    table = schools.get_by_role("region", name="Offentlige avtaler, etter skole")
    expect(table.get_by_role("table")).to_be_visible()
    strinda = Organisation.objects.get(name="Strinda videregående skole")
    expect(table.get_by_role("link", name=strinda.name)).to_have_attribute(
        "href", f"/skoler/{strinda.orgnr}/"
    )
    for heading in ("Etter samarbeidsform", "Etter bedriftenes næring"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="For ansatte: oppfølging")).to_have_count(0)
    check(page, problems)

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cooperation in Trondheim - Tråante")
    check(page, problems)
    assert not problems, problems


def test_empty_states_and_partnerships(phone, demo_data):
    page, problems = phone, {}
    empty = Municipality.objects.filter(organisations__isnull=True).select_related("county")
    place = empty.first()
    page.goto(f"/oversikt/{place.county.number}/{place.number}/")
    expect(page.get_by_text(f"Ingen skoler i {place.name} er registrert ennå.")).to_be_visible()
    check(page, problems)

    # A partnership of the municipality and the county authority, with no school.
    page.goto("/oversikt/50/5001/")
    partnerships = page.get_by_role("region", name="Partnerskap med fylkeskommunen og kommunen")
    expect(partnerships).to_be_visible()
    check(page, problems)
    assert not problems, problems


def test_staff_see_the_follow_up(desktop, live_server, demo_data):
    page, problems = desktop, {}
    strinda = Organisation.objects.get(name="Strinda videregående skole")
    log_in_as(page, UserFactory(schools=[strinda]), live_server)
    page.goto("/oversikt/50/5001/")
    staff = page.get_by_role("region", name="For ansatte: oppfølging")
    expect(staff.get_by_text("Avtaler i kraft")).to_be_visible()
    expect(
        staff.get_by_text(re.compile(r"I kraft, uten registrert oppfølging siden"))
    ).to_be_visible()
    expect(staff.get_by_text("Trenger ny ansvarlig")).to_be_visible()
    check(page, problems)
    assert not problems, problems
