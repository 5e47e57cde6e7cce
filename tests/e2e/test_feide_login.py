"""A teacher logs in with Feide and out again in a real browser (the CSP applies here)."""

import re

import pytest
from playwright.sync_api import expect

from demo.users import STAFF, feide_org_groups
from tests.e2e.conftest import serious_accessibility_violations
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_teacher_logs_in_with_feide_and_out_again(phone, feide):
    school = SchoolFactory(name="Meløy videregående skole")
    feide.set_user(
        "teacher-browser",
        groups=feide_org_groups("nfk.no", school.orgnr, [school.orgnr], STAFF),
        name="Kari Nordmann",
    )
    # The provider's page asks a CDN for its stylesheet; the tests stay offline.
    phone.route(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda route: route.abort())

    phone.goto("/konto/login/")
    assert not serious_accessibility_violations(phone)
    phone.get_by_role("button", name="Logg inn med Feide").click()

    expect(phone).to_have_url(re.compile(rf"^{re.escape(feide.url)}/oauth2/authorize\?"))
    phone.get_by_label("Subject").fill("teacher-browser")
    phone.get_by_role("button", name="Authorize", exact=True).click()

    expect(phone).to_have_url(re.compile(r"/ansatt/$"))
    expect(phone.get_by_role("status")).to_contain_text(
        "Velkommen, Kari Nordmann. Du kan registrere og endre avtaler for Meløy videregående skole."
    )
    phone.get_by_role("button", name="Logg ut").click()

    expect(phone).to_have_url(re.compile(r"/$"))
    expect(phone.get_by_role("status")).to_contain_text("Du er logget ut.")
    expect(phone.get_by_role("link", name="Logg inn")).to_be_visible()
