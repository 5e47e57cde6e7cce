"""The permission matrix: every URL the project routes, every kind of user, every action.

`ROUTES` (tests/permission_rows.py) has a row for each routed URL (by view name, or by route
where it has none): the requests to make (GET and each POST action) and the status each kind
of user gets.
`test_every_routed_url_has_a_row` walks the resolver and fails when a URL has no row, so a
new page cannot be added unchecked. A refused request must change nothing.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from agreements.models import Agreement, CountyRoutine, ExportJob, LogMessage, Party, PendingChange
from api.models import ApiToken
from orgs.models import Organisation
from registry.models import User
from tests.agreements.follow_up.items import follow_up_keys, follow_up_state
from tests.agreements.spreadsheet.matrix import import_job_keys, import_state
from tests.factories import (
    AgreementFactory,
    OrganisationFactory,
    ProgrammeAreaFactory,
    TradeFactory,
)
from tests.permission_rows import ADMIN_LOGIN, LOGIN, PUBLIC_THIRD_PARTY, ROUTES, USERS
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def routed_urls(patterns=None, prefix="", namespace=None):
    """(key, route, view) for every URL the project routes; the key is the view name. The
    i18n_patterns' prefix is the active language's, none in bokmål: the routes are the bokmål
    URLs (their /en/ twins: tests/registry/test_languages.py)."""
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
    return matrix_world()


def matrix_world():
    """Every object the matrix's URLs name (keys_of), also for tests/registry/test_languages.py."""
    world = build_world()
    world.no_organisation = User.objects.create_user(username="no_organisation")
    world.superuser = User.objects.create(username="admin", is_staff=True, is_superuser=True)
    world.draft = world.agreement
    world.draft.document.save("signert.pdf", ContentFile(PDF))
    world.programme_area, world.trade = ProgrammeAreaFactory(), TradeFactory()
    world.published = _agreement(world, Agreement.Status.PUBLISHED, "Publisert avtale")
    world.submitted = _agreement(world, Agreement.Status.SUBMITTED, "Sendt til godkjenning")
    Agreement.objects.filter(pk=world.submitted.pk).update(submitted_by=world.strinda_teacher)
    world.change = _pending_change(world)
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    world.message = LogMessage.objects.create(
        organisation=world.grytaga,
        author=world.strinda_teacher,
        author_school=world.strinda,
        body="Tok kontakt.",
    )
    world.job = _finished_export_job(world)
    world.partnership = AgreementFactory(
        title="Partnerskap for karriereveiledning",
        status=Agreement.Status.DRAFT,
        schools=[],
        partners=[
            world.county_authority,
            OrganisationFactory(kind=Organisation.Kind.PUBLIC_AGENCY),
        ],
    )
    world.follow_up = follow_up_keys(world)
    world.imports = import_job_keys(world)
    world.api_token, _secret = ApiToken.issue(
        county=world.strinda.municipality.county,
        name="Arkivsystemet",
        expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        user=world.coordinator_trondelag,
    )
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


def _pending_change(world):
    """A change to the published agreement, with a new document, proposed by Strinda's staff."""
    published = world.published
    change = PendingChange(
        agreement=published,
        proposed_by=world.strinda_teacher,
        based_on_version=published.version,
        document_name="ny.pdf",
        proposal=PendingChange.proposal_of(
            published,
            parties=[
                (world.strinda, Party.Role.SCHOOL, ""),
                (world.training_office, Party.Role.OTHER, "Ny signatar"),
            ],
            cooperation_types=published.cooperation_types.all(),
            programme_areas=[world.programme_area],
            trades=[world.trade],
        )
        | {"title": "Endret publisert avtale"},
    )
    change.document.save("ny.pdf", ContentFile(PDF))
    return change


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
        "school_owner_staff": world.school_owner_staff,
        "training_office_staff": world.training_office_staff,
        "university_staff": world.university_staff,
    }


def keys_of(world):
    return {
        "draft": world.draft.pk,
        "partnership": world.partnership.pk,
        "published": world.published.pk,
        "submitted": world.submitted.pk,
        "orgnr": world.grytaga.orgnr,
        "school_orgnr": world.strinda.orgnr,
        "programme_area": world.programme_area.code,
        "trade": world.trade.code,
        "message": world.message.pk,
        "job": world.job.pk,
        "api_token": world.api_token.pk,
        **world.follow_up,
        **world.imports,
    }


def state_of():
    """What a refused request must leave as it was."""
    return {
        "agreements": list(
            Agreement.objects.order_by("pk").values_list("pk", "title", "status", "version")
        ),
        "messages": list(LogMessage.objects.order_by("pk").values_list("pk", "body", "deleted_at")),
        "routines": list(CountyRoutine.objects.values_list("county_id", "approval_required")),
        "changes": list(PendingChange.objects.values_list("pk", "revision", "returned_at")),
        "jobs": ExportJob.objects.count(),
        "reminders": list(User.objects.order_by("pk").values_list("pk", "reminders_enabled")),
        "responsible_staff": list(
            Agreement.responsible_staff.through.objects.order_by("pk").values_list(
                "agreement", "user"
            )
        ),
        "api_tokens": list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        **follow_up_state(),
        **import_state(),
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
