"""The rows of the permission matrix (tests/test_permission_matrix.py): for each routed URL,
the requests to make and the status each kind of user gets. A data table."""

import dataclasses

from tests.staff_world import agreement_post_data

USERS = [
    "anonymous",
    "student",
    "no_organisation",
    "party_staff",
    "other_school_staff",
    "owning_coordinator",
    "other_coordinator",
    "superuser",
    # Staff of education organisations that are not schools: the county authority (not party
    # to the world's agreements, but responsible for its partnership), the training office
    # (party to them) and a university (party to none).
    "school_owner_staff",
    "training_office_staff",
    "university_staff",
]
LOGIN = "login"  # a redirect to the login page
ADMIN_LOGIN = "admin login"  # a redirect to the admin's own login page


def row(default=None, **statuses):
    """The status for each kind of user; anonymous visitors go to the login page by default."""
    expected = {user: default for user in USERS} | {"anonymous": LOGIN}
    expected.update(statuses)
    assert None not in expected.values(), f"every kind of user needs a status: {expected}"
    return expected


NO_RIGHTS = {"student": 403, "no_organisation": 403}
ARCHIVING = {
    "party_staff": 200,
    "training_office_staff": 200,
    "owning_coordinator": 200,
    "superuser": 200,
}
EVERYONE = row(200, anonymous=200)
STAFF_READ = row(200, **NO_RIGHTS)
STAFF_POST = row(302, **NO_RIGHTS)


def acting(ok, refused=403):
    """Staff of a party (the school, the training office), the owning county's coordinators
    and administrators."""
    return row(
        ok,
        **NO_RIGHTS,
        other_school_staff=refused,
        other_coordinator=refused,
        school_owner_staff=refused,
        university_staff=refused,
    )


def acting_for_the_partnership(ok, refused=403):
    """The county authority's partnership with NAV: its staff (the responsible party), the
    owning county's coordinators and administrators; no school's."""
    return row(refused, **NO_RIGHTS, school_owner_staff=ok, owning_coordinator=ok, superuser=ok)


def handing_over(ok):
    """Staff of the responsible party (Strinda), the owning county's coordinators and
    administrators; not staff of another party (the training office)."""
    return row(403, **NO_RIGHTS, party_staff=ok, owning_coordinator=ok, superuser=ok)


def hand_over_data(world):
    return {"version": 1, "user": world.strinda_teacher.pk}


def coordinating(ok):
    """The owning county's coordinators and administrators."""
    return row(403, owning_coordinator=ok, superuser=ok)


