"""A national-scale data set for the benchmarks, shaped like the country.

    .venv/bin/python bench/generate.py                      # (re)creates and fills registry_bench
    .venv/bin/python bench/generate.py --scale 0.1 --database registry_bench_small

At scale 1: 500,000 organisations (a fifth of them sub-units of a main unit) and 1,000
schools (about 430 upper-secondary, the rest lower-secondary) in all 15 counties and spread
over the 357 municipalities as people live (bench/population.py: most in Oslo, Bergen,
Trondheim, Stavanger; a few in small places); 50,000 agreements in every status with their
parties and relations, sized as in life (a few schools in thousands of agreements, most in
tens; a few companies in hundreds, most in none; one in a hundred a training office's with
eight to twelve schools; a framework agreement with 40 local ones); 200,000 log messages
(most companies none, a few very many, recent months busier); 2,000 staff users, with
bench-staff at Trondheim's largest school, and a county coordinator for each county
(bench-coordinator-<county number>). The shapes are in bench/spread.py, bench/country_rows.py
and bench/agreement_rows.py.

It creates the PostgreSQL database (--database, default registry_bench), marks it as its own
(bench/database.py) and drops an existing one only if it carries that mark: any other database
of that name is left alone, with a message and exit status 2. It migrates it with
`manage.py migrate`, loads the demo reference data (counties and municipalities from
Statistics Norway, Grep codes, cooperation types) and writes the rows with COPY.
`generate(scale)` also runs on any database Django is connected to (bulk_create off
PostgreSQL); tests/demo/test_generated_data.py uses it at scale 0.001.

Rows are built as model instances, so every column (and any field added later, with its
default) is filled the way the model fills it; the derived columns come from the app's own
writers (Organisation.search_columns, agreements.models.derived.derive_agreement_fields),
so the national search benchmark runs on the same search_text the app writes.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ is on the path, not the project

from bench.database import (  # noqa: E402
    SERVER,
    NotOurs,
    create_database,
    drop_database,
    migrate,
    setup_django,
    url_of,
)

# BENCH_DATABASE picks another generated database for every bench script (a copy, say).
BENCH_DB = os.environ.get("BENCH_DATABASE", "registry_bench")
BENCH_URL = url_of(BENCH_DB)
__all__ = ["SERVER", "BENCH_DB", "BENCH_URL", "create_database", "drop_database", "migrate"]


def generate(scale: float = 1.0, seed: int = 2026, log=print) -> dict:
    """Fills the connected database; returns the counts written."""
    from django.db import transaction
    from django.utils import timezone

    from agreements.models import (
        Agreement,
        CooperationType,
        LogMessage,
        Party,
        agreements_written,
    )
    from bench.agreement_rows import Draws, write_agreements, write_log_messages
    from bench.country_rows import write_offers, write_organisations, write_users
    from bench.rows import reset_sequences
    from bench.spread import Country
    from demo.reference import load_reference_data
    from orgs.models import County, Municipality, Organisation, ProgrammeArea, Trade
    from orgs.validators import valid_orgnrs
    from registry.models import CountyCoordinator, StaffMembership, User

    rng = random.Random(seed)
    now, today = timezone.now(), timezone.localdate()
    started = time.monotonic()

    def done(what):
        log(f"  {what} ({time.monotonic() - started:.0f} s)")

    with transaction.atomic():
        load_reference_data()
    country = Country(Municipality.objects.values_list("pk", "county_id", "name", "number"))
    reference = tuple(
        {row.pk: row for row in model.objects.all()}
        for model in (ProgrammeArea, Trade, CooperationType)
    )
    organisations = write_organisations(
        rng,
        country,
        n_orgs=max(int(500_000 * scale), 120),
        n_schools=max(int(1_000 * scale), 30),
        orgnrs=valid_orgnrs(80_000_000),
        now=now,
    )
    write_offers(rng, organisations, list(reference[0]), list(reference[1]))
    done("organisations")
    counties = list(County.objects.order_by("number").values_list("pk", "number"))
    staff_school = write_users(organisations, max(int(2_000 * scale), 5), counties, now)
    draws = Draws(organisations, rng)
    counts = {
        "organisations": Organisation.objects.count(),
        "schools": len(organisations.upper_secondary) + len(organisations.lower_secondary),
        "sub-units": organisations.sub_units,
        "county coordinators": len(counties),
    }
    counts |= write_agreements(
        rng,
        draws,
        max(int(50_000 * scale), 50),
        today,
        now,
        created_by=min(staff_school),
        reference=reference,
        staff_of=staff_of(staff_school),
    )
    agreements_written()  # written with COPY, past the signals
    done("agreements")
    counts["log messages"] = write_log_messages(
        rng, draws, staff_school, max(int(200_000 * scale), 200), now
    )
    done("log messages")
    reset_sequences(
        [Organisation, User, StaffMembership, CountyCoordinator, Agreement, Party, LogMessage]
    )
    return counts


def staff_of(staff_school: dict) -> dict:
    """Each school's staff users, school pk -> [(user pk, username)], by user pk."""
    from registry.models import User

    names = dict(User.objects.filter(pk__in=list(staff_school)).values_list("pk", "username"))
    schools = {}
    for user, school in sorted(staff_school.items()):
        schools.setdefault(school, []).append((user, names[user]))
    return schools


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--database",
        default=BENCH_DB,
        help="the PostgreSQL database to create and fill (default %(default)s); an existing one "
        "is dropped only if this script created it",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    print(f"Creating {args.database} and migrating…")
    try:
        create_database(args.database)
    except NotOurs as refusal:
        print(refusal, file=sys.stderr)
        return 2
    url = url_of(args.database)
    migrate(url)
    setup_django(url)
    print(f"Generating at scale {args.scale}…")
    counts = generate(args.scale)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Done in {time.monotonic() - started:.0f} s: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
