"""The front page's search box suggests as the user types: by keyboard, announced to screen
readers, without serious accessibility violations, and a plain form without JavaScript."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from orgs.models import Organisation
from tests.e2e.conftest import AXE_WIDTHS, serious_accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True)
BOX = "Søk etter bedrift, skole, programområde eller lærefag"


@pytest.fixture
def demo_data():
    call_command("load_demo_data", verbosity=0)


def test_suggestions_by_keyboard(phone, demo_data):
    page = phone
    page.goto("/")
    box = page.get_by_role("combobox", name=BOX)
    box.press_sequentially("grytaga", delay=30)
    suggestions = page.get_by_role("listbox", name="Forslag")
    expect(suggestions.get_by_role("option").first).to_contain_text("Grytåga settefisk AS")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-suggestions-status]")).to_contain_text("forslag")  # aria-live

    box.press("ArrowDown")
    first = suggestions.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press("ArrowDown")
    box.press("Enter")
    company = Organisation.objects.get(name="Grytåga settefisk AS")
    expect(page).to_have_url(re.compile(f"/bedrifter/{company.orgnr}/$"))


def test_open_suggestions_have_no_serious_violations(browser, live_server, demo_data):
    for width, viewport in AXE_WIDTHS.items():
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        page = context.new_page()
        page.goto("/")
        page.get_by_role("combobox", name=BOX).press_sequentially("meloy", delay=30)
        expect(page.get_by_role("option").first).to_be_visible()
        assert serious_accessibility_violations(page) == [], width
        context.close()


def test_without_javascript_the_form_searches(browser, live_server, demo_data):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    page.get_by_label(BOX).fill("meloy vgs")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/\?q=meloy\+vgs$"))
    expect(page.get_by_role("link", name="Meløy videregående skole")).to_be_visible()
    context.close()