def importing(ok):
    """The one who uploaded the sheet (Trøndelag's coordinator) and administrators."""
    return row(403, **NO_RIGHTS, owning_coordinator=ok, superuser=ok)


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
    "search_results": [
        get("/sok/?q=strinda&gruppe=skoler", EVERYONE),
        get("/sok/?q=strinda&gruppe=ukjent", row(302, anonymous=302)),
    ],
    "search_suggestions": [get("/sok/forslag/?q=strinda", EVERYONE)],
    "school_detail": [get("/skoler/{school_orgnr}/", EVERYONE)],
    "company_detail": [get("/bedrifter/{orgnr}/", EVERYONE)],
    "programme_area_detail": [get("/programomrader/{programme_area}/", EVERYONE)],
    "trade_detail": [get("/larefag/{trade}/", EVERYONE)],
    # NA: the education programme of the world's programme area (tests/factories.py).
    "education_programme_detail": [
        get("/utdanningsprogram/NA/", EVERYONE),
        get("/utdanningsprogram/NA/?fylke=50&kommune=5001", EVERYONE),
        get("/utdanningsprogram/FINNESIKKE/", row(404, anonymous=404)),
    ],
    "agreement_list": [get("/avtaler/", EVERYONE)],
    "agreement_detail": [get("/avtaler/{published}/", EVERYONE)],
    "open_data_csv": [get("/avtaler/eksport.csv", EVERYONE)],
    "open_data_json": [get("/avtaler/eksport.json", EVERYONE)],
    # The seal check: anyone; a post without a file is told so next to the field.
    "verify_pdf": [get("/verifiser/", EVERYONE), post("/verifiser/", row(400, anonymous=400))],
    "public_country_overview": [get("/oversikt/", EVERYONE)],
    "public_county_overview": [get("/oversikt/50/", EVERYONE)],
    "public_county_overview_csv": [get("/oversikt/50/tall.csv", EVERYONE)],
    # A municipality's picture: public, with a staff section; the pair must match.
    "public_municipality_overview": [
        get("/oversikt/50/5001/", EVERYONE),
        get("/oversikt/18/5001/", row(404, anonymous=404)),
    ],
    "healthz": [get("/healthz", EVERYONE)],
    "about": [get("/om/", EVERYONE)],
    "privacy": [get("/personvern/", EVERYONE)],
    "accessibility": [get("/tilgjengelighet/", EVERYONE)],
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
    # The document proposed in the change to the published agreement that waits for approval.
    "staff:change_document": [get("/ansatt/avtaler/{published}/endring/dokument/", STAFF_READ)],
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
        get("/ansatt/avtaler/{partnership}/endre/", acting_for_the_partnership(200)),
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
    # Naming a new responsible person: the responsible party's staff and the county.
    "staff:agreement_hand_over": [
        get("/ansatt/avtaler/{draft}/ansvarlig/", handing_over(200)),
        post("/ansatt/avtaler/{draft}/ansvarlig/", handing_over(302), hand_over_data),
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
        post("/ansatt/avtaler/{submitted}/godkjenn/", approving(302), {"version": 1}),
        # A change to a published agreement, proposed by staff of its school.
        post("/ansatt/avtaler/{published}/godkjenn/", approving(302), {"version": 1, "change": 1}),
    ],
    "county:agreement_return": [
        post(
            "/ansatt/avtaler/{submitted}/send-tilbake/",
            approving(302),
            {"version": 1, "comment": "Mangler formål."},
        ),
        post(
            "/ansatt/avtaler/{published}/send-tilbake/",
            approving(302),
            {"version": 1, "change": 1, "comment": "Mangler formål."},
        ),
    ],
    "county:overview": [get("/ansatt/fylke/50/oversikt/", coordinating(200))],
    "county:overview_csv": [get("/ansatt/fylke/50/oversikt.csv", coordinating(200))],
    "county:needing_attention": [get("/ansatt/fylke/50/oppfolging/", coordinating(200))],
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
    # The spreadsheet import: every staff member uploads (each row is checked by the policy);
    # an import is followed by the one who uploaded it and administrators.
    "spreadsheet:home": [
        get("/ansatt/import/", STAFF_READ),
        post("/ansatt/import/", row(400, **NO_RIGHTS), {}),
    ],
    "spreadsheet:template_xlsx": [get("/ansatt/import/mal.xlsx", STAFF_READ)],
    "spreadsheet:template_csv": [get("/ansatt/import/mal.csv", STAFF_READ)],
    "spreadsheet:export_xlsx": [get("/ansatt/import/mine-avtaler.xlsx", STAFF_READ)],
    "spreadsheet:preview": [
        get("/ansatt/import/{import_preview}/", importing(200)),
        get("/ansatt/import/{import_done}/", importing(302)),
        post("/ansatt/import/{import_preview}/", importing(302), {"leave_out": ["2"]}),
    ],
    "spreadsheet:progress": [
        get("/ansatt/import/{import_done}/framdrift/", importing(200)),
        get("/ansatt/import/{import_preview}/framdrift/", importing(302)),
    ],
    "spreadsheet:report": [get("/ansatt/import/{import_done}/rapport.csv", importing(200))],
    # The national registers' refresh (its last runs and failures): administrators only.
    "registers:status": [get("/ansatt/registre/", row(403, superuser=200))],
    # An agreement's follow-up: every staff member reads it and its PDFs; those who may act
    # on the agreement change it.
    "follow_up:plan_create": [
        get("/ansatt/avtaler/{draft}/oppfolging/arsplan/ny/", acting(200)),
        post(
            "/ansatt/avtaler/{draft}/oppfolging/arsplan/ny/",
            acting(302),
            {"school_year": "2039–2040", "text": "Plan for året."},
        ),
    ],
    "follow_up:plan_edit": [
        get("/ansatt/avtaler/{draft}/oppfolging/arsplan/{plan}/endre/", acting(200)),
        post(
            "/ansatt/avtaler/{draft}/oppfolging/arsplan/{plan}/endre/",
            acting(302),
            {"school_year": "2039–2040", "text": "Endret plan."},
        ),
    ],
    "follow_up:plan_delete": [
        post("/ansatt/avtaler/{draft}/oppfolging/arsplan/{plan}/slett/", acting(302))
    ],
    "follow_up:plan_document": [
        get("/ansatt/avtaler/{draft}/oppfolging/arsplan/{plan}/dokument/", STAFF_READ)
    ],
    "follow_up:meeting_create": [
        get("/ansatt/avtaler/{draft}/oppfolging/mote/ny/", acting(200)),
        post(
            "/ansatt/avtaler/{draft}/oppfolging/mote/ny/",
            acting(302),
            {"date": "2026-09-01", "kind": "yearly", "minutes": "Gjennomgått."},
        ),
    ],
    "follow_up:meeting_edit": [
        get("/ansatt/avtaler/{draft}/oppfolging/mote/{meeting}/endre/", acting(200)),
        post(
            "/ansatt/avtaler/{draft}/oppfolging/mote/{meeting}/endre/",
            acting(302),
            {"date": "2026-09-02", "kind": "other", "minutes": "Endret."},
        ),
    ],
    "follow_up:meeting_delete": [
        post("/ansatt/avtaler/{draft}/oppfolging/mote/{meeting}/slett/", acting(302))
    ],
    "follow_up:meeting_document": [
        get("/ansatt/avtaler/{draft}/oppfolging/mote/{meeting}/referat/", STAFF_READ)
    ],
    "follow_up:evaluation_create": [
        get("/ansatt/avtaler/{draft}/oppfolging/evaluering/ny/", acting(200)),
        post(
            "/ansatt/avtaler/{draft}/oppfolging/evaluering/ny/",
            acting(302),
            {"date": "2026-09-01", "achieved": "Mye."},
        ),
    ],
    "follow_up:evaluation_edit": [
        get("/ansatt/avtaler/{draft}/oppfolging/evaluering/{evaluation}/endre/", acting(200)),
        post(
            "/ansatt/avtaler/{draft}/oppfolging/evaluering/{evaluation}/endre/",
            acting(302),
            {"date": "2026-09-01", "achieved": "Endret."},
        ),
    ],
    "follow_up:evaluation_delete": [
        post("/ansatt/avtaler/{draft}/oppfolging/evaluering/{evaluation}/slett/", acting(302))
    ],
    # The PDFs of follow-up marked public, of a public agreement: everyone; of anything else
    # (staff-only, or of an agreement that is not public) what a missing id gets.
    "public_plan_document": [
        get("/avtaler/{published}/arsplan/{public_plan}/dokument/", EVERYONE),
        get("/avtaler/{published}/arsplan/{hidden_plan}/dokument/", row(404, anonymous=404)),
        get("/avtaler/{draft}/arsplan/{plan}/dokument/", row(404, anonymous=404)),
    ],
    "public_meeting_document": [
        get("/avtaler/{published}/mote/{public_meeting}/referat/", EVERYONE),
        get("/avtaler/{published}/mote/{hidden_meeting}/referat/", row(404, anonymous=404)),
        get("/avtaler/{draft}/mote/{meeting}/referat/", row(404, anonymous=404)),
    ],
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
API_TOKEN_HOLDERS = row(403, owning_coordinator=200, other_coordinator=200, superuser=200)


