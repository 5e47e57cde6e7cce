"""The nightly refresh: a night's 20,000 changes in Enhetsregisteret's update feeds.

    .venv/bin/python bench/refresh.py [--changes 20000]

Serves the changes from the registers' stand-in (orgs/refresh/stand_in.py, a local HTTP
server in this process) in the feeds' pages of 1,000, four in five for main units and one in
five for sub-units, with the units behind them; creates a fresh migrated database
`registry_h_refresh_bench` with the demo municipalities and, so that every query meets a
national-size table, 500,000 other organisations (`--background`, a fifth of them sub-units);
runs `manage.py refresh_registers` for the two update feeds in a child process and prints
changes, pages, seconds, changes per second and the child's peak memory (max RSS). Two
nights: the first brings new units, the second changes every one of them again (new names;
one in 49 deleted). The database is dropped afterwards.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import SERVER, create_database, drop_database, migrate  # noqa: E402

DB = "registry_h_refresh_bench"
URL = f"{SERVER}/{DB}"
FEEDS = ("enhetsregisteret_enheter", "enhetsregisteret_underenheter")


def seed(count: int) -> None:
    """Today's municipalities and `count` organisations, a fifth of them sub-units (run in
    a child process, with Django set up for the benchmark's database)."""
    from django.db import connection
    from django.utils import timezone

    from bench.rows import next_id, reset_sequences, write
    from orgs.models import Municipality, Organisation
    from orgs.regions import load_regions

    # Statistics Norway's counties and municipalities (orgs/regions.py), as every import
    # makes sure of first; done here, the nights measure the refresh alone.
    load_regions()
    municipalities = list(Municipality.objects.values_list("pk", "name"))
    first, now = next_id(Organisation), timezone.now()

    def organisations():
        main_pk = main_orgnr = None
        for i in range(count):
            pk, orgnr = first + i, f"{100_000_000 + i}"
            municipality_id, place = municipalities[i % len(municipalities)]
            sub = i % 5 == 4
            name = f"BAKGRUNN {i} {'AVD' if sub else 'AS'}"
            yield Organisation(
                pk=pk,
                orgnr=orgnr,
                name=name,
                municipality_id=municipality_id,
                parent_id=main_pk if sub else None,
                main_unit_orgnr=main_orgnr if sub else "",
                register_unit="underenhet" if sub else "enhet",
                **Organisation.search_columns(name, orgnr, place),
                created_at=now,
                updated_at=now,
            )
            if not sub:
                main_pk, main_orgnr = pk, orgnr

    write(Organisation, organisations())
    reset_sequences([Organisation])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_organisation")


def unit(orgnr: str, name: str, municipality: str, main: str | None) -> dict:
    address = {
        "land": "Norge",
        "landkode": "NO",
        "postnummer": "8150",
        "poststed": "ØRNES",
        "adresse": ["Gata 1"],
        "kommunenummer": municipality,
    }
    record = {
        "organisasjonsnummer": orgnr,
        "navn": name,
        "organisasjonsform": {"kode": "BEDR" if main else "AS"},
        "naeringskode1": {"kode": "43.210"},
        "antallAnsatte": 7,
        ("beliggenhetsadresse" if main else "forretningsadresse"): address,
        "konkurs": False,
        "underAvvikling": False,
    }
    if main:
        record["overordnetEnhet"] = main
    return record


def night(registers, orgnrs: list[str], municipalities: list[str], label: str, *, deletions):
    """Puts one night's changes in the stand-in: every unit of `orgnrs` changed (named after
    `label`), every `deletions`-th of them deleted instead."""
    main = None
    for i, orgnr in enumerate(orgnrs):
        sub = i % 5 == 4
        units = "underenheter" if sub else "enheter"
        if deletions and i % deletions == deletions - 1:
            registers.change(units, orgnr, "Sletting")
            continue
        place = municipalities[i % len(municipalities)]
        registers.add_unit(units, unit(orgnr, f"{label} {i}", place, main if sub else None))
        registers.change(units, orgnr, "Ny" if label == "NY" else "Endring")
        if not sub:
            main = orgnr


def run_refresh(registers) -> tuple[float, float, str]:
    """(seconds, the child's peak RSS in MB, its output)."""
    env = {**os.environ, **registers.settings, "DATABASE_URL": URL, "DJANGO_DEBUG": "false"}
    args = [sys.executable, "manage.py", "refresh_registers"]
    for feed in FEEDS:
        args += ["--feed", feed]
    with tempfile.TemporaryFile("w+") as output:
        start = time.monotonic()
        child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if child.returncode:
        raise SystemExit(f"refresh_registers failed:\n{text}")
    return seconds, usage.ru_maxrss / 1024, text


def run(changes: int, background: int) -> list[tuple]:
    from demo import data as demo_data
    from orgs.refresh.stand_in import RegisterStandIn
    from orgs.validators import valid_orgnrs

    municipalities = [m[0] for m in demo_data.MUNICIPALITIES]
    numbers = valid_orgnrs(60_000_000)
    orgnrs = [next(numbers) for _ in range(changes)]
    results = []
    create_database(DB)
    try:
        migrate(URL)
        code = f"from bench.refresh import seed; seed({background})"
        env = {**os.environ, "DATABASE_URL": URL}
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-v0", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"seeded {background} organisations in {time.monotonic() - started:.0f} s")
        with RegisterStandIn() as registers:
            # Every 49th deleted: main units and sub-units alike (49 and 5 share no factor).
            for label, deletions in (("NY", 0), ("ENDRET", 49)):
                night(registers, orgnrs, municipalities, label, deletions=deletions)
                seconds, peak, output = run_refresh(registers)
                pages = sum(map(int, re.findall(r" changes in (\d+) pages", output)))
                for changed in registers.changes.values():
                    changed.clear()
                title = "new units" if label == "NY" else "changed units, 2 % deleted"
                results.append((title, changes, pages, seconds, changes / seconds, peak, output))
    finally:
        drop_database(DB)
    return results


def table(results) -> str:
    lines = [
        "| night | changes | pages | seconds | changes/s | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for title, changes, pages, seconds, rate, peak, _output in results:
        lines.append(f"| {title} | {changes} | {pages} | {seconds:.1f} | {rate:.0f} | {peak:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=20_000)
    parser.add_argument("--background", type=int, default=500_000)
    parser.add_argument("--verbose", action="store_true", help="Print the command's output too.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    results = run(args.changes, args.background)
    print(table(results))
    if args.verbose:
        for *_rest, output in results:
            print(output)
