"""Staff log in with Feide; their schools come from Feide's groups at every login.

The provider is registry.dev_oidc's on a thread (tests/oidc.py): the real redirects, code
exchange and ID-token validation, and Feide's groups API answered from the user's claims.
"""

import socket
from urllib.parse import urlsplit

import pytest
import requests
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import constants, get_messages
from django.core.management import call_command
from django.test import RequestFactory

from demo.users import DEMO_USERS, STAFF, STUDENT, demo_claims, feide_org_groups
from orgs.models import Organisation
from registry.models import CountyCoordinator, StaffMembership, User
from registry.permissions import Policy
from tests.factories import (
    CompanyFactory,
    CountyFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

NO_RIGHTS = "du kan ikke registrere eller endre avtaler"


@pytest.fixture
def nordland():
    """Nordland fylkeskommune (a school owner, not a school) and two of its schools."""
    meloy = MunicipalityFactory(
        number="1837", name="Meløy", county=CountyFactory(number="18", name="Nordland")
    )
    owner = OrganisationFactory(
        name="Nordland fylkeskommune", kind=Organisation.Kind.COUNTY_AUTHORITY, municipality=meloy
    )
    return (
        owner,
        SchoolFactory(name="Meløy videregående skole", municipality=meloy, parent=owner),
        SchoolFactory(name="Bodø videregående skole", municipality=meloy, parent=owner),
    )


def staff_groups(owner, *schools, affiliation=STAFF):
    return feide_org_groups("nfk.no", owner.orgnr, [s.orgnr for s in schools], affiliation)


def messages_of(response):
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def memberships(user):
    return {
        (m.organisation.name, m.source)
        for m in StaffMembership.objects.filter(user=user).select_related("organisation")
    }


def logged_in_user(client):
    """The user of the client's session (without a request, which would show the messages)."""
    assert "_auth_user_id" in client.session, "not logged in"
    return User.objects.get(pk=client.session["_auth_user_id"])


# The login page and the start of the login


def test_login_page_offers_only_the_feide_button(client, settings):
    response = client.get("/konto/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert "<h1>Logg inn</h1>" in html
    assert '<form class="actions" method="post" action="/konto/oidc/feide/login/">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<button type="submit">Logg inn med Feide</button>' in html
    assert 'type="password"' not in html
    assert 'name="login"' not in html
    assert "<script" not in html
    # The button's POST is answered by a redirect to Feide, which form-action must allow.
    (app,) = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    assert app["settings"]["server_url"].startswith(settings.FEIDE_ORIGIN)
    policy = response.headers["Content-Security-Policy"]
    assert f"form-action 'self' {settings.FEIDE_ORIGIN};" in policy
    assert "unsafe-inline" not in policy


def test_login_page_passes_next_on_to_feide(client):
    html = client.get("/konto/login/?next=/ansatt/avtaler/ny/").content.decode()
    assert 'action="/konto/oidc/feide/login/?next=%2Fansatt%2Favtaler%2Fny%2F"' in html


def test_there_is_no_password_login_or_signup(client, django_user_model):
    django_user_model.objects.create_user("kari", password="a-long-local-password-1")
    response = client.post(
        "/konto/login/", {"login": "kari", "password": "a-long-local-password-1"}
    )
    assert response.status_code == 403
    assert not logged_in_user_or_none(client)
    assert client.get("/konto/signup/").status_code == 404
    assert not get_account_adapter().is_open_for_signup(RequestFactory().get("/"))
    assert client.get("/konto/password/reset/").status_code == 404


def logged_in_user_or_none(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def log_out(client):
    response = client.post("/konto/logout/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Du er logget ut." in response.content.decode()


def test_the_admin_keeps_its_own_login(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.org", "admin-password-42")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "admin-password-42", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_login_starts_with_a_post_and_uses_pkce_and_feide_scopes(client, feide):
    get = client.get("/konto/oidc/feide/login/")
    assert get.status_code == 200  # a confirmation page, not a redirect
    assert 'method="post"' in get.content.decode()
    query = feide.start(client).url.split("?", 1)[1]
    assert "code_challenge_method=S256" in query
    assert "code_challenge=" in query
    assert "response_type=code" in query
    scopes = next(p for p in query.split("&") if p.startswith("scope=")).split("=")[1].split("+")
    assert set(scopes) == {"openid", "profile", "email", "userid-feide", "groups-org"}


# Logging in


def test_teacher_gets_their_school(client, feide, nordland):
    owner, meloy, bodo = nordland
    feide.set_user(
        "teacher-1",
        groups=staff_groups(owner, meloy),
        given_name="Kari",
        family_name="Nordmann",
        email="kari.nordmann@nfk.no",
    )
    response = feide.login(client, "teacher-1")
    assert response.status_code == 302
    assert response.url == "/ansatt/"
    user = logged_in_user(client)
    assert SocialAccount.objects.get(user=user).provider == "feide"
    assert SocialAccount.objects.get(user=user).uid == "teacher-1"
    assert (user.first_name, user.last_name, user.email) == (
        "Kari",
        "Nordmann",
        "kari.nordmann@nfk.no",
    )
    assert not user.has_usable_password()
    # The school, not its owner (a county authority) nor the other school.
    assert memberships(user) == {("Meløy videregående skole", "feide")}
    assert messages_of(response) == [
        (
            constants.SUCCESS,
            "Velkommen, Kari Nordmann. Du kan registrere og endre avtaler for "
            "Meløy videregående skole.",
        )
    ]
    page = client.get("/ansatt/")
    assert page.status_code == 200
    assert "Velkommen, Kari Nordmann." in page.content.decode()


def test_login_returns_to_the_page_that_asked_for_it(client, feide, nordland):
    owner, meloy, _bodo = nordland
    feide.set_user("teacher-2", groups=staff_groups(owner, meloy), name="Ola Hansen")
    response = feide.login(client, "teacher-2", next_url="/avtaler/")
    assert response.status_code == 302
    assert response.url == "/avtaler/"
    user = logged_in_user(client)
    assert (user.first_name, user.last_name) == ("Ola", "Hansen")


def test_county_coordinator_lands_on_the_prelinked_user(client, feide, nordland):
    owner, meloy, _bodo = nordland
    coordinator = User.objects.create(username="coordinator-nordland")
    SocialAccount.objects.create(user=coordinator, provider="feide", uid="coordinator-1")
    CountyCoordinator.objects.create(user=coordinator, county=meloy.municipality.county)
    feide.set_user(
        "coordinator-1",
        groups=staff_groups(owner, affiliation=["member", "employee"]),
        given_name="Ingrid",
        family_name="Berg",
    )
    response = feide.login(client, "coordinator-1")
    assert response.url == "/ansatt/"
    assert logged_in_user(client).pk == coordinator.pk
    assert User.objects.count() == 1
    roles = Policy.for_user(coordinator)
    assert roles.is_coordinator
    assert roles.county_ids == {meloy.municipality.county_id}
    assert roles.may_act_for_organisation(meloy)
    # Placed in no school, the coordinator works for the county authority itself.
    assert memberships(coordinator) == {("Nordland fylkeskommune", "feide")}
    assert messages_of(response) == [
        (
            constants.SUCCESS,
            "Velkommen, Ingrid Berg. Du kan registrere og endre avtaler for Nordland "
            "fylkeskommune. Som fylkeskoordinator kan du handle for alle skolene i Nordland.",
        )
    ]


def test_student_logs_in_without_rights_and_is_told_why(client, feide, nordland):
    owner, meloy, _bodo = nordland
    feide.set_user("student-1", groups=staff_groups(owner, meloy, affiliation=STUDENT))
    response = feide.login(client, "student-1")
    assert response.url == "/", "the front page, not a staff page that would explain again"
    user = logged_in_user(client)
    assert memberships(user) == set()
    ((level, text),) = messages_of(response)
    assert level == constants.INFO
    assert NO_RIGHTS in text
    front = client.get("/").content.decode()
    assert front.count(NO_RIGHTS) == 1, "the explanation, once"
    assert 'href="/ansatt/"' not in front, "no link to staff pages"
    page = client.get("/ansatt/")
    assert page.status_code == 403
    assert "ingen rettigheter som ansatt" in page.content.decode()


def test_a_login_from_an_english_page_speaks_english_and_comes_back_to_it(client, feide, nordland):
    owner, meloy, _bodo = nordland
    feide.set_user("teacher-9", groups=staff_groups(owner, meloy), name="Ola Hansen")
    response = feide.login(client, "teacher-9", next_url="/en/ansatt/")
    assert response.url == "/en/ansatt/"
    ((_level, text),) = messages_of(response)
    assert text.startswith("Welcome, Ola Hansen.")


def test_a_student_from_an_english_page_lands_on_the_english_front_page(client, feide, nordland):
    owner, meloy, _bodo = nordland
    feide.set_user("student-9", groups=staff_groups(owner, meloy, affiliation=STUDENT))
    response = feide.login(client, "student-9", next_url="/en/ansatt/")
    assert response.url == "/en/"
    ((_level, text),) = messages_of(response)
    assert "You are logged in, but you are not registered as staff" in text


@pytest.mark.parametrize("where", ["unknown organisation", "registered company"])
def test_employee_elsewhere_gets_no_rights(client, feide, nordland, where):
    owner, _meloy, _bodo = nordland
    orgnr = (
        OrganisationFactory.build().orgnr
        if where == "unknown organisation"
        else CompanyFactory().orgnr
    )
    groups = feide_org_groups("firma.no", orgnr, [orgnr], STAFF)
    feide.set_user("employee-1", groups=groups)
    response = feide.login(client, "employee-1")
    user = logged_in_user(client)
    assert memberships(user) == set()
    ((level, text),) = messages_of(response)
    assert level == constants.INFO
    assert NO_RIGHTS in text


def test_teacher_who_moved_school_loses_the_old_school(client, feide, nordland):
    owner, meloy, bodo = nordland
    granted = SchoolFactory(name="Saltdal videregående skole")
    feide.set_user("teacher-3", groups=staff_groups(owner, meloy), name="Kari Nordmann")
    feide.login(client, "teacher-3")
    user = logged_in_user(client)
    assert memberships(user) == {("Meløy videregående skole", "feide")}
    StaffMembership.objects.create(
        user=user, organisation=granted, source=StaffMembership.Source.ADMIN
    )
    log_out(client)

    feide.set_user("teacher-3", groups=staff_groups(owner, bodo), name="Kari Nordmann Berg")
    response = feide.login(client, "teacher-3")
    assert logged_in_user(client).pk == user.pk
    assert memberships(user) == {
        ("Bodø videregående skole", "feide"),
        ("Saltdal videregående skole", "admin"),
    }
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Kari Nordmann", "Berg")
    ((level, text),) = messages_of(response)
    assert level == constants.SUCCESS
    assert "Bodø videregående skole og Saltdal videregående skole" in text
    assert "Meløy" not in text


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/groups/me/groups"


@pytest.mark.parametrize("failure", ["error answer", "unreachable"])
def test_groups_api_failing_keeps_memberships_and_warns(
    client, feide, nordland, settings, caplog, failure
):
    owner, meloy, bodo = nordland
    feide.set_user("teacher-4", groups=staff_groups(owner, meloy))
    feide.login(client, "teacher-4")
    user = logged_in_user(client)
    log_out(client)

    feide.set_user("teacher-4", groups=staff_groups(owner, bodo))
    settings.FEIDE_GROUPS_API_URL = (
        f"{feide.url}/groups/me/no-such-endpoint"
        if failure == "error answer"
        else closed_port_url()
    )
    response = feide.login(client, "teacher-4")
    assert response.url == "/ansatt/"
    assert logged_in_user(client).pk == user.pk
    assert memberships(user) == {("Meløy videregående skole", "feide")}
    ((level, text),) = messages_of(response)
    assert level == constants.WARNING
    assert "Feide" in text
    assert "Could not refresh the roles" in caplog.text


def test_a_callback_with_a_forged_state_does_not_log_in(client, feide, nordland):
    owner, meloy, _bodo = nordland
    feide.set_user("teacher-6", groups=staff_groups(owner, meloy))
    callback = feide.authorize(feide.start(client).url, "teacher-6")
    response = client.get(callback.replace("state=", "state=forged"))
    html = response.content.decode()
    assert "<h1>Innloggingen mislyktes</h1>" in html
    assert logged_in_user_or_none(client) is None
    assert not StaffMembership.objects.exists()


def test_denying_at_feide_cancels_the_login(client, feide):
    authorize_url = feide.start(client).url
    denied = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False)
    assert denied.status_code == 302
    callback = urlsplit(denied.headers["Location"])
    assert "error=access_denied" in callback.query
    response = client.get(f"{callback.path}?{callback.query}", follow=True)
    assert response.redirect_chain == [("/konto/3rdparty/login/cancelled/", 302)]
    assert "<h1>Innloggingen ble avbrutt</h1>" in response.content.decode()
    assert logged_in_user_or_none(client) is None


# The groups


def test_demo_users_match_the_demo_data_and_log_in(client, feide):
    call_command("load_demo_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)  # the demo coordinator again, no duplicates
    by_sub = {demo.sub: demo for demo in DEMO_USERS}
    coordinator = SocialAccount.objects.get(provider="feide", uid="koordinator-trondelag").user
    assert [c.county.number for c in CountyCoordinator.objects.filter(user=coordinator)] == ["50"]

    expected = {
        "laerer-meloy": ({"Meløy videregående skole"}, set()),
        "laerer-strinda": ({"Strinda videregående skole"}, set()),
        "koordinator-trondelag": ({"Byåsen videregående skole"}, {"Trøndelag - Trööndelage"}),
        "radgiver-telemark": ({"Telemark fylkeskommune"}, set()),
        # The training office, not the municipality that owns it.
        "opplaering-trondheim": ({"Trondheim kommune opplæringskontoret"}, set()),
        "skole-skien": ({"Skien kommune"}, set()),
        "ansatt-usn": ({"Universitetet i Sørøst-Norge"}, set()),
        "elev-strinda": (set(), set()),
    }
    assert set(by_sub) == set(expected)
    for sub, (schools, counties) in expected.items():
        feide.set_user(sub, **demo_claims(by_sub[sub]))
        feide.login(client, sub)
        user = logged_in_user(client)
        assert {name for name, _source in memberships(user)} == schools, sub
        assert {c.county.name for c in CountyCoordinator.objects.filter(user=user)} == counties
        log_out(client)
    assert User.objects.get(username="koordinator-trondelag").pk == coordinator.pk


# Logging out


def test_header_shows_log_in_or_a_log_out_form(client, django_user_model):
    html = client.get("/").content.decode()
    assert '<a href="/konto/login/">Logg inn</a>' in html
    assert "Logg ut" not in html
    client.force_login(django_user_model.objects.create(username="kari"))
    html = client.get("/").content.decode()
    assert '<form action="/konto/logout/" method="post">' in html
    assert '<button type="submit">Logg ut</button>' in html
    assert ">Logg inn<" not in html


def test_log_out_with_a_post(client, feide, nordland):
    owner, meloy, _bodo = nordland
    feide.set_user("teacher-5", groups=staff_groups(owner, meloy))
    feide.login(client, "teacher-5")
    assert logged_in_user(client)

    confirm = client.get("/konto/logout/")  # a GET only asks
    assert confirm.status_code == 200
    assert "<h1>Logg ut</h1>" in confirm.content.decode()
    assert logged_in_user(client)

    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert response.url == "/"
    assert logged_in_user_or_none(client) is None
    assert client.get("/ansatt/").url.startswith("/konto/login/?next=")
