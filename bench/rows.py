"""Writing the benchmark's rows fast: COPY on PostgreSQL, bulk_create elsewhere.

Used by bench/generate.py. Rows are model instances with their primary keys set, so every
column (and any field added later, with its default) is filled the way the model fills it.
"""

import contextlib
import itertools
import json


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def write(model, objects) -> int:
    """Writes model instances (primary keys set) with COPY on PostgreSQL, bulk_create
    elsewhere. Returns how many."""
    from django.db import connection

    objects = iter(objects)
    first = next(objects, None)
    if first is None:
        return 0
    objects = itertools.chain([first], objects)
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and first.pk is None)]
    with given_creation_times(model, first):
        if connection.vendor != "postgresql":
            n = 0
            for batch in itertools.batched(objects, 2000):
                model.objects.bulk_create(batch)
                n += len(batch)
            return n
        return copy_rows(model, fields, objects)


@contextlib.contextmanager
def given_creation_times(model, first):
    """Keeps the creation times the rows were given (a log message written last spring) where
    the model would stamp the present (auto_now_add), for as long as the rows are written."""
    stamped = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False) and getattr(first, f.attname) is not None
    ]
    for f in stamped:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in stamped:
            f.auto_now_add = True


def copy_rows(model, fields, objects) -> int:
    from django.db import connection, models

    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            row = []
            for f in fields:
                value = f.pre_save(obj, add=True)
                if isinstance(f, models.JSONField):
                    row.append(json.dumps(value))
                else:
                    row.append(f.get_db_prep_save(value, connection))
            copy.write_row(row)
            n += 1
    return n


def attach_organisations(parties) -> None:
    """Gives each party its organisation and the organisation's municipality, read back from
    the rows just written: the name, number and county that the derived fields need."""
    from orgs.models import Municipality, Organisation

    municipalities = Municipality.objects.in_bulk()
    organisations = Organisation.objects.only("name", "orgnr", "municipality_id").in_bulk(
        {p.organisation_id for p in parties}
    )
    for organisation in organisations.values():
        organisation.municipality = municipalities.get(organisation.municipality_id)
    for party in parties:
        party.organisation = organisations[party.organisation_id]


def reset_sequences(models_) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
