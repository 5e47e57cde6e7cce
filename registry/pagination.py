from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Window

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


def paginate_by_key(request, queryset, rows, per_page: int | None = None):
    """The page paginate() gives, read by key: the page's keys in the queryset's order with
    the count beside them (COUNT(*) OVER ()) in one narrow query, then the page's rows from
    `rows` (a queryset of the same model with what the list shows, its prefetches) by key.

    For a list whose filter reaches many wide rows: a school's "Mine avtaler" sorted its 1,735
    whole agreements for the twenty of a page, and counted them in a query of its own."""
    paginator = KeyPaginator(queryset, per_page or settings.PUBLIC_PAGE_SIZE, rows=rows)
    return paginator.get_page(request.GET.get(PAGE_PARAM))


class KeyPaginator(Paginator):
    """A Paginator (without orphans) that reads a page as paginate_by_key() says; the count
    comes with the page's keys, and is asked for alone only for a page past the last."""

    def __init__(self, object_list, per_page, *, rows):
        super().__init__(object_list, per_page)
        self.rows = rows

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1  # as Paginator.get_page: not a number, the first page
        page = self._read(number) if number >= 1 else None
        # Below the first or past the last: the last page, as Paginator.get_page gives it.
        return page if page is not None else self._read(self.num_pages, empty=True)

    def _read(self, number, empty=False):
        """Page `number`, or None when it has no rows (unless `empty`: an empty list's page)."""
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(_count=Window(Count("*"))).values_list("pk", "_count")
        keys = list(counted[bottom : bottom + self.per_page])
        if not keys:
            if number == 1:
                self.count = 0  # a cached_property: the value set stands
            elif not empty:
                return None
            return self._get_page([], number, self)
        self.count = keys[0][1]
        by_key = self.rows.in_bulk([pk for pk, _ in keys])
        return self._get_page([by_key[pk] for pk, _ in keys if pk in by_key], number, self)
