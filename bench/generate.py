"""A national-scale data set for the benchmarks.

    .venv/bin/python bench/generate.py            # drops, creates and fills registry_bench
    .venv/bin/python bench/generate.py --scale 0.1

At scale 1: 500,000 organisations (a fifth of them sub-units of a main unit), 400 schools,
50,000 agreements in every status with their parties and relations, 200,000 log messages.
It creates the PostgreSQL database `registry_bench` (dropping an old one), migrates it with
`manage.py migrate`, loads the demo reference data (counties, municipalities, Grep codes,
cooperation types) and writes the rows with COPY. `generate(scale)` also runs on any database
Django is connected to (bulk_create off PostgreSQL); tests/demo/test_generated_data.py uses it
at scale 0.001.

Rows are built as model instances, so every column (and any field added later, with its
default) is filled the way the model fills it; the derived columns come from the app's own
writers (Organisation.search_columns, agreements.models.derived.derive_agreement_fields),
so the national search benchmark runs on the same search_text the app writes.
"""

import argparse
import datetime
import itertools
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ is on the path, not the project

from bench.rows import attach_organisations, next_id, reset_sequences, write  # noqa: E402
from bench.vocabulary import NAME_ENDS, NAME_STARTS, PLACES, SUFFIXES, WORDS  # noqa: E402

BENCH_DB = "registry_bench"
SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
BENCH_URL = f"{SERVER}/{BENCH_DB}"
BENCH_PASSWORD_HASH = "!"  # unusable: bench users only log in with force_login

STATUS_MIX = (  # (status, state, share)
    ("published", "current", 0.55),
    ("published", "upcoming", 0.05),
    ("published", "expired", 0.15),
    ("draft", "draft", 0.12),
    ("submitted", "submitted", 0.03),
    ("withdrawn", "withdrawn", 0.10),
)


def valid_orgnrs(start: int = 80_000_000):
    from orgs.validators import check_digit

    for first in itertools.count(start):
        digit = check_digit(str(first))
        if digit is not None:
            yield f"{first}{digit}"


