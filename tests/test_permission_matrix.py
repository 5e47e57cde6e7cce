"""The permission matrix: every URL the project routes, every kind of user, every action.

`ROUTES` has a row for each routed URL (by view name, or by route where it has none): the
requests to make (GET and each POST action) and the status each kind of user gets.
`test_every_routed_url_has_a_row` walks the resolver and fails when a URL has no row, so a
new page cannot be added unchecked. A refused request must change nothing.
"""

import dataclasses
import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from agreements.models import Agreement, CountyRoutine, ExportJob, LogMessage
from registry.models import User
from tests.factories import AgreementFactory, ProgrammeAreaFactory, TradeFactory
from tests.staff_world import agreement_post_data, build_world

pytestmark = pytest.mark.django_db

USERS = [
    "anonymous",
    "student",
    "no_organisation",
    "party_staff",
    "other_school_staff",
    "owning_coordinator",
    "other_coordinator",
    "superuser",
]
LOGIN = "login"  # a redirect to the login page
ADMIN_LOGIN = "admin login"  # a redirect to the admin's own login page
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def row(default=None, **statuses):
    """The status for each kind of user; anonymous visitors go to the login page by default."""
    expected = {user: default for user in USERS} | {"anonymous": LOGIN}
    expected.update(statuses)
    assert None not in expected.values(), f"every kind of user needs a status: {expected}"
    return expected


NO_RIGHTS = {"student": 403, "no_organisation": 403}
ARCHIVING = {"party_staff": 200, "owning_coordinator": 200, "superuser": 200}
EVERYONE = row(200, anonymous=200)
STAFF_READ = row(200, **NO_RIGHTS)
STAFF_POST = row(302, **NO_RIGHTS)


def acting(ok, refused=403):
    """Staff of a party school, the owning county's coordinators and administrators."""
    return row(
        ok,
        **NO_RIGHTS,
        other_school_staff=refused,
        other_coordinator=refused,
    )


def coordinating(ok):
    """The owning county's coordinators and administrators."""
    return row(403, owning_coordinator=ok, superuser=ok)


def approving(ok):
    return row(403, owning_coordinator=ok, superuser=ok)


@dataclasses.dataclass
class Call:
    method: str
    url: str  # formatted with the world's keys: draft, published, submitted, orgnr, …
    expected: dict
    data: object = None  # a dict, or a function of the world

    def __str__(self):
        return f"{self.method} {self.url}"


def get(url, expected):
    return Call("get", url, expected)


def post(url, expected, data=None):
    return Call("post", url, expected, data or {})


def edit_data(world):
    return agreement_post_data(
        [world.strinda, world.training_office],
        title="Endret tittel",
        version=str(world.draft.version),
    )


