"""The open data: the public agreements as CSV and JSON (/avtaler/eksport.csv and .json).

Both are streamed, and read as plain rows (`values_list`), never as model instances. The ids
of the agreements the list's filters give are read first, in one query; then the agreements
come in batches of OPEN_DATA_BATCH by id, each batch in two queries: the agreements, with the
ids of their cooperation types, programme areas and trades aggregated as arrays by index
(PostgreSQL; elsewhere one more query each), and their parties. The vocabularies (types,
areas, trades) are read once, to turn those ids into codes in their models' order. A
county's 10,000 agreements are five batches, and the first rows go out after the first.
"""

import csv
import json
from collections import defaultdict

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.urls import reverse

from agreements.exports.formats import csv_cell, in_pieces, json_array
from agreements.models import Agreement, Party

OPEN_DATA_COLUMNS = [
    "id",
    "title",
    "url",
    "valid_from",
    "valid_to",
    "upcoming",
    "county",
    "responsible_organisation",
    "framework",
    "signed_on",
    "signed_place",
    "purpose",
    "cooperation_types",
    "parties",
    "programme_areas",
    "trades",
]
OPEN_DATA_BATCH = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

AGREEMENT_FIELDS = (
    "pk",
    "title",
    "valid_from",
    "valid_to",
    "county__number",
    "responsible_organisation__orgnr",
    "framework_id",
    "signed_on",
    "signed_place",
    "purpose",
)
# A party's keys in the open data, and the fields they are read from, in their order.
PARTY_KEYS = ("name", "orgnr", "role", "commitment", "cost_amount", "cost_rule")
PARTY_FIELDS = (
    "organisation__name",
    "organisation__orgnr",
    "role",
    "commitment",
    "cost_amount",
    "cost_rule",
)
PARTY_ORDER = ("role", "organisation__name", "pk")
# The vocabularies an agreement refers to, and the field of each exported as its code.
VOCABULARIES = {
    "cooperation_types": (Agreement.cooperation_types, "slug"),
    "programme_areas": (Agreement.programme_areas, "code"),
    "trades": (Agreement.trades, "code"),
}


def open_data_records(queryset, request, today):
    """The public fields of each agreement of `queryset` (public agreements), as dicts, by id."""
    url_of = _agreement_urls(request)
    frameworks = _public_frameworks(today)
    vocabularies = {name: _vocabulary(*relation) for name, relation in VOCABULARIES.items()}
    types, areas, trades = (vocabularies[name] for name in VOCABULARIES)
    for rows in _batches(queryset, today):
        for (
            pk,
            title,
            valid_from,
            valid_to,
            county,
            responsible,
            framework,
            signed_on,
            signed_place,
            purpose,
            type_ids,
            area_ids,
            trade_ids,
            parties,
        ) in rows:
            yield {
                "id": pk,
                "title": title,
                "url": url_of(pk),
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat(),
                "upcoming": valid_from > today,
                "county": county,
                "responsible_organisation": responsible,
                # The framework's id when it is public too; else none (the public rule).
                "framework": framework if framework in frameworks else None,
                "signed_on": signed_on.isoformat() if signed_on else None,
                "signed_place": signed_place,
                "purpose": purpose,
                "cooperation_types": _codes(type_ids, types),
                "parties": parties or [],
                "programme_areas": _codes(area_ids, areas),
                "trades": _codes(trade_ids, trades),
            }


