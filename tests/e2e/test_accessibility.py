"""axe-core on every public page, in both languages: no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from agreements.models import Agreement
from orgs.models import Organisation, ProgrammeArea, Trade

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}


def public_paths():
    agreement = Agreement.objects.public().first()
    school = Organisation.objects.schools().get(name="Meløy videregående skole")
    company = Organisation.objects.get(name="Grytåga settefisk AS")
    area = agreement.programme_areas.first() or ProgrammeArea.objects.first()
    trade = Trade.objects.filter(agreements__in=Agreement.objects.public()).first()
    return [
        "/",
        "/?q=meløy",
        "/?q=finnes-ikke",
        "/avtaler/",
        "/avtaler/?fylke=18&samarbeidsform=yff",
        "/avtaler/?fylke=99",
        f"/avtaler/{agreement.pk}/",
        f"/skoler/{school.orgnr}/",
        f"/bedrifter/{company.orgnr}/",
        f"/programomrader/{area.code}/",
        f"/larefag/{trade.code}/",
        "/skoler/000000000/",
    ]


def test_public_pages_have_no_serious_accessibility_violations(phone):
    call_command("load_demo_data", verbosity=0)
    axe = Axe()
    problems = {}
    for language, switch_button in (("nb", None), ("en", "English")):
        if switch_button:
            phone.goto("/")
            phone.get_by_role("button", name=switch_button).click()
        for path in public_paths():
            phone.goto(path)
            assert phone.locator("html").get_attribute("lang") == language
            results = axe.run(phone)
            blocking = [
                f"{v['id']} ({v['impact']}): {v['help']}"
                for v in results.response["violations"]
                if v["impact"] in BLOCKING
            ]
            if blocking:
                problems[f"{language} {path}"] = blocking
    assert not problems, problems