ROUTES = {
    # Public pages: everyone.
    "front_page": [get("/?q=strinda", EVERYONE)],
    "school_detail": [get("/skoler/{school_orgnr}/", EVERYONE)],
    "company_detail": [get("/bedrifter/{orgnr}/", EVERYONE)],
    "programme_area_detail": [get("/programomrader/{programme_area}/", EVERYONE)],
    "trade_detail": [get("/larefag/{trade}/", EVERYONE)],
    "agreement_list": [get("/avtaler/", EVERYONE)],
    "agreement_detail": [get("/avtaler/{published}/", EVERYONE)],
    "open_data_csv": [get("/avtaler/eksport.csv", EVERYONE)],
    "open_data_json": [get("/avtaler/eksport.json", EVERYONE)],
    "public_country_overview": [get("/oversikt/", EVERYONE)],
    "public_county_overview": [get("/oversikt/50/", EVERYONE)],
    "public_county_overview_csv": [get("/oversikt/50/tall.csv", EVERYONE)],
    "healthz": [get("/healthz", EVERYONE)],
    "set_language": [post("/i18n/setlang/", row(302, anonymous=302), {"language": "en"})],
    # The PDF: public for a public agreement; the archival version of a draft for its own.
    "agreement_pdf": [
        get("/avtaler/{published}/pdf/", EVERYONE),
        # Anyone else gets what a missing id gets: not whether the agreement exists.
        get("/avtaler/{draft}/pdf/", row(404, anonymous=404, **ARCHIVING)),
        get("/avtaler/999999/pdf/", row(404, anonymous=404)),
    ],
    # Staff pages every staff member reads.
    "staff:home": [get("/ansatt/", STAFF_READ)],
    "staff:agreement_detail": [get("/ansatt/avtaler/{draft}/", STAFF_READ)],
    "staff:agreement_document": [get("/ansatt/avtaler/{draft}/dokument/", STAFF_READ)],
    "staff:organisation_suggestions": [
        get("/ansatt/organisasjoner/forslag/?q=strinda", STAFF_READ)
    ],
    "staff:settings": [
        get("/ansatt/innstillinger/", STAFF_READ),
        post("/ansatt/innstillinger/", STAFF_POST, {}),
    ],
    "mapping:companies": [get("/ansatt/kartlegging/?q=gryt", STAFF_READ)],
    "log:organisation": [
        get("/ansatt/organisasjoner/{orgnr}/", STAFF_READ),
        post("/ansatt/organisasjoner/{orgnr}/", STAFF_POST, {"kind": "note", "body": "Ringt."}),
    ],
    # Registering: staff of a school, for a school they may act for.
    "staff:agreement_create": [
        get("/ansatt/avtaler/ny/", STAFF_READ),
        post(
            "/ansatt/avtaler/ny/",
            acting(302, refused=400),
            lambda world: agreement_post_data([world.strinda, world.training_office]),
        ),
    ],
    # Acting on an agreement: its party schools' staff and its county's coordinators.
    "staff:agreement_edit": [
        get("/ansatt/avtaler/{draft}/endre/", acting(200)),
        post("/ansatt/avtaler/{draft}/endre/", acting(302), edit_data),
    ],
    "staff:agreement_renew": [
        get("/ansatt/avtaler/{published}/forny/", acting(200)),
        post(
            "/ansatt/avtaler/{published}/forny/",
            acting(302),
            lambda world: agreement_post_data([world.strinda, world.training_office]),
        ),
    ],
    "staff:agreement_publish": [
        post("/ansatt/avtaler/{draft}/publiser/", acting(302), {"version": 1})
    ],
    "staff:agreement_withdraw": [
        get("/ansatt/avtaler/{published}/trekk-tilbake/", acting(200)),
        post(
            "/ansatt/avtaler/{published}/trekk-tilbake/",
            acting(302),
            {"version": 1, "reason": "Avtalen er erstattet."},
        ),
    ],
    # Approval: the owning county's coordinators (not the one who sent it).
    "county:agreement_approve": [
        post("/ansatt/avtaler/{submitted}/godkjenn/", approving(302), {"version": 1})
    ],
    "county:agreement_return": [
        post(
            "/ansatt/avtaler/{submitted}/send-tilbake/",
            approving(302),
            {"version": 1, "comment": "Mangler formål."},
        )
    ],
    "county:overview": [get("/ansatt/fylke/50/oversikt/", coordinating(200))],
    "county:overview_csv": [get("/ansatt/fylke/50/oversikt.csv", coordinating(200))],
    "county:approval_queue": [get("/ansatt/fylke/50/godkjenning/", coordinating(200))],
    "county:routine": [
        get("/ansatt/fylke/50/rutiner/", coordinating(200)),
        post("/ansatt/fylke/50/rutiner/", coordinating(302), {"approval_required": "on"}),
    ],
    # The archive export: the county's coordinators and administrators.
    "exports:home": [
        get(
            "/ansatt/eksport/",
            row(403, **NO_RIGHTS, owning_coordinator=302, other_coordinator=302, superuser=200),
        )
    ],
    "exports:county": [
        get("/ansatt/eksport/50/", coordinating(200)),
        post("/ansatt/eksport/50/", coordinating(302), {}),
    ],
    "exports:job": [get("/ansatt/eksport/jobb/{job}/", coordinating(200))],
    "exports:job_status": [get("/ansatt/eksport/jobb/{job}/status.json", coordinating(200))],
    "exports:job_download": [get("/ansatt/eksport/jobb/{job}/arkiv.zip", coordinating(200))],
    # The shared log's messages: only the author corrects; administrators may also delete.
    "log:message_edit": [
        get("/ansatt/logg/{message}/endre/", row(403, **NO_RIGHTS, party_staff=200)),
        post(
            "/ansatt/logg/{message}/endre/",
            row(403, **NO_RIGHTS, party_staff=302),
            {"kind": "note", "body": "Rettet."},
        ),
    ],
    "log:message_delete": [
        post("/ansatt/logg/{message}/slett/", row(403, **NO_RIGHTS, party_staff=302, superuser=302))
    ],
    # Logging in (django-allauth). The login pages are public; these need a login.
    "socialaccount_login_error": [get("/konto/3rdparty/login/error/", row(401))],
    "socialaccount_connections": [get("/konto/3rdparty/", row(200))],
    "konto/social/login/cancelled/": [get("/konto/social/login/cancelled/", row(301))],
    "konto/social/login/error/": [get("/konto/social/login/error/", row(301))],
    "konto/social/signup/": [get("/konto/social/signup/", row(301))],
    "konto/social/connections/": [get("/konto/social/connections/", row(301))],
    # The Django admin keeps its own login, for administrators only.
    "admin/": [
        get("/admin/", row(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, superuser=200)),
        get(
            "/admin/agreements/agreement/{draft}/change/",
            row(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, superuser=200),
        ),
    ],
}
# django-allauth's own pages that are open to everyone (it marks them login_not_required).
PUBLIC_THIRD_PARTY = {
    "account_login",
    "account_logout",
    "account_inactive",
    "socialaccount_login_cancelled",
    "socialaccount_signup",
    "openid_connect_login",
    "openid_connect_callback",
}


