"""The open data: the public agreements as CSV and JSON (/avtaler/eksport.csv and .json).

Both are streamed: the agreements are read in batches and written row by row.
"""

import csv
import json

from agreements.exports.formats import csv_cell, json_array

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
OPEN_DATA_BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def open_data_records(queryset, request, today):
    """The public fields of each agreement, as dicts. Reads in batches (prefetching per batch)."""
    frameworks = _public_frameworks(queryset.model, today)
    for agreement in queryset.select_related("responsible_organisation").iterator(
        chunk_size=OPEN_DATA_BATCH
    ):
        responsible = agreement.responsible_organisation
        yield {
            "id": agreement.pk,
            "title": agreement.title,
            "url": request.build_absolute_uri(agreement.get_absolute_url()),
            "valid_from": agreement.valid_from.isoformat(),
            "valid_to": agreement.valid_to.isoformat(),
            "upcoming": agreement.is_upcoming(today),
            "county": agreement.county.number if agreement.county else None,
            "responsible_organisation": responsible.orgnr if responsible else None,
            # The framework's id when it is public too; else none (the public rule).
            "framework": agreement.framework_id if agreement.framework_id in frameworks else None,
            "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
            "signed_place": agreement.signed_place,
            "purpose": agreement.purpose,
            "cooperation_types": [t.slug for t in agreement.cooperation_types.all()],
            "parties": [
                {
                    "name": p.organisation.name,
                    "orgnr": p.organisation.orgnr,
                    "role": p.role,
                    "commitment": p.commitment,
                    "cost_amount": None if p.cost_amount is None else str(p.cost_amount),
                    "cost_rule": p.cost_rule,
                }
                for p in agreement.parties.all()
            ],
            "programme_areas": [a.code for a in agreement.programme_areas.all()],
            "trades": [t.code for t in agreement.trades.all()],
        }


def _public_frameworks(model, today) -> set[int]:
    """The ids of the public agreements that are a framework of another agreement: few, and
    read once, so an agreement names its framework only when the framework is public too."""
    public = model.objects.public(today)
    return set(public.filter(local_agreements__isnull=False).values_list("pk", flat=True))


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
    yield "\ufeff" + writer.writerow(OPEN_DATA_COLUMNS)
    for record in records:
        yield writer.writerow(
            [spreadsheet_safe(csv_cell(record[column])) for column in OPEN_DATA_COLUMNS]
        )


def open_data_json(records):
    yield from json_array(json.dumps(record, ensure_ascii=False) for record in records)
