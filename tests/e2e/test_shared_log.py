"""Issue 4 in a browser: one school logs a contact, another finds it through the mapping."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.users import STAFF, feide_org_groups
from orgs.models import Organisation
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.test_staff_journey import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)

CONTACT = "Ringte daglig leder om YFF-plasser til våren, venter på svar."


def teacher(feide, sub, school_name, realm):
    school = Organisation.objects.get(name=school_name)
    owner = school.parent or school
    feide.set_user(
        sub,
        groups=feide_org_groups(realm, owner.orgnr, [school.orgnr], STAFF),
        name=f"Lærer ved {school_name}",
    )


def test_a_contact_logged_at_strinda_is_seen_from_meloy(desktop, feide):
    call_command("load_demo_data", verbosity=0)
    teacher(feide, "strinda-log", "Strinda videregående skole", "trondelagfylke.no")
    teacher(feide, "meloy-log", "Meløy videregående skole", "nfk.no")
    page = desktop

    log_in(page, "strinda-log")
    page.get_by_role("link", name="Kartlegging").first.click()
    page.get_by_label("Navn eller organisasjonsnummer").fill("Grytåga")
    page.get_by_role("button", name="Finn bedrifter").click()
    page.get_by_role("link", name="Grytåga settefisk AS", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grytåga settefisk AS")
    page.get_by_label("Type").select_option("contacted")
    page.get_by_label("Melding").fill(CONTACT)
    page.get_by_role("button", name="Legg til melding").click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er lagt til i loggen")
    expect(page.locator(".log")).to_contain_text(CONTACT)
    assert not serious_accessibility_violations(page)
    log_out(page)

    log_in(page, "meloy-log")
    page.get_by_role("link", name="Kartlegging").first.click()
    page.get_by_label("Godkjent lærebedrift for").select_option(label="Akvakulturfaget")
    page.get_by_role("button", name="Finn bedrifter").click()
    card = page.locator("article.card").filter(has_text="Grytåga settefisk AS")
    expect(card).to_contain_text("Strinda videregående skole")
    expect(card).to_contain_text(CONTACT)
    assert not serious_accessibility_violations(page)

    card.get_by_role("link", name="Grytåga settefisk AS", exact=True).click()
    page.get_by_role("link", name="Start en avtale med denne organisasjonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny avtale")
    notice = page.locator(".recent-contacts")
    expect(notice).to_contain_text("Nylig kontaktet av andre skoler")
    expect(notice).to_contain_text(CONTACT)
    expect(page.locator(".org-input").nth(1)).to_have_value(re.compile("Grytåga settefisk AS"))
