"""Browsing without a name (issue 13, item 5): a pupil opens an education programme, narrows it
to a county and a municipality, and follows one of its programme areas, which keeps them; on a
phone with and without JavaScript and on a desktop, with axe at 375 px and at a desktop's width
on every page of the path. (The front page's link to the programme is the first step; the path
here starts at the programme's page.)"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_no_sideways_scrolling, serious_accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_data():
    call_command("load_demo_data", verbosity=0)


def follow_the_path(page, *, axe=True) -> dict:
    """Naturbruk, narrowed to Meløy in Nordland, then Akvakultur; the axe problems found."""
    problems = {}

    def check():
        assert_no_sideways_scrolling(page)
        if axe and (blocking := serious_accessibility_violations(page)):
            problems[page.url] = blocking

    page.goto("/utdanningsprogram/NA/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Naturbruk")
    expect(page.get_by_role("heading", name="Programområder")).to_be_visible()
    check()

    toggle = page.locator("summary", has_text="Filtrer")
    # Folded on a phone: asked once, on a loaded page (while the next page loads its styles,
    # the toggle can be visible for a moment on a desktop too).
    folded = toggle.is_visible()
    if folded:
        toggle.click()
    page.get_by_label("Fylke").select_option(label="Nordland - Nordlánnda")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"/utdanningsprogram/NA/\?fylke=18"))
    # Without JavaScript the municipality list follows the county once the form is sent.
    if folded:
        toggle.click()
    page.get_by_label("Kommune").select_option(label="Meløy")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"/utdanningsprogram/NA/\?fylke=18&kommune=1837$"))
    expect(page.locator(".lead")).to_contain_text("i Meløy")
    expect(page.get_by_role("link", name="Grytåga settefisk AS")).to_be_visible()
    check()

    page.get_by_role("link", name=re.compile(r"^Akvakultur \d+ avtaler?$")).click()
    expect(page).to_have_url(re.compile(r"/programomrader/NAAKV2----/\?fylke=18&kommune=1837$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Akvakultur")
    expect(page.get_by_label("Fylke")).to_have_value("18")
    expect(page.get_by_label("Kommune")).to_have_value("1837")
    expect(page.locator("article.agreement-card").first).to_be_visible()
    check()

    # And back to the programme, still narrowed.
    page.get_by_role("link", name="Naturbruk", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/utdanningsprogram/NA/\?fylke=18&kommune=1837$"))
    return problems


def test_on_a_phone(phone, demo_data):
    assert follow_the_path(phone) == {}


def test_on_a_desktop(desktop, demo_data):
    assert follow_the_path(desktop) == {}


def test_on_a_phone_without_javascript(browser, live_server, demo_data):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
        base_url=live_server.url,
    )
    try:
        follow_the_path(context.new_page(), axe=False)  # axe needs JavaScript; the others run it
    finally:
        context.close()
