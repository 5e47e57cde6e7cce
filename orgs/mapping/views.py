from django.shortcuts import render
from django.views.decorators.http import require_GET

from orgs.mapping.filters import MappingFilter
from orgs.mapping.results import companies_page
from orgs.models import Organisation
from registry import limits
from registry.permissions import staff_only


@staff_only
@require_GET
@limits.limited(limits.STAFF_MAPPING)
def mapping(request):
    """Kartlegging: companies by trade, programme area, place, industry, size and cooperation,
    each with its trades, latest current agreements and latest log message
    (orgs.mapping.results)."""
    companies = Organisation.objects.active().not_schools()
    mapping_filter = MappingFilter(request.GET or None, queryset=companies, policy=request.policy)
    page = companies_page(request, mapping_filter) if mapping_filter.has_criteria() else None
    return render(request, "mapping/companies.html", {"filter": mapping_filter, "page": page})
