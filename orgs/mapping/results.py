"""The mapping's page of results: which companies, and what each card shows, in a fixed
number of queries however many companies are found or listed on a card.

The count (none when the filter is `bounded`: the ids are read at once, in order), then the
page's rows with their municipality and the id of their latest log message, found by the
ids of the page in the same query; then one narrow query each for the rows' trades, their
latest current agreements with how many they have, and their latest messages.
"""

from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from agreements.models import LogMessage, Party
from orgs.mapping.filters import current_agreements
from orgs.models import Organisation
from registry.expressions import Ids
from registry.pagination import paginate

# A training office can be party to thousands of current agreements: each card lists the
# latest ones and says how many more there are.
AGREEMENTS_SHOWN = 5


def companies_page(request, mapping_filter):
    """The requested page of the companies the filter finds, each with `trades`,
    `current_agreements` ([(id, title)], the latest AGREEMENTS_SHOWN), `more_agreements` and
    `latest_contact` (a LogMessage or None)."""
    ordered = mapping_filter.in_list_order()
    if mapping_filter.bounded:
        page = paginate(request, list(ordered.values_list("pk", flat=True)))
        on_page = Ids(page.object_list)
    else:
        page = paginate(request, ordered, count=mapping_filter.qs.count())
        on_page = page.object_list
    latest_message = (
        LogMessage.objects.visible()
        .filter(organisation=OuterRef("pk"))
        .order_by("-created_at")
        .values("pk")[:1]
    )
    companies = list(
        Organisation.objects.filter(pk__among=on_page)
        .select_related("municipality")
        .only("orgnr", "name", "employees", "industry_code", "municipality__name")
        .annotate(latest_message_id=Subquery(latest_message))
        .order_by("name", "pk")
    )
    ids = Ids(company.pk for company in companies)
    trades, agreements = _trades(ids), _latest_agreements(ids)
    messages = _messages([c.latest_message_id for c in companies if c.latest_message_id])
    for company in companies:
        company.trades = trades.get(company.pk, [])
        company.current_agreements, total = agreements.get(company.pk, ([], 0))
        company.more_agreements = total - len(company.current_agreements)
        company.latest_contact = messages.get(company.latest_message_id)
    page.object_list = companies
    return page


def _trades(ids) -> dict[int, list]:
    """{organisation id: the trades it is an approved training company for, by title}."""
    through = Organisation.approved_trades.through
    trades = {}
    links = (
        through.objects.filter(organisation_id__among=ids)
        .select_related("trade")
        .only("organisation_id", "trade__title_nb", "trade__title_en")
        .order_by("trade__title_nb")
    )
    for link in links:
        trades.setdefault(link.organisation_id, []).append(link.trade)
    return trades


def _latest_agreements(ids) -> dict[int, tuple[list, int]]:
    """{organisation id: ([(agreement id, title)], how many current agreements in all)}: the
    latest AGREEMENTS_SHOWN by end date, and the count, from one read of its parties."""
    by_organisation = {"partition_by": F("organisation_id")}
    parties = (
        Party.objects.filter(organisation_id__among=ids, agreement__in=current_agreements())
        .annotate(
            rank=Window(
                RowNumber(),
                order_by=[F("agreement__valid_to").desc(), F("pk").asc()],
                **by_organisation,
            ),
            total=Window(Count("pk"), **by_organisation),
        )
        .filter(rank__lte=AGREEMENTS_SHOWN)
        .values_list("organisation_id", "agreement_id", "agreement__title", "total", "rank")
    )
    latest = {}
    for organisation_id, agreement_id, title, total, _rank in sorted(parties, key=_by_rank):
        shown, _total = latest.get(organisation_id, ([], total))
        shown.append((agreement_id, title))
        latest[organisation_id] = (shown, total)
    return latest


def _by_rank(row):
    return row[0], row[4]


def _messages(ids) -> dict:
    """The log messages by id, with what a card's byline shows of their author and school."""
    if not ids:
        return {}
    messages = LogMessage.objects.select_related("author", "author_school").only(
        "kind",
        "body",
        "created_at",
        "author__username",
        "author__first_name",
        "author__last_name",
        "author_school__name",
    )
    return messages.in_bulk(ids)
