"""Import throughput: one million Enhetsregisteret rows.

    .venv/bin/python bench/imports.py [--rows 1000000]

Writes an Enhetsregisteret-format gzipped JSON file of main and sub-units (a sub-unit after
its main unit) in /tmp, creates a fresh migrated database `registry_bench_import` with the
demo municipalities, runs `manage.py import_enhetsregisteret` on it in a child process, and
prints rows per second and the child's peak memory (max RSS). Then it runs the import again
(every row unchanged). The file and the database are removed afterwards.
"""

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    SERVER,
    create_database,
    drop_database,
    migrate,
)
from orgs.validators import valid_orgnrs  # noqa: E402

DB = "registry_bench_import"
URL = f"{SERVER}/{DB}"


def write_file(path: Path, rows: int) -> None:
    from demo import data as demo_data

    numbers = [m[0] for m in demo_data.MUNICIPALITIES]
    orgnrs = valid_orgnrs(70_000_000)
    main = None
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        f.write("[")
        for i in range(rows):
            orgnr = next(orgnrs)
            sub = i % 5 == 4
            record = {
                "organisasjonsnummer": orgnr,
                "navn": f"BENCH ENHET {i} {'AVD' if sub else 'AS'}",
                "organisasjonsform": {"kode": "BEDR" if sub else "AS"},
                "naeringskode1": {"kode": "43.210"},
                "antallAnsatte": i % 50,
                ("beliggenhetsadresse" if sub else "forretningsadresse"): {
                    "adresse": [f"Gata {i % 100}"],
                    "postnummer": "8150",
                    "poststed": "ØRNES",
                    "kommunenummer": numbers[i % len(numbers)],
                },
                "hjemmeside": f"www.bench{i}.no",
                "konkurs": i % 97 == 0,
                "underAvvikling": False,
            }
            if sub:
                record["overordnetEnhet"] = main
            else:
                main = orgnr
            f.write(("," if i else "") + json.dumps(record, ensure_ascii=False))
        f.write("]")


def load_regions() -> None:
    """Statistics Norway's counties and municipalities (orgs/regions.py) in the new database."""
    code = "from orgs.regions import load_regions; load_regions()"
    env = {**os.environ, "DATABASE_URL": URL}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True
    )


def import_once(path: Path) -> tuple[float, str]:
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_DEBUG": "false"}
    start = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_enhetsregisteret",
            str(path),
            "--no-progress",
            "--report",
            str(path.with_suffix(".rejects.csv")),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.monotonic() - start, result.stdout.splitlines()[0]


def run(rows: int) -> list[tuple]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "enheter.json.gz"
        start = time.monotonic()
        write_file(path, rows)
        print(
            f"wrote {rows} rows ({path.stat().st_size / 1e6:.0f} MB gzipped) in "
            f"{time.monotonic() - start:.0f} s"
        )
        create_database(DB)
        try:
            migrate(URL)
            load_regions()
            for label in ("first run (all new)", "second run (all unchanged)"):
                seconds, line = import_once(path)
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                results.append((label, rows, seconds, rows / seconds, peak, line))
        finally:
            drop_database(DB)
    return results


def table(results) -> str:
    lines = [
        "| run | rows | seconds | rows/s | peak RSS MB | summary |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, rows, seconds, rate, peak, line in results:
        summary = line.split(": ", 1)[-1]
        lines.append(f"| {label} | {rows} | {seconds:.0f} | {rate:.0f} | {peak:.0f} | {summary} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(table(run(args.rows)))