def generate(scale: float = 1.0, seed: int = 2026, log=print) -> dict:
    """Fills the connected database; returns the counts written."""
    from django.db import transaction
    from django.utils import timezone

    from agreements.models import Agreement, CooperationType, LogMessage, Party
    from agreements.models.derived import derive_agreement_fields
    from demo.reference import load_reference_data
    from orgs.models import Municipality, Organisation, ProgrammeArea, Trade
    from registry.models import StaffMembership, User

    rng = random.Random(seed)
    n_orgs = max(int(500_000 * scale), 60)
    n_schools = max(int(400 * scale), 6)
    n_agreements = max(int(50_000 * scale), 30)
    n_logs = max(int(200_000 * scale), 40)
    n_users = max(int(2_000 * scale), 5)
    counts = {}
    now = timezone.now()
    today = timezone.localdate()
    started = time.monotonic()

    with transaction.atomic():
        load_reference_data()
    municipalities = list(Municipality.objects.values_list("pk", "county_id", "name"))
    # pk -> row, in each model's order; the rows feed the agreements' snapshots.
    area_rows = {a.pk: a for a in ProgrammeArea.objects.all()}
    trade_rows = {t.pk: t for t in Trade.objects.all()}
    type_rows = {t.pk: t for t in CooperationType.objects.all()}
    areas, trades, types = list(area_rows), list(trade_rows), list(type_rows)
    orgnrs = valid_orgnrs()

    # Organisations: schools first, then main units, then sub-units of main units.
    first_org = next_id(Organisation)
    school_ids = list(range(first_org, first_org + n_schools))
    n_main = int((n_orgs - n_schools) * 0.8)
    main_ids = list(range(school_ids[-1] + 1, school_ids[-1] + 1 + n_main))
    n_sub = n_orgs - n_schools - n_main

    def organisations():
        for i in range(n_orgs):
            pk = first_org + i
            municipality_id, _county_id, place = rng.choice(municipalities)
            orgnr = next(orgnrs)
            parent_id = None
            if i < n_schools:
                name = f"{rng.choice(PLACES)} {rng.choice(WORDS)} videregående skole {i}"
                kind = Organisation.Kind.UPPER_SECONDARY
            elif i < n_schools + n_main:
                words = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
                if rng.random() < 0.5:  # the realistic case: a name of its own
                    words = f"{rng.choice(NAME_STARTS)}{rng.choice(NAME_ENDS)} {rng.choice(WORDS)}"
                name = f"{words} {rng.choice(PLACES)} {rng.choice(SUFFIXES)}"
                roll = rng.random()
                kind = (
                    Organisation.Kind.COMPANY
                    if roll < 0.93
                    else Organisation.Kind.TRAINING_OFFICE
                    if roll < 0.95
                    else Organisation.Kind.PUBLIC_AGENCY
                    if roll < 0.98
                    else Organisation.Kind.UNION
                )
            else:
                parent_id = rng.choice(main_ids)
                words = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
                name = f"{words} avd. {rng.choice(PLACES)}"
                kind = Organisation.Kind.COMPANY
            active = rng.random() > 0.03
            yield Organisation(
                pk=pk,
                orgnr=orgnr,
                name=name,
                kind=kind,
                municipality_id=municipality_id,
                postal_address=f"{rng.choice(WORDS).capitalize()}veien {rng.randint(1, 99)}",
                industry_code=f"{rng.randint(1, 96):02d}.{rng.randint(0, 999):03d}",
                employees=rng.choice([None, rng.randint(0, 20), rng.randint(0, 2000)]),
                parent_id=parent_id,
                main_unit_orgnr="",
                active=active,
                bankrupt=not active and rng.random() < 0.5,
                **Organisation.search_columns(name, orgnr, place),
                created_at=now,
                updated_at=now,
            )

    counts["organisations"] = write(Organisation, organisations())
    counts["sub-units"] = n_sub
    log(f"  organisations: {counts['organisations']} ({time.monotonic() - started:.0f} s)")
    # What schools offer and companies are approved for, on a small share.
    through = Organisation.programme_areas.through
    offers = (
        through(organisation_id=s, programmearea_id=a)
        for s in school_ids
        for a in rng.sample(areas, min(len(areas), 6))
    )
    write(through, offers)
    approved = Organisation.approved_trades.through
    write(
        approved,
        (
            approved(organisation_id=c, trade_id=t)
            for c in rng.sample(main_ids, min(len(main_ids), n_main // 20))
            for t in rng.sample(trades, 2)
        ),
    )

    # Staff users, each at a school; the first is the bench user.
    first_user = next_id(User)
    users = [
        User(
            pk=first_user + i,
            username=f"bench-staff-{i}" if i else "bench-staff",
            password=BENCH_PASSWORD_HASH,
            date_joined=now,
        )
        for i in range(n_users)
    ]
    write(User, iter(users))
    user_school = {u.pk: school_ids[i % n_schools] for i, u in enumerate(users)}
    first_membership = next_id(StaffMembership)
    write(
        StaffMembership,
        (
            StaffMembership(
                pk=first_membership + i,
                user_id=u,
                organisation_id=s,
                source=StaffMembership.Source.ADMIN,
                created_at=now,
            )
            for i, (u, s) in enumerate(user_school.items())
        ),
    )

    # Agreements in every status, with parties and relations.
    first_agreement = next_id(Agreement)
    partners = main_ids
    plans = []
    for i in range(n_agreements):
        roll, acc = rng.random(), 0.0
        status, state = STATUS_MIX[-1][:2]
        for candidate, candidate_state, share in STATUS_MIX:
            acc += share
            if roll < acc:
                status, state = candidate, candidate_state
                break
        length = datetime.timedelta(days=rng.choice([364, 729, 1094]))
        offset = datetime.timedelta(days=rng.randint(1, 600))
        start = {
            "current": today - offset,
            "upcoming": today + offset / 6,
            "expired": today - length - offset,
        }.get(state, today - offset / 2)
        schools = rng.sample(school_ids, 1 if rng.random() < 0.9 else 3)
        others = rng.sample(partners, 1 if rng.random() < 0.8 else 2)
        plans.append((i, status, start, start + length, schools, others))

    # The random draws in the order they always had (titles, then each relation), so a seed
    # gives the same data; the derived fields need them all before the agreements are written.
    texts = [
        (
            f"Samarbeidsavtale {i}: {rng.choice(WORDS)} og {rng.choice(WORDS)}",
            f"Samarbeid om {rng.choice(WORDS)} og {rng.choice(WORDS)} for elevene.",
        )
        for i, *_ in plans
    ]
    relations = {  # field name -> (rows by pk, each agreement's chosen pks)
        name: (rows, [rng.sample(choices, rng.randint(1, k)) for _ in plans])
        for name, rows, choices, k in (
            ("cooperation_types", type_rows, types, 2),
            ("programme_areas", area_rows, areas, 1),
            ("trades", trade_rows, trades, 1),
        )
    }
    # A framework agreement in force with 40 local agreements under it (the framework's page).
    framework = next(
        (
            i
            for i, status, start, end, *_ in plans
            if status == "published" and start <= today <= end
        ),
        None,
    )
    under = set(range(framework + 1, framework + 41)) if framework is not None else set()
    party_counter = itertools.count(next_id(Party))
    parties = [  # each agreement's, in row order
        [
            Party(
                pk=next(party_counter), agreement_id=first_agreement + i, organisation_id=o, role=r
            )
            for r, orgs in ((Party.Role.SCHOOL, schools), (Party.Role.COMPANY, others))
            for o in orgs
        ]
        for i, _s, _f, _t, schools, others in plans
    ]
    all_parties = list(itertools.chain.from_iterable(parties))
    attach_organisations(all_parties)

    def agreements():
        framework_agreement = None
        for (i, status, start, end, schools, _others), (title, purpose) in zip(
            plans, texts, strict=True
        ):
            agreement = Agreement(
                pk=first_agreement + i,
                title=title,
                purpose=purpose,
                status=status,
                valid_from=start,
                valid_to=end,
                signed_on=None if status == "draft" else start - datetime.timedelta(days=14),
                created_by_id=first_user,
                created_at=now,
                updated_at=now,
                # The first school answers for it, as the staff form makes it by default.
                responsible_organisation_id=schools[0],
                framework_id=first_agreement + framework if i in under else None,
            )
            # The app's one writer of the owning county, search_text and snapshot.
            derive_agreement_fields(
                title=title,
                purpose=purpose,
                parties=parties[i],
                responsible=parties[i][0].organisation,
                framework=framework_agreement if i in under else None,
                **{
                    name: [rows[pk] for pk in chosen[i]]
                    for name, (rows, chosen) in relations.items()
                },
            ).apply_to(agreement)
            if i == framework:
                framework_agreement = agreement
            yield agreement

    counts["agreements"] = write(Agreement, agreements())
    counts["parties"] = write(Party, iter(all_parties))
    for name, (_rows, chosen) in relations.items():
        relation = getattr(Agreement, name).through
        target = [
            f for f in relation._meta.concrete_fields if f.is_relation and f.name != "agreement"
        ][0]
        write(
            relation,
            (
                relation(agreement_id=first_agreement + i, **{target.attname: pk})
                for i in range(n_agreements)
                for pk in chosen[i]
            ),
        )
    log(f"  agreements: {counts['agreements']} ({time.monotonic() - started:.0f} s)")

    # Log messages about companies, by staff of schools.
    first_log = next_id(LogMessage)
    kinds = [k.value for k in LogMessage.Kind]
    user_ids = list(user_school)

    def log_messages():
        for i in range(n_logs):
            author = rng.choice(user_ids)
            yield LogMessage(
                pk=first_log + i,
                organisation_id=rng.choice(main_ids[: max(1, n_main // 10)]),
                kind=rng.choice(kinds),
                body=f"Ringte {rng.choice(WORDS)}-ansvarlig om {rng.choice(WORDS)}.",
                author_id=author,
                author_school_id=user_school[author],
                created_at=now - datetime.timedelta(minutes=rng.randint(0, 525_600)),
                updated_at=now,
            )

    counts["log messages"] = write(LogMessage, log_messages())
    log(f"  log messages: {counts['log messages']} ({time.monotonic() - started:.0f} s)")
    reset_sequences([Organisation, User, StaffMembership, Agreement, Party, LogMessage])
    return counts


# The bench database


def admin_connection():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def create_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    started = time.monotonic()
    print(f"Creating {BENCH_DB} and migrating…")
    create_database(BENCH_DB)
    migrate(BENCH_URL)
    setup_django(BENCH_URL)
    print(f"Generating at scale {args.scale}…")
    counts = generate(args.scale)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Done in {time.monotonic() - started:.0f} s: {counts}")


if __name__ == "__main__":
    main()
