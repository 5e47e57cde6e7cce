from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agreements.models import LogMessage, Party
from orgs.mapping.filters import MappingFilter, current_agreements
from orgs.models import Organisation
from registry import limits
from registry.pagination import paginate
from registry.permissions import staff_only

# A training office can be party to thousands of current agreements: each card lists the
# latest ones and says how many more there are.
AGREEMENTS_SHOWN = 5


@staff_only
@require_GET
@limits.limited(limits.STAFF_MAPPING)
def mapping(request):
    """Kartlegging: companies by trade, programme area, place, industry, size and cooperation.

    Each result carries its latest current agreements (AGREEMENTS_SHOWN) and its latest log
    message, in a fixed number of queries: the count, the page, then one query each for the
    trades, the agreements and the messages. The page is read in two steps in one query: the
    ids of its rows, which PostgreSQL finds in an index (organisation_active_place_idx) however
    deep the page, then those rows with their municipality, counts and latest message.
    """
    companies = Organisation.objects.active().not_schools()
    mapping_filter = MappingFilter(request.GET or None, queryset=companies, policy=request.policy)
    page = None
    if mapping_filter.has_criteria():
        page = paginate(request, mapping_filter.qs.order_by("name", "pk").values("pk"))
        latest_message = (
            LogMessage.objects.visible()
            .filter(organisation=OuterRef("pk"))
            .order_by("-created_at")
            .values("pk")[:1]
        )
        current_count = (
            Party.objects.filter(organisation=OuterRef("pk"), agreement__in=current_agreements())
            .order_by()
            .values("organisation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        page.object_list = list(
            Organisation.objects.filter(pk__in=page.object_list)
            .select_related("municipality")
            .annotate(latest_message_id=Subquery(latest_message))
            .prefetch_related(
                "approved_trades",
                Prefetch(
                    "parties",
                    queryset=Party.objects.filter(agreement__in=current_agreements())
                    .select_related("agreement")
                    .order_by("-agreement__valid_to", "pk")[:AGREEMENTS_SHOWN],
                    to_attr="current_parties",
                ),
            )
            .annotate(current_agreement_count=Coalesce(Subquery(current_count), 0))
            .order_by("name", "pk")
        )
        latest = LogMessage.objects.select_related("author", "author_school").in_bulk(
            [o.latest_message_id for o in page.object_list if o.latest_message_id]
        )
        for organisation in page.object_list:
            organisation.latest_contact = latest.get(organisation.latest_message_id)
            organisation.more_agreements = organisation.current_agreement_count - len(
                organisation.current_parties
            )
    return render(
        request,
        "mapping/companies.html",
        {
            "filter": mapping_filter,
            "page": page,
        },
    )
