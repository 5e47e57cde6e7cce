"""Issue 7 in a browser: the county approves before publishing."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement, CountyRoutine
from demo.users import STAFF, feide_org_groups
from orgs.models import County, Organisation
from registry.models import CountyCoordinator, User
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.test_staff_journey import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Hospitering i helsearbeiderfaget"


def test_teacher_submits_coordinator_returns_then_approves(desktop, feide):
    call_command("load_demo_data", verbosity=0)
    trondelag = County.objects.get(number="50")
    CountyRoutine.objects.update_or_create(county=trondelag, defaults={"approval_required": True})
    strinda = Organisation.objects.get(name="Strinda videregående skole")
    feide.set_user(
        "strinda-approval",
        groups=feide_org_groups("trondelagfylke.no", strinda.orgnr, [strinda.orgnr], STAFF),
        name="Ola Hansen",
    )
    feide.set_user("coordinator-approval", groups=[], name="Ingrid Berg")
    page = desktop

    log_in(page, "strinda-approval")
    page.get_by_role("link", name="Registrer en ny avtale").click()
    page.get_by_label("Tittel").fill(TITLE)
    office = Organisation.objects.get(name="Trondheim kommune opplæringskontoret")
    page.locator(".party-row:visible .org-input").nth(1).fill(office.orgnr)
    page.get_by_label("Hospitering").check()
    page.get_by_label("Gyldig fra").fill("2027-01-01")
    page.get_by_label("Gyldig til").fill("2027-12-31")
    page.get_by_role("button", name="Lagre og send til godkjenning").click()
    expect(page.get_by_role("status")).to_contain_text("sendt til fylket for godkjenning")
    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.status == Agreement.Status.SUBMITTED
    log_out(page)

    # The coordinator logs in once (the account is made), and is granted the role in the admin.
    log_in(page, "coordinator-approval", lands_on=r"/$")  # no role yet: the front page
    coordinator = User.objects.get(socialaccount__uid="coordinator-approval")
    CountyCoordinator.objects.create(user=coordinator, county=trondelag)
    page.goto("/ansatt/fylke/50/godkjenning/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Kommentar til skolen").fill("Legg inn programområde.")
    page.get_by_role("button", name="Send tilbake til skolen").click()
    expect(page.get_by_role("status")).to_contain_text("Sendt tilbake til skolen")
    log_out(page)

    log_in(page, "strinda-approval")
    page.goto(f"/ansatt/avtaler/{agreement.pk}/")
    expect(page.get_by_role("note")).to_contain_text("Legg inn programområde.")
    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.get_by_role("status")).to_contain_text("sendt til fylket for godkjenning")
    log_out(page)

    log_in(page, "coordinator-approval")
    page.goto(f"/ansatt/avtaler/{agreement.pk}/")
    page.get_by_role("button", name="Godkjenn og publiser").click()
    expect(page.get_by_role("status")).to_contain_text("Godkjent")
    page.goto("/ansatt/fylke/50/oversikt/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trøndelag")
    assert not serious_accessibility_violations(page)
    log_out(page)

    page.goto(f"/skoler/{strinda.orgnr}/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.goto("/oversikt/50/")
    assert not serious_accessibility_violations(page)
    page.goto("/oversikt/")
    expect(page.get_by_role("link", name=re.compile("Trøndelag"))).to_be_visible()
    assert not serious_accessibility_violations(page)
