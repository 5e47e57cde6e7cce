"""The public API: read-only, anonymous, every agreement under the public rule
(Agreement.objects.public(), the same as the pages), limited per client address."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status

from agreements.models import Agreement, CooperationType
from agreements.models.agreement import oslo_today
from api import schemas as s
from api import serialize
from api.filters import filtered
from api.pagination import many, page
from orgs.models import County, Municipality, Organisation, ProgrammeArea, Trade
from registry import limits

router = Router(tags=["public"])
ERRORS = {400: s.Error, 404: s.Error, 422: s.Error, 429: s.Error}
LIMIT = Query(50, ge=1, le=100, description="Rows a page (at most 100)")
SINCE = Query(..., description="ISO 8601; without a zone, Oslo time")
CURSOR = Query(
    None, max_length=200, pattern=s.TEXT, description="From the previous page's next_cursor"
)


def _counted(request) -> serialize.Links:
    limits.check_limit(request, limits.API)
    return serialize.Links(request)


def _public_agreements():
    return Agreement.objects.public().for_api()


@router.get("/", response=dict[str, str], url_name="root", summary="The API's resources")
def root(request):
    links = _counted(request)
    names = ["agreements", "agreements/changes", "organisations", "programme-areas", "trades"]
    names += ["counties", "municipalities", "cooperation-types", "schema.json"]
    return {name: links.api(f"/{name}") for name in names}


@router.get(
    "/agreements",
    response={200: s.page_of(s.Agreement), **ERRORS},
    url_name="agreements",
    summary="Public agreements, filtered as on /avtaler/",
)
def agreements(
    request, filters: Query[s.AgreementFilters], cursor: str | None = CURSOR, limit: int = LIMIT
):
    links = _counted(request)
    queryset, errors = filtered(request, _public_agreements(), public=True)
    if errors:
        return Status(400, {"detail": errors})
    today = oslo_today()
    items = many(lambda rows: serialize.agreements(links, rows, today))
    return page(request, queryset, "id", cursor, limit, items, True)


@router.get(
    "/agreements/changes",
    response={200: s.ChangePage, **ERRORS},
    url_name="agreement_changes",
    summary="What a mirror must do since a moment: agreements now public, and tombstones",
)
def agreement_changes(
    request,
    since: datetime.datetime = SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    links = _counted(request)
    until = timezone.now()
    today = oslo_today()
    rows = Agreement.objects.changes_since(since, today).for_api()
    result = page(
        request,
        rows,
        "id",
        cursor,
        limit,
        many(lambda rows: serialize.changes(links, rows, today)),
        True,
    )
    return result | {"until": until}


@router.get(
    "/agreements/{agreement_id}",
    response={200: s.Agreement, **ERRORS},
    url_name="agreement",
    summary="One public agreement",
)
def agreement(request, agreement_id: int = Path(..., ge=1, le=2**62)):
    links = _counted(request)
    row = get_object_or_404(_public_agreements(), pk=agreement_id)
    return serialize.agreements(links, [row])[0]


@router.get(
    "/organisations",
    response={200: s.page_of(s.Organisation), **ERRORS},
    url_name="organisations",
    summary="Schools, companies and other organisations, with their public agreement counts",
)
def organisations(
    request,
    q: str | None = Query(None, max_length=200, pattern=s.TEXT, description="Name or orgnr"),
    school: bool | None = Query(None, description="Only schools (true) or only others (false)"),
    with_agreements: bool = Query(False, description="Only those in a public agreement"),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    links = _counted(request)
    rows = Organisation.objects.all()
    if q and q.strip():
        rows = rows.search(q)
    if school is not None:
        rows = rows.schools() if school else rows.not_schools()
    if with_agreements:
        rows = rows.with_public_agreements()
    rows = serialize.organisations_for_api(rows)
    return page(request, rows, "orgnr", cursor, limit, lambda o: serialize.organisation(links, o))


@router.get(
    "/organisations/{orgnr}",
    response={200: s.Organisation, **ERRORS},
    url_name="organisation",
    summary="One organisation by its organisation number",
)
def organisation(request, orgnr: str = Path(..., pattern=s.ORGNR)):
    links = _counted(request)
    rows = serialize.organisations_for_api(Organisation.objects.all())
    return serialize.organisation(links, get_object_or_404(rows, orgnr=orgnr))


def _reference(path, name, one, schema, queryset, key, serializer, summary):
    """A list and a detail endpoint of one kind of reference data."""

    @router.get(path, response={200: s.page_of(schema), **ERRORS}, url_name=name, summary=summary)
    def listing(request, cursor: str | None = CURSOR, limit: int = LIMIT):
        links = _counted(request)
        return page(request, queryset(request), key, cursor, limit, lambda r: serializer(links, r))

    @router.get(
        f"{path}/{{{key}}}",
        response={200: schema, **ERRORS},
        url_name=one,
        summary=f"One of {summary.lower()}",
    )
    def detail(request, value: str = Path(..., alias=key, pattern=s.CODE)):
        links = _counted(request)
        return serializer(links, get_object_or_404(queryset(request), **{key: value}))

    listing.__name__, detail.__name__ = name, one


_reference(
    "/programme-areas",
    "programme_areas",
    "programme_area",
    s.ProgrammeArea,
    lambda request: ProgrammeArea.objects.select_related("education_programme"),
    "code",
    serialize.programme_area,
    "Programme areas (Grep)",
)
_reference(
    "/trades",
    "trades",
    "trade",
    s.Trade,
    lambda request: Trade.objects.prefetch_related("programme_areas"),
    "code",
    serialize.trade,
    "Trades (Grep)",
)
_reference(
    "/counties",
    "counties",
    "county",
    s.County,
    lambda request: County.objects.all(),
    "number",
    serialize.county,
    "Counties",
)
_reference(
    "/cooperation-types",
    "cooperation_types",
    "cooperation_type",
    s.CooperationType,
    lambda request: CooperationType.objects.all(),
    "slug",
    serialize.cooperation_type,
    "Cooperation types",
)


def _municipalities(request):
    rows = Municipality.objects.select_related("county")
    county = request.GET.get("fylke", "")
    return rows.filter(county__number=county) if county and "\x00" not in county else rows


_reference(
    "/municipalities",
    "municipalities",
    "municipality",
    s.Municipality,
    _municipalities,
    "number",
    serialize.municipality,
    "Municipalities (?fylke= narrows to a county)",
)