def routed_urls(patterns=None, prefix="", namespace=None):
    """(key, route, view) for every URL the project routes; the key is the view name."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from routed_urls(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route, pattern.callback


def row_for(key, route):
    if route.startswith("admin/"):
        return "admin/"
    return key


def test_every_routed_url_has_a_row():
    missing = sorted(
        route
        for key, route, _view in routed_urls()
        if row_for(key, route) not in ROUTES and key not in PUBLIC_THIRD_PARTY
    )
    assert missing == [], f"URLs without a row in the permission matrix: {missing}"
    stale = set(ROUTES) - {row_for(key, route) for key, route, _view in routed_urls()}
    assert stale == set(), f"rows for URLs that are no longer routed: {stale}"


def test_public_views_are_marked_and_the_rest_need_a_login():
    for key, route, view in routed_urls():
        if key in PUBLIC_THIRD_PARTY or route.startswith("admin/"):
            continue
        calls = ROUTES[row_for(key, route)]
        marked_public = getattr(view, "login_required", True) is False
        open_to_anonymous = any(call.expected["anonymous"] != LOGIN for call in calls)
        assert marked_public == open_to_anonymous, f"{route}: public is {marked_public}"


@pytest.fixture
def world():
    world = build_world()
    world.no_organisation = User.objects.create_user(username="no_organisation")
    world.superuser = User.objects.create(username="admin", is_staff=True, is_superuser=True)
    world.draft = world.agreement
    world.draft.document.save("signert.pdf", ContentFile(PDF))
    world.programme_area, world.trade = ProgrammeAreaFactory(), TradeFactory()
    world.published = _agreement(world, Agreement.Status.PUBLISHED, "Publisert avtale")
    world.submitted = _agreement(world, Agreement.Status.SUBMITTED, "Sendt til godkjenning")
    Agreement.objects.filter(pk=world.submitted.pk).update(submitted_by=world.strinda_teacher)
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    world.message = LogMessage.objects.create(
        organisation=world.grytaga,
        author=world.strinda_teacher,
        author_school=world.strinda,
        body="Tok kontakt.",
    )
    world.job = _finished_export_job(world)
    return world


def _agreement(world, status, title):
    return AgreementFactory(
        title=title,
        status=status,
        schools=[world.strinda],
        partners=[world.training_office],
        programme_areas=[world.programme_area],
        trades=[world.trade],
    )


def _finished_export_job(world):
    job = ExportJob.objects.create(
        county=world.strinda.municipality.county,
        requested_by=world.coordinator_trondelag,
        state=ExportJob.State.DONE,
        finished_at=datetime.datetime.now(datetime.UTC),
    )
    job.archive.save("arkiv.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    return job


def users_of(world):
    return {
        "student": world.student,
        "no_organisation": world.no_organisation,
        "party_staff": world.strinda_teacher,
        "other_school_staff": world.meloy_teacher,
        "owning_coordinator": world.coordinator_trondelag,
        "other_coordinator": world.coordinator_nordland,
        "superuser": world.superuser,
    }


def keys_of(world):
    return {
        "draft": world.draft.pk,
        "published": world.published.pk,
        "submitted": world.submitted.pk,
        "orgnr": world.grytaga.orgnr,
        "school_orgnr": world.strinda.orgnr,
        "programme_area": world.programme_area.code,
        "trade": world.trade.code,
        "message": world.message.pk,
        "job": world.job.pk,
    }


def state_of():
    """What a refused request must leave as it was."""
    return {
        "agreements": list(
            Agreement.objects.order_by("pk").values_list("pk", "title", "status", "version")
        ),
        "messages": list(LogMessage.objects.order_by("pk").values_list("pk", "body", "deleted_at")),
        "routines": list(CountyRoutine.objects.values_list("county_id", "approval_required")),
        "jobs": ExportJob.objects.count(),
        "reminders": list(User.objects.order_by("pk").values_list("pk", "reminders_enabled")),
    }


CASES = [(key, call, user) for key, calls in ROUTES.items() for call in calls for user in USERS]


@pytest.mark.parametrize(
    "key, call, user", CASES, ids=[f"{call} {user}" for _key, call, user in CASES]
)
def test_permission_matrix(client, world, key, call, user):
    if user != "anonymous":
        client.force_login(users_of(world)[user])
    keys = keys_of(world)
    url = call.url.format(**keys)
    before = state_of()
    if call.method == "post":
        data = call.data(world) if callable(call.data) else call.data
        response = client.post(url, data)
    else:
        response = client.get(url)
    expected = call.expected[user]

    if expected == LOGIN:
        assert response.status_code == 302, response.content.decode()[:300]
        assert response.url.startswith("/konto/login/?next=")
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/?next=")
    else:
        assert response.status_code == expected, response.content.decode()[:500]
        if response.status_code in (301, 302):
            login_pages = ("/konto/login/", "/admin/login/")
            assert not response.url.startswith(login_pages), "an allowed request needs no login"
    refused = expected in (LOGIN, ADMIN_LOGIN, 400, 403)
    if refused and call.method == "post":
        assert state_of() == before, "a refused request changed nothing"
    if expected == 403:
        assert "<h1>" in response.content.decode(), "the refusal is a page that says why"