def _batches(queryset, today):
    """The agreements' rows in batches of OPEN_DATA_BATCH by id, each row ending with its
    relations: the ids of its cooperation types, programme areas and trades, and its parties
    as dicts. Each batch is found by its ids, without running the list's filters again."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True).distinct())
    rows = Agreement.objects.public(today).order_by("pk")
    in_sql = _aggregates_in_sql(queryset.db)
    if in_sql:
        rows = rows.annotate(**_aggregated_ids())
    rows = rows.values_list(*AGREEMENT_FIELDS, *(f"{name}_ids" for name in VOCABULARIES if in_sql))
    for start in range(0, len(ids), OPEN_DATA_BATCH):
        batch = list(rows.filter(pk__in=ids[start : start + OPEN_DATA_BATCH]))
        batch_ids = [row[0] for row in batch]
        if not in_sql:
            related = [
                _related_ids(batch_ids, relation) for relation, _code in VOCABULARIES.values()
            ]
            batch = [(*row, *(of.get(row[0]) for of in related)) for row in batch]
        parties = _parties(batch_ids)
        yield [(*row, parties.get(row[0])) for row in batch]


def _public_frameworks(today) -> set[int]:
    """The ids of the public agreements that are a framework of another agreement: few, and
    read once, so an agreement names its framework only when the framework is public too."""
    public = Agreement.objects.public(today)
    return set(public.filter(local_agreements__isnull=False).values_list("pk", flat=True))


def _vocabulary(relation, code) -> dict[int, tuple[int, str]]:
    """id -> (place, code) of each row of the relation's model, in the model's order (the order
    an agreement's codes are listed in)."""
    model = relation.field.related_model
    rows = model.objects.order_by(*model._meta.ordering, "pk").values_list("pk", code)
    return {pk: (place, value) for place, (pk, value) in enumerate(rows)}


def _codes(ids, vocabulary) -> list[str]:
    return [code for _place, code in sorted(map(vocabulary.__getitem__, ids or ()))]


def _through(relation):
    """The relation's through table and the name of its column of the related row's id."""
    return relation.through, relation.field.m2m_reverse_name()


def _aggregates_in_sql(db) -> bool:
    return connections[db].vendor == "postgresql"


def _aggregated_ids() -> dict:
    """PostgreSQL: the ids of each agreement's cooperation types, programme areas and trades
    as arrays, aggregated by index in the agreements' own query."""
    aggregates = {}
    for name, (relation, _code) in VOCABULARIES.items():
        through, column = _through(relation)
        ids = through.objects.filter(agreement=OuterRef("pk")).order_by().values("agreement")
        aggregates[f"{name}_ids"] = Subquery(
            ids.annotate(ids=ArrayAgg(column)).values("ids"),
            output_field=ArrayField(BigIntegerField()),
        )
    return aggregates


def _related_ids(ids, relation) -> dict[int, list[int]]:
    through, column = _through(relation)
    related = defaultdict(list)
    for agreement_id, related_id in through.objects.filter(agreement_id__in=ids).values_list(
        "agreement_id", column
    ):
        related[agreement_id].append(related_id)
    return related


def _parties(ids) -> dict[int, list[dict]]:
    parties = defaultdict(list)
    rows = (
        Party.objects.filter(agreement_id__in=ids)
        .order_by(*PARTY_ORDER)
        .values_list("agreement_id", *PARTY_FIELDS)
    )
    for agreement_id, *values in rows:
        party = dict(zip(PARTY_KEYS, values, strict=True))
        if party["cost_amount"] is not None:
            party["cost_amount"] = str(party["cost_amount"])
        parties[agreement_id].append(party)
    return parties


def _agreement_urls(request):
    """pk -> the agreement's absolute URL. The URL of agreement 0, reversed once and split at
    the id: reversing for each of ten thousand rows costs more than the rest of the row."""
    prefix, suffix = request.build_absolute_uri(reverse("agreement_detail", args=[0])).rsplit(
        "/0/", 1
    )
    return lambda pk: f"{prefix}/{pk}/{suffix}"


class _Echo:
    def write(self, value):
        return value


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def open_data_csv(records):
    writer = csv.writer(_Echo())
    rows = (
        writer.writerow(
            [spreadsheet_safe(csv_cell(record[column])) for column in OPEN_DATA_COLUMNS]
        )
        for record in records
    )
    yield "\ufeff" + writer.writerow(OPEN_DATA_COLUMNS)
    yield from in_pieces(rows)


def open_data_json(records):
    yield from in_pieces(json_array(json.dumps(record, ensure_ascii=False) for record in records))
