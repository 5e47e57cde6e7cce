"""The county's API, with a token (api/auth.py): its agreements in every status, with the
archival fields. Another county's agreement answers 404, as one that does not exist."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status

from agreements.models import Agreement
from api import schemas as s
from api import serialize
from api.auth import TokenAuth, token_policy
from api.filters import filtered
from api.pagination import many, page
from api.public import CURSOR, LIMIT

router = Router(tags=["county (token)"], auth=TokenAuth())
ERRORS = {400: s.Error, 401: s.Error, 404: s.Error, 422: s.Error, 429: s.Error}
STATUS = "^(draft|submitted|published|withdrawn)$"


def _agreements(request):
    rows = Agreement.objects.select_related(
        "county", "framework", "responsible_organisation"
    ).defer("snapshot", "search_text")
    return token_policy(request.auth).agreements(rows)


@router.get(
    "/agreements",
    response={200: s.page_of(s.CountyAgreement), **ERRORS},
    url_name="county_agreements",
    summary="The token's county's agreements, every status, with the archival fields",
)
def county_agreements(
    request,
    filters: Query[s.AgreementFilters],
    status: str | None = Query(None, pattern=STATUS),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    links = serialize.Links(request)
    queryset, errors = filtered(request, _agreements(request))
    if errors:
        return Status(400, {"detail": errors})
    if status:
        queryset = queryset.filter(status=status)
    return page(
        request,
        queryset,
        "id",
        cursor,
        limit,
        many(lambda rows: serialize.county_agreements(links, rows)),
        True,
    )


@router.get(
    "/agreements/{agreement_id}",
    response={200: s.CountyAgreement, **ERRORS},
    url_name="county_agreement",
    summary="One of the county's agreements",
)
def county_agreement(request, agreement_id: int = Path(..., ge=1, le=2**62)):
    agreement = get_object_or_404(_agreements(request), pk=agreement_id)
    return serialize.county_agreements(serialize.Links(request), [agreement])[0]
