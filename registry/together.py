"""Several short lists read in one query: a UNION ALL of querysets of different models, each
row back as an instance of its own model, in its queryset's order.

A page that shows a few short lists (an agreement's cooperation types, programme areas,
trades, responsible staff and renewals; its follow-up of three kinds) pays one round trip
instead of one a list. Each part reads the columns it names (all of its model's by default;
the others are deferred and loaded on access, as with only()); the union's columns are all of
the parts', a part's missing ones a NULL of the column's type. A part may name an `owner`: a
lookup whose value comes back beside each instance (the agreement a link belongs to).

`ReadTogether` is a Prefetch that a `ReadsTogether` queryset reads in one query with its
other ReadTogether lookups; anywhere else (prefetch_related_objects) it is a plain Prefetch.
The lists are filled as prefetch_related fills them: `agreement.trades.all()` runs no query.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, IntegerField, Prefetch, QuerySet, Value, Window
from django.db.models.fields.related import ManyToManyField
from django.db.models.functions import Cast, RowNumber


@dataclass
class Part:
    queryset: QuerySet
    fields: Sequence[str] = ()  # attnames or names of concrete fields; all when empty
    owner: str | None = None

    def attnames(self) -> list[str]:
        """The columns read, in the model's field order (Model.from_db's), the key always."""
        wanted = set(self.fields)
        meta = self.queryset.model._meta
        return [
            f.attname
            for f in meta.concrete_fields
            if not wanted or f.primary_key or f.attname in wanted or f.name in wanted
        ]


def read_together(parts: dict[str, Part]) -> dict[str, list[tuple[object, object]]]:
    """{key: [(owner, instance), …]} for each part, in the part's queryset's order (its
    order_by, else its model's ordering, then the key), in one query."""
    names = {key: part.attnames() for key, part in parts.items()}
    columns = {}  # attname: the field whose type the union's column has
    for key, part in parts.items():
        for attname in names[key]:
            field = part.queryset.model._meta.get_field(attname)
            columns.setdefault(attname, field.target_field if field.is_relation else field)
    queries = []
    for index, (key, part) in enumerate(parts.items()):
        queryset, own = part.queryset, set(names[key])
        ordering = [*(queryset.query.order_by or queryset.model._meta.ordering), "pk"]
        queries.append(
            queryset.order_by().values_list(
                Value(index, output_field=IntegerField()),
                F(part.owner) if part.owner else _null(IntegerField()),
                Window(RowNumber(), order_by=ordering),
                *(F(name) if name in own else _null(field) for name, field in columns.items()),
            )
        )
    # A union takes its first part's model's ordering: none, the rows are sorted here.
    rows = queries[0].union(*queries[1:], all=True).order_by() if len(queries) > 1 else queries[0]
    position = {name: offset for offset, name in enumerate(columns, start=3)}
    keys = list(parts)
    found = {key: [] for key in parts}
    for row in sorted(rows, key=lambda row: (row[0], row[2])):
        key = keys[row[0]]
        queryset = parts[key].queryset
        values = [row[position[name]] for name in names[key]]
        found[key].append((row[1], queryset.model.from_db(queryset.db, names[key], values)))
    return found


def _null(field):
    """A NULL of the column's type: PostgreSQL types a UNION's columns pairwise, and two bare
    NULLs before a date would make the column text."""
    return Cast(Value(None), output_field=field)


class ReadTogether(Prefetch):
    """A Prefetch of a many-valued relation (a many-to-many field, or the reverse of a foreign
    key) that a ReadsTogether queryset reads with its other ReadTogether lookups in one query.
    `fields`: the columns of the related rows to read (all by default)."""

    def __init__(self, lookup: str, queryset=None, fields: Sequence[str] = ()):
        super().__init__(lookup, queryset)
        self.fields = fields


class ReadsTogether:
    """A QuerySet mixin: its ReadTogether lookups are read in one query (prefetch_together);
    the others as prefetch_related reads them."""

    def _prefetch_related_objects(self):
        together = [
            lookup for lookup in self._prefetch_related_lookups if isinstance(lookup, ReadTogether)
        ]
        if together and self._result_cache:
            prefetch_together(self._result_cache, together)
        super()._prefetch_related_objects()  # finds the lists filled and reads them no more


def prefetch_together(instances, lookups: Sequence[ReadTogether]) -> None:
    """Fills the lists of these ReadTogether lookups on the instances (of one model), as
    prefetch_related would, in one query."""
    meta = type(instances[0])._meta
    ids = [instance.pk for instance in instances]
    parts = {}
    for lookup in lookups:
        relation = meta.get_field(lookup.prefetch_to)
        # The lookup from the related rows back to the instances.
        back = (
            relation.related_query_name()
            if isinstance(relation, ManyToManyField)
            else relation.field.name
        )
        queryset = lookup.queryset
        if queryset is None:
            queryset = relation.related_model._default_manager.all()
        parts[lookup.prefetch_to] = Part(
            queryset.filter(**{f"{back}__in": ids}), lookup.fields, owner=back
        )
    for name, rows in read_together(parts).items():
        by_owner = defaultdict(list)
        for owner, row in rows:
            by_owner[owner].append(row)
        for instance in instances:
            cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
            cache.pop(name, None)
            listed = getattr(instance, name).get_queryset()  # lazy: no query
            listed._result_cache, listed._prefetch_done = by_owner.get(instance.pk, []), True
            cache[name] = listed
