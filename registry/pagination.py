from django.conf import settings
from django.core.paginator import Paginator

# The page's query parameter. The paging links (templates/includes/pagination.html) set it with
# {% querystring side=… %}, which keeps the other parameters (the filters) as they are.
PAGE_PARAM = "side"


def paginate(request, queryset, per_page: int | None = None, count: int | None = None):
    """The requested page of a queryset; a missing or bad page number gives the nearest page.
    `count`, when the caller knows it (the ids read first), saves the COUNT query."""
    paginator = Paginator(queryset, per_page or settings.PUBLIC_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: the value given stands
    return paginator.get_page(request.GET.get(PAGE_PARAM))