def api_token_data(world):
    import datetime

    return {
        "county": world.strinda.municipality.county.pk,
        "name": "Arkivsystemet",
        "expires_on": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
    }


# The open API (api/): public for everyone, whoever is logged in; the county's operations need
# a token, which no session replaces (401 for every kind of user).
TOKEN_ONLY = row(401, anonymous=401)
ROUTES |= {
    "api_docs": [get("/api/", EVERYONE)],
    "api_v1:openapi-json": [get("/api/v1/schema.json", EVERYONE)],
    "api_v1:root": [get("/api/v1/", EVERYONE)],
    "api_v1:api-root": [get("/api/v1/", EVERYONE)],
    "api_v1:agreements": [get("/api/v1/agreements?fylke=50", EVERYONE)],
    "api_v1:agreement_changes": [
        get("/api/v1/agreements/changes?since=2000-01-01T00:00:00Z", EVERYONE)
    ],
    "api_v1:agreement": [
        get("/api/v1/agreements/{published}", EVERYONE),
        get("/api/v1/agreements/{draft}", row(404, anonymous=404)),
    ],
    "api_v1:organisations": [get("/api/v1/organisations?school=true", EVERYONE)],
    "api_v1:organisation": [get("/api/v1/organisations/{school_orgnr}", EVERYONE)],
    "api_v1:programme_areas": [get("/api/v1/programme-areas", EVERYONE)],
    "api_v1:programme_area": [get("/api/v1/programme-areas/{programme_area}", EVERYONE)],
    "api_v1:trades": [get("/api/v1/trades", EVERYONE)],
    "api_v1:trade": [get("/api/v1/trades/{trade}", EVERYONE)],
    "api_v1:counties": [get("/api/v1/counties", EVERYONE)],
    "api_v1:county": [get("/api/v1/counties/50", EVERYONE)],
    "api_v1:municipalities": [get("/api/v1/municipalities?fylke=50", EVERYONE)],
    "api_v1:municipality": [get("/api/v1/municipalities/5001", EVERYONE)],
    "api_v1:cooperation_types": [get("/api/v1/cooperation-types", EVERYONE)],
    "api_v1:cooperation_type": [get("/api/v1/cooperation-types/yff", EVERYONE)],
    "api_v1:county_agreements": [get("/api/v1/county/agreements", TOKEN_ONLY)],
    "api_v1:county_agreement": [get("/api/v1/county/agreements/{draft}", TOKEN_ONLY)],
    # The coordinators' API tokens: a coordinator makes one for a county they coordinate.
    "api_tokens:tokens": [
        get("/ansatt/api-nokler/", API_TOKEN_HOLDERS),
        post(
            "/ansatt/api-nokler/",
            row(403, owning_coordinator=200, other_coordinator=400, superuser=200),
            api_token_data,
        ),
    ],
    "api_tokens:revoke": [
        post(
            "/ansatt/api-nokler/{api_token}/trekk-tilbake/",
            row(403, owning_coordinator=302, other_coordinator=404, superuser=302),
        )
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
