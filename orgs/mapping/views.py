from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agreements.models import LogMessage, Party
from orgs.mapping.filters import MappingFilter, current_agreements
from orgs.models import Organisation
from registry.pagination import paginate
from registry.permissions import staff_only


@staff_only
@require_GET
def mapping(request):
    """Kartlegging: companies by trade, programme area, place, industry, size and cooperation.

    Each result carries its current agreements and its latest log message, in a fixed number
    of queries: the page, then one query for the agreements and one for the messages.
    """
    companies = Organisation.objects.active().not_schools().select_related("municipality")
    mapping_filter = MappingFilter(request.GET or None, queryset=companies, policy=request.policy)
    page = None
    if mapping_filter.has_criteria():
        latest_message = (
            LogMessage.objects.visible()
            .filter(organisation=OuterRef("pk"))
            .order_by("-created_at")
            .values("pk")[:1]
        )
        results = (
            mapping_filter.qs.annotate(latest_message_id=Subquery(latest_message))
            .prefetch_related(
                "approved_trades",
                Prefetch(
                    "parties",
                    queryset=Party.objects.filter(agreement__in=current_agreements())
                    .select_related("agreement")
                    .order_by("-agreement__valid_to"),
                    to_attr="current_parties",
                ),
            )
            .order_by("name", "pk")
        )
        page = paginate(request, results)
        latest = LogMessage.objects.select_related("author", "author_school").in_bulk(
            [o.latest_message_id for o in page.object_list if o.latest_message_id]
        )
        for organisation in page.object_list:
            organisation.latest_contact = latest.get(organisation.latest_message_id)
    return render(
        request,
        "mapping/companies.html",
        {
            "filter": mapping_filter,
            "page": page,
        },
    )
