"""A county's companies by name, read from one ordered scan a municipality (PostgreSQL)."""

from django.db.models import Subquery, Value
from django.db.models.expressions import RawSQL

from orgs.models import Municipality

# Stands for a municipality number in the SQL of one part: no real number is like it.
_NUMBER = "municipality-number"


class ByMunicipality:
    """The ids of `companies` (a queryset of organisations, not yet narrowed by place) in
    these municipalities, by name and then id, as the paginator slices a list.

    Each municipality is one part of a UNION ALL, ordered by name from the index
    organisation_active_place_idx (municipality, name, id, kind), and PostgreSQL merges the
    parts (Merge Append): a page costs the rows before it in the index, where a filter on
    the county reads and sorts every company of it (page 500 of Nordland's 27,000). The
    part's SQL is made once and repeated with each number as its parameter (the ORM would
    build, and compile, a queryset a municipality, and it drops the id from a part's ORDER
    BY). A slice is a subquery of the page's ids (RawSQL), for `pk__among`.

    The first page is a slice of `by_name` (the same companies, filtered by the county):
    PostgreSQL finds its twenty rows by walking the name index, quicker than it plans the
    union of a county's forty-odd parts (about 6 ms).
    """

    def __init__(self, by_name, companies, numbers: list[str]):
        # Not named `ordered`: the paginator reads that attribute as QuerySet.ordered.
        self.by_name, self.companies, self.numbers = by_name, companies, numbers

    def __getitem__(self, page: slice):
        if not page.start:
            return self.by_name[page]
        place = Municipality.objects.filter(number=Value(_NUMBER)).order_by().values("pk")
        part = self.companies.filter(municipality_id=Subquery(place[:1])).order_by("name", "pk")
        part_sql, part_params = part.values_list("pk", "name").query.sql_with_params()
        params = []
        for number in self.numbers:
            params.extend(number if value == _NUMBER else value for value in part_params)
        union = " UNION ALL ".join([f"({part_sql})"] * len(self.numbers))
        sql = (
            f'SELECT "id" FROM ({union}) AS "found" ("id", "name") ORDER BY "name", "id" '
            "LIMIT %s OFFSET %s"
        )
        return RawSQL(sql, (*params, page.stop - page.start, page.start))
