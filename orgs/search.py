"""The public search: organisations, programme areas and trades found by one query, each group
ranked by registry.text.SearchableQuerySet.ranked_search, with its count.

The front page shows the first few of each group; /sok/?q=…&gruppe=… shows one group in full,
paged. The organisations cost one query (the first rows of both groups and their counts,
through window functions), plus one for the shown organisations' public agreement counts, and
one of the words table before them when a word is long enough to be a typo;
the programme areas and the trades, few, one query each for every match.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, F, OrderBy, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation, ProgrammeArea, Trade
from registry.text import SearchQuery

SHOWN_PER_GROUP = 5
# The front page ranks at most this many organisations of each group (and counts to it): the
# first that come and the first whose name starts with the query. A rare or realistic query
# has fewer; a word in 5 % of the country's names is ranked over these (README, "Search").
CANDIDATES = 500
SUGGESTED_PER_GROUP = 3
# Suggestions start at this many letters or digits, typed.
MIN_SUGGESTED_QUERY = 2


@dataclass
class Group:
    """One group of results: its slug in /sok/?gruppe=, its heading and its first rows."""

    slug: str
    heading: str
    results: list = field(default_factory=list)
    count: int = 0
    # The count is a lower bound: the front page ranks at most CANDIDATES of a group.
    at_least: bool = False

    @property
    def more(self) -> bool:
        return self.count > len(self.results)


GROUPS = {
    "skoler": _("Schools"),
    "virksomheter": _("Companies and other organisations"),
    "programomrader": _("Programme areas"),
    "larefag": _("Trades"),
}


SCHOOL_GROUPS = (Q(kind__in=Organisation.SCHOOL_KINDS), ~Q(kind__in=Organisation.SCHOOL_KINDS))


def ranked_organisations(query, candidates=None):
    # Only what a result shows: a common word matches thousands of rows, all sorted.
    return (
        Organisation.objects.active()
        .ranked_search(query, candidates=candidates, groups=SCHOOL_GROUPS)
        .select_related("municipality")
        .only("orgnr", "name", "kind", "municipality__name")
    )


def ranked(slug: str, query):
    """The whole ranked list of one group, for /sok/."""
    if slug == "skoler":
        return ranked_organisations(query).schools()
    if slug == "virksomheter":
        return ranked_organisations(query).not_schools()
    model = ProgrammeArea if slug == "programomrader" else Trade
    return model.objects.ranked_search(query)


def _window_order(queryset) -> list:
    """The queryset's order_by, as the expressions a window function's ORDER BY takes."""
    order = []
    for key in queryset.query.order_by:
        if not isinstance(key, str):
            order.append(key if isinstance(key, OrderBy) else key.asc())
        elif key.startswith("-"):
            order.append(F(key[1:]).desc())
        else:
            order.append(F(key).asc())
    return order


def _first_and_count(queryset, per_group: int, partition=None) -> list:
    """The first `per_group` rows of `queryset` (per partition) with `group_count`, one query."""
    order = _window_order(queryset)
    partition_by = [partition] if partition is not None else None
    return list(
        queryset.annotate(
            group_count=Window(Count("pk"), partition_by=partition_by),
            group_row=Window(RowNumber(), partition_by=partition_by, order_by=order),
        )
        .filter(group_row__lte=per_group)
        .order_by("group_row")
    )


def with_public_agreement_counts(organisations: list) -> list:
    """Sets public_agreement_count on each of `organisations`: one query for all of them."""
    counts = dict(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        .with_public_agreement_count()
        .values_list("pk", "public_agreement_count")
    )
    for organisation in organisations:
        organisation.public_agreement_count = counts.get(organisation.pk, 0)
    return organisations


def _first_organisations(query: SearchQuery, per_group: int) -> list:
    """The first organisations of both groups, in one query (and one of the words table first
    when a word may be a typo: registry.text, _misspelt_words)."""
    is_school = Case(
        When(SCHOOL_GROUPS[0], then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    ranked = ranked_organisations(query, CANDIDATES).annotate(in_school_group=is_school)
    return _first_and_count(ranked, per_group, F("in_school_group"))


def search_everything(
    typed, per_group: int = SHOWN_PER_GROUP, agreement_counts: bool = True
) -> list[Group]:
    """The front page's groups, in the order shown; empty ones included (their count is 0).
    With agreement_counts, each organisation shown has its public_agreement_count."""
    query = SearchQuery.parse(typed)
    groups = {slug: Group(slug, heading) for slug, heading in GROUPS.items()}
    if not query:
        return list(groups.values())
    organisations = _first_organisations(query, per_group)
    if agreement_counts:
        with_public_agreement_counts(organisations)
    for organisation in organisations:
        group = groups["skoler" if organisation.in_school_group else "virksomheter"]
        group.results.append(organisation)
        group.count = organisation.group_count
        group.at_least = group.count >= CANDIDATES
    for slug, model in (("programomrader", ProgrammeArea), ("larefag", Trade)):
        # A few hundred rows at most: every match read, as plain a query as there is.
        rows = list(model.objects.ranked_search(query))
        groups[slug].results = rows[:per_group]
        groups[slug].count = len(rows)
    return list(groups.values())


def suggestions(typed, per_group: int = SUGGESTED_PER_GROUP) -> list[dict]:
    """What the front page's search box suggests as the user types: the best few of each
    group, as {label, detail, url, group}."""
    found = []
    for group in search_everything(typed, per_group, agreement_counts=False):
        for hit in group.results:
            if isinstance(hit, Organisation):
                label, detail = hit.name, hit.municipality.name if hit.municipality else ""
            else:
                label, detail = hit.title, getattr(hit, "get_level_display", lambda: "")()
            found.append(
                {
                    "label": label,
                    "detail": detail,
                    "url": hit.get_absolute_url(),
                    "group": str(group.heading),
                }
            )
    return found
