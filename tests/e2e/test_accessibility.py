"""axe-core on every public page, in both languages, and on the staff pages: no serious or
critical violation, at 375 px and at a desktop's width (conftest.serious_accessibility_violations).
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement
from orgs.models import County, Organisation, ProgrammeArea, Trade
from tests.e2e.conftest import log_in_as, serious_accessibility_violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def public_paths():
    agreement = Agreement.objects.public().first()
    school = Organisation.objects.schools().get(name="Meløy videregående skole")
    long_name = Organisation.objects.schools().get(name="Trondheim voksenopplæringssenter")
    company = Organisation.objects.get(name="Grytåga settefisk AS")
    area = agreement.programme_areas.first() or ProgrammeArea.objects.first()
    trade = Trade.objects.filter(agreements__in=Agreement.objects.public()).first()
    # A framework with a local agreement under it, and an organisation that is not a company.
    framework = Agreement.objects.public().filter(local_agreements__isnull=False).first()
    nav = Organisation.objects.get(name="NAV Vestfold og Telemark")
    return [
        f"/avtaler/{framework.pk}/",
        f"/avtaler/{framework.local_agreements.first().pk}/",
        f"/bedrifter/{nav.orgnr}/",
        "/",
        "/?q=meløy",
        "/?q=finnes-ikke",
        "/sok/?q=videregaende&gruppe=skoler",
        "/avtaler/",
        "/avtaler/?fylke=18&samarbeidsform=yff",
        "/avtaler/?fylke=99",
        f"/avtaler/{agreement.pk}/",
        f"/skoler/{school.orgnr}/",
        f"/skoler/{long_name.orgnr}/",
        f"/bedrifter/{company.orgnr}/",
        f"/programomrader/{area.code}/",
        f"/larefag/{trade.code}/",
        f"/utdanningsprogram/{area.education_programme.code}/",
        f"/utdanningsprogram/{area.education_programme.code}/?fylke=99",  # a field's error
        "/oversikt/",
        "/oversikt/50/",
        "/api/",
        "/skoler/000000000/",
    ]


def test_public_pages_have_no_serious_accessibility_violations(phone):
    call_command("load_demo_data", verbosity=0)
    problems = {}
    for language, prefix in (("nb", ""), ("en", "/en")):
        for path in public_paths():
            phone.goto(prefix + path)
            assert phone.locator("html").get_attribute("lang") == language
            if blocking := serious_accessibility_violations(phone):
                problems[f"{language} {path}"] = blocking
    assert not problems, problems


def test_staff_pages_have_no_serious_accessibility_violations(desktop, live_server):
    """A teacher at Strinda who also coordinates Trøndelag: every kind of staff page."""
    call_command("load_demo_data", verbosity=0)
    strinda = Organisation.objects.get(name="Strinda videregående skole")
    trondelag = County.objects.get(number="50")
    user = UserFactory(first_name="Ingrid", schools=[strinda], counties=[trondelag])
    agreement = Agreement.objects.for_organisation(strinda).order_by("pk").first()
    company = agreement.partners[0].organisation
    page = desktop
    log_in_as(page, user, live_server)

    problems = {}

    def check(path):
        response = page.goto(path)
        assert response.ok and page.url.endswith(path), (path, response.status, page.url)
        if blocking := serious_accessibility_violations(page):
            problems[path] = blocking

    for path in [
        "/ansatt/",
        f"/ansatt/avtaler/{agreement.pk}/",
        "/ansatt/avtaler/ny/",
        f"/ansatt/avtaler/{agreement.pk}/endre/",
        f"/ansatt/avtaler/{agreement.pk}/ansvarlig/",
        "/ansatt/fylke/50/oversikt/",
        "/ansatt/fylke/50/oppfolging/",
        "/ansatt/fylke/50/godkjenning/",
        "/ansatt/fylke/50/rutiner/",
        "/ansatt/kartlegging/",
        f"/ansatt/avtaler/{agreement.pk}/trekk-tilbake/",
        f"/ansatt/organisasjoner/{company.orgnr}/",
        "/ansatt/innstillinger/",
        "/ansatt/api-nokler/",
        "/ansatt/eksport/50/",  # last: the export is started from it below
    ]:
        check(path)

    # An export waiting for the worker (none runs in the tests): its page and the county's list.
    page.get_by_role("button", name="Start eksporten").click()
    expect(page.get_by_role("status")).to_have_text("Venter på å starte")
    # The page reloads itself while the export waits (a Refresh header); axe needs it still.
    page.route("**/ansatt/eksport/jobb/*/", _without_refresh)
    check(page.url)
    check("/ansatt/eksport/50/")
    expect(page.get_by_role("cell", name="Venter på å starte")).to_be_visible()
    assert not problems, problems


def _without_refresh(route):
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k.lower() != "refresh"}
    route.fulfill(response=response, headers=headers)
