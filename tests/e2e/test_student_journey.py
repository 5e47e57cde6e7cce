"""Item 2 of the spine: a student, not logged in, on a phone."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement
from orgs.models import Organisation
from tests.e2e.conftest import assert_no_sideways_scrolling

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_data():
    call_command("load_demo_data", verbosity=0)


def test_student_finds_grytaga_and_follows_the_links(phone, demo_data):
    page = phone
    page.goto("/")
    page.get_by_label("Søk etter bedrift, skole, programområde eller lærefag").fill("Grytåga")
    page.get_by_role("button", name="Søk", exact=True).click()

    page.get_by_role("link", name="Grytåga settefisk AS").click()
    company = Organisation.objects.get(name="Grytåga settefisk AS")
    expect(page).to_have_url(re.compile(f"/bedrifter/{company.orgnr}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Grytåga settefisk AS")

    agreement = Agreement.objects.public().for_organisation(company).get()
    card = page.locator("article.agreement-card").filter(has_text=agreement.title)
    expect(card).to_contain_text("Meløy videregående skole")
    expect(card).to_contain_text("Yrkesfaglig fordypning")
    expect(card).to_contain_text(agreement.valid_to.strftime("%d.%m.%Y"))
    # Nothing wider than the phone's screen.
    assert_no_sideways_scrolling(page)

    card.get_by_role("link", name="Meløy videregående skole", exact=True).click()
    expect(page).to_have_url(re.compile(r"/skoler/\d{9}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meløy videregående skole")

    area = agreement.programme_areas.first()
    page.locator("article.agreement-card").filter(has_text=agreement.title).get_by_role(
        "link", name=area.title_nb, exact=True
    ).click()
    expect(page).to_have_url(re.compile(f"/programomrader/{re.escape(area.code)}/$"))
    expect(page.get_by_text(agreement.title)).to_be_visible()

    trade = agreement.trades.first()
    page.locator("article.agreement-card").filter(has_text=agreement.title).first.get_by_role(
        "link", name=trade.title_nb, exact=True
    ).click()
    expect(page).to_have_url(re.compile(f"/larefag/{re.escape(trade.code)}/$"))
    expect(page.get_by_role("link", name="Grytåga settefisk AS").first).to_be_visible()


def test_student_filters_agreements_and_shares_the_link(phone, demo_data):
    page = phone
    page.goto("/avtaler/")
    page.locator("summary", has_text="Filtrer").tap()  # folded on a phone
    page.get_by_label("Fylke").select_option(label="Nordland - Nordlánnda")
    page.get_by_label("Samarbeidsform").select_option("yff")
    page.get_by_label("Søkeord").fill("grytåga")
    page.get_by_role("button", name="Vis avtaler").click()

    expect(page).to_have_url(re.compile(r"fylke=18.*samarbeidsform=yff"))
    expect(page.locator("article.agreement-card")).to_have_count(1)
    shared = page.url

    # The shared link shows the same thing to someone else.
    page.goto("/")
    page.goto(shared)
    expect(page.locator("article.agreement-card")).to_have_count(1)
    expect(page.get_by_label("Fylke")).to_have_value("18")


def test_paging_through_all_public_agreements(phone, demo_data):
    page = phone
    page.goto("/avtaler/")
    expect(page.get_by_text(re.compile(r"Side 1 av \d+"))).to_be_visible()
    page.get_by_role("link", name="Neste").click()
    expect(page).to_have_url(re.compile(r"side=2"))
    expect(page.get_by_text(re.compile(r"Side 2 av \d+"))).to_be_visible()


def test_language_switch_to_english_and_back(phone, demo_data):
    page = phone
    page.goto("/avtaler/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/avtaler/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Agreements")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Norsk (bokmål)").click()
    expect(page).to_have_url(re.compile(r"[^n]/avtaler/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Avtaler")
