"""What an Enhetsregisteret run decides over the whole table at its end, in set-based SQL:
units gone from a full download, and sub-units whose main unit has ended or lives again.

A full download holds every unit of its type that the register has; a unit of that type
(`register_unit`) the file does not hold is gone from the register (deleted units are left
out of the downloads), so it gets `missing_from_register_on` and is made inactive. A unit
that comes back in any later file has it cleared by the row itself. The numbers a file holds
are kept in a temporary table, written batch by batch, so a million of them cost no memory.
"""

import contextlib
import math

from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from orgs.importers.base import MassDeactivation, Summary
from orgs.models import Organisation

# A full download may mark at most this share of a unit type's active units as missing, or
# this many, whichever is more, unless told allow_mass_deactivation (a truncated or filtered
# file must not deactivate the register).
MASS_DEACTIVATION_SHARE = 0.05
MASS_DEACTIVATION_MINIMUM = 50
UNIT_TYPES = {
    Organisation.RegisterUnit.MAIN_UNIT: "main units",
    Organisation.RegisterUnit.SUB_UNIT: "sub-units",
}


class SeenNumbers:
    """The organisation numbers of one file, in a temporary table of this connection."""

    def __init__(self):
        schema = "pg_temp" if connection.vendor == "postgresql" else "temp"
        self.table = f"{schema}.enhetsregisteret_seen"

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            cursor.execute(
                "CREATE TEMPORARY TABLE enhetsregisteret_seen (orgnr varchar(9) NOT NULL)"
            )
        return self

    def __exit__(self, *exc):
        # After a failed batch PostgreSQL may refuse even this; the error that matters is
        # the one already on its way.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def add(self, numbers: list[str]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {self.table} (orgnr) FROM STDIN") as copy:
                    for number in numbers:
                        copy.write_row((number,))
            else:
                cursor.executemany(
                    f"INSERT INTO {self.table} (orgnr) VALUES (%s)", [(n,) for n in numbers]
                )

    def index(self) -> None:
        """Indexed (and on PostgreSQL analysed: autovacuum never sees a temporary table)
        once all numbers are in, for the anti-joins of missing()."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"CREATE INDEX seen_orgnr ON {self.table} (orgnr)")
                cursor.execute(f"ANALYZE {self.table}")
            else:
                cursor.execute("CREATE INDEX temp.seen_orgnr ON enhetsregisteret_seen (orgnr)")

    def missing(self, register_unit: str) -> tuple[str, list]:
        """SQL condition (and params) on the organisation table: a unit of this type, not
        marked missing yet, that the file does not hold."""
        table = connection.ops.quote_name(Organisation._meta.db_table)
        return (
            f"register_unit = %s AND missing_from_register_on IS NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {self.table} seen WHERE seen.orgnr = {table}.orgnr)",
            [register_unit],
        )


def mark_missing(
    seen: SeenNumbers, register_units, summary: Summary, *, allow_mass_deactivation: bool
) -> None:
    """Marks the units of these types that the full download did not hold; refuses with
    MassDeactivation, marking none, when that is more than the share allowed."""
    seen.index()
    table = connection.ops.quote_name(Organisation._meta.db_table)
    counts = {}
    with connection.cursor() as cursor:
        for unit in sorted(register_units):
            condition, params = seen.missing(unit)
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {condition}", params)
            counts[unit] = cursor.fetchone()[0]
    if not allow_mass_deactivation:
        for unit, n in counts.items():
            active = Organisation.objects.filter(register_unit=unit, active=True).count()
            allowed = max(MASS_DEACTIVATION_MINIMUM, math.floor(MASS_DEACTIVATION_SHARE * active))
            if n > allowed:
                raise MassDeactivation(
                    f"{n} of {active} active {UNIT_TYPES[unit]} are not in this full download, "
                    f"more than the {MASS_DEACTIVATION_SHARE:.0%} (at least "
                    f"{MASS_DEACTIVATION_MINIMUM}) an import may mark as gone from the "
                    "register: none was marked. The rows of the file were imported. If the "
                    "file is a complete download, import it again with "
                    "--allow-mass-deactivation (allow_mass_deactivation=True); if it is an "
                    "extract, with --partial (full=False)."
                )
    today = timezone.localdate()
    values = {"missing_from_register_on": today}
    active = not Organisation.ended_by(values)
    with transaction.atomic(), connection.cursor() as cursor:
        for unit, n in counts.items():
            if not n:
                continue
            condition, params = seen.missing(unit)
            cursor.execute(
                f"UPDATE {table} SET missing_from_register_on = %s, active = %s, "
                f"updated_at = %s WHERE {condition}",
                [
                    connection.ops.adapt_datefield_value(today),
                    active,
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                    *params,
                ],
            )
            summary.notes[f"{UNIT_TYPES[unit]} gone from the full download (made inactive)"] += n


def follow_main_units(summary: Summary) -> None:
    """Sub-units of an ended main unit (Organisation.objects.ended()) get main_unit_ended and
    are made inactive; those whose main unit lives again get it cleared and are active again
    unless they have ended themselves."""
    ended_parent = Exists(Organisation.objects.ended().filter(pk=OuterRef("parent_id")))
    now = timezone.now()
    with transaction.atomic():
        ended = (
            Organisation.objects.filter(main_unit_ended=False)
            .filter(ended_parent)
            .update(main_unit_ended=True, active=False, updated_at=now)
        )
        lives = (
            Organisation.objects.filter(main_unit_ended=True)
            .exclude(ended_parent)
            .update(main_unit_ended=False, active=True, updated_at=now)
        )
        if lives:
            # The rule of END_FIELDS once more over the table: an ended unit is inactive.
            Organisation.objects.ended().filter(active=True).update(active=False, updated_at=now)
    if ended:
        summary.notes["sub-units whose main unit has ended (made inactive)"] += ended
    if lives:
        summary.notes["sub-units whose main unit lives again"] += lives
