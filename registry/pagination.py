from django.conf import settings
from django.core.paginator import Paginator

PAGE_PARAM = "side"


def paginate(request, queryset, per_page: int | None = None):
    """The requested page of a queryset; a missing or bad page number gives the nearest page."""
    paginator = Paginator(queryset, per_page or settings.PUBLIC_PAGE_SIZE)
    return paginator.get_page(request.GET.get(PAGE_PARAM))


def query_string_without_page(request) -> str:
    """The current filters as a query string, for the paging links to add the page to."""
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return query.urlencode()
