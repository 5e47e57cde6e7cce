"""On a 375 px phone (WCAG 2.1 AA, 1.4.10 Reflow): nothing scrolls the page sideways, tables
reflow or scroll in a region the keyboard reaches, chart labels keep the body's size and the
staff navigation collapses."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect

from agreements.models import Agreement
from orgs.models import County, Organisation
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_sideways_scrolling, log_in_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = "Trondheim voksenopplæringssenter"

# Each chart label and number: its size on screen (an SVG's scale included) and the body's.
CHART_TEXT_SIZES = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  return [...document.querySelectorAll('.chart__label, .chart__value, .chart text')].map(el => {
    const svg = el.closest('svg');
    const scale = svg ? svg.getScreenCTM().a : 1;
    return [el.textContent.trim(), parseFloat(getComputedStyle(el).fontSize) * scale, body];
  });
}"""


@pytest.fixture
def demo_data():
    call_command("load_demo_data", verbosity=0)


def assert_chart_text_at_least_body_size(page):
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes, f"no chart on {page.url}"
    too_small = [(text, size, body) for text, size, body in sizes if size < body]
    assert not too_small, too_small


def test_public_pages_fit_a_phone(phone, demo_data):
    page = phone
    assert page.viewport_size == PHONE
    school = Organisation.objects.get(name=LONG_NAME)
    page.goto(school.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(LONG_NAME)
    assert_no_sideways_scrolling(page)

    # The agreement with the most parties: its parties table becomes one block a party.
    agreement = Agreement.objects.public().annotate(n=Count("parties")).order_by("-n").first()
    page.goto(agreement.get_absolute_url())
    assert_no_sideways_scrolling(page)
    parties = page.get_by_role("table", name="Parter")
    expect(parties.get_by_role("columnheader", name="Rolle")).to_have_count(1)
    expect(parties.get_by_role("row")).to_have_count(agreement.parties.count() + 1)
    rights = parties.locator("td").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= PHONE["width"], rights  # nothing clipped

    for path in ["/oversikt/", "/oversikt/50/"]:
        page.goto(path)
        assert_no_sideways_scrolling(page)
        assert_chart_text_at_least_body_size(page)

    # Programme areas show their level: no two rows look the same.
    areas = page.get_by_role("table", name="Avtaler per programområde")
    names = areas.locator("tbody th").all_inner_texts()
    assert names and all(name.split()[0] in {"Vg1", "Vg2", "Vg3"} for name in names), names
    assert len(set(names)) == len(names), names

    # The table of counts scrolls in a region the keyboard can reach and scroll.
    region = page.get_by_role("region", name="Avtaler per skole")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())


def test_staff_pages_on_a_phone(phone, demo_data, live_server):
    page = phone
    strinda = Organisation.objects.get(name="Strinda videregående skole")
    user = UserFactory(schools=[strinda], counties=[County.objects.get(number="50")])
    log_in_as(page, user, live_server)
    agreement = Agreement.objects.for_organisation(strinda).annotate(n=Count("parties"))
    agreement = agreement.order_by("-n").first()

    page.goto("/ansatt/eksport/50/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Arkiveksport – Trøndelag - Trööndelage"
    )
    nav = page.get_by_role("navigation", name="Ansatte")
    export_link = nav.get_by_role("link", name="Arkiveksport")
    # Collapsed: one line high, the links hidden until it is opened (here with the keyboard).
    assert nav.bounding_box()["height"] <= 60, nav.bounding_box()
    expect(export_link).to_be_hidden()
    nav.get_by_text("Meny for ansatte").focus()
    page.keyboard.press("Enter")
    expect(export_link).to_be_visible()
    expect(export_link).to_have_attribute("aria-current", "true")
    expect(nav.get_by_role("link", name="Kartlegging")).to_be_visible()
    # At a desktop's width the links are a row, with no disclosure.
    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(nav.get_by_text("Meny for ansatte")).to_be_hidden()
    expect(nav.get_by_role("link", name="Mine avtaler")).to_be_visible()
    expect(export_link).to_be_visible()
    assert nav.bounding_box()["height"] <= 60, nav.bounding_box()
    page.set_viewport_size(PHONE)

    page.goto("/ansatt/")
    mine = nav.get_by_role("link", name="Mine avtaler", include_hidden=True)
    expect(mine).to_have_attribute("aria-current", "page")
    for path in [
        "/ansatt/",
        f"/ansatt/avtaler/{agreement.pk}/",
        "/ansatt/avtaler/ny/",
        "/ansatt/fylke/50/oversikt/",
        "/ansatt/fylke/50/oppfolging/",
        "/ansatt/eksport/50/",
    ]:
        page.goto(path)
        assert_no_sideways_scrolling(page)
    page.goto("/ansatt/fylke/50/oversikt/")
    assert_chart_text_at_least_body_size(page)
