"""The spreadsheet import of existing agreements (agreements/spreadsheet/): the preview and the
import of a sheet of 5,000 agreements, with the peak memory.

    .venv/bin/python bench/spreadsheet_import.py [--rows 5000]

Creates a fresh migrated database named DB (bench/database.py, dropped afterwards) with a
county, 40 schools, 400 companies and a coordinator; writes an XLSX of
`--rows` rows of the template (two parties each, by organisation number); times the preview
(reading and checking every row, what the upload does) and the import (every row checked again
and saved, the new agreements a batch at a time, what the worker does), and prints the process's
peak memory (max RSS) after each.
The issue's targets: preview within 10 s, import within 60 s, memory under 300 MB.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import create_database, drop_database, migrate, setup_django, url_of  # noqa: E402

DB = "registry_h17_bench"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def world():
    from agreements.models import CooperationType
    from orgs.models import County, Municipality, Organisation
    from orgs.validators import valid_orgnrs
    from registry.models import CountyCoordinator, User

    county = County.objects.create(number="50", name="Trøndelag")
    municipality = Municipality.objects.create(number="5001", name="Trondheim", county=county)
    numbers = valid_orgnrs(81_000_000)
    schools = Organisation.objects.bulk_create(
        Organisation(
            orgnr=next(numbers),
            name=f"Benk videregående skole {i}",
            kind=Organisation.Kind.UPPER_SECONDARY,
            municipality=municipality,
        )
        for i in range(40)
    )
    companies = Organisation.objects.bulk_create(
        Organisation(
            orgnr=next(numbers),
            name=f"Benk bedrift {i} AS",
            kind=Organisation.Kind.COMPANY,
            municipality=municipality,
        )
        for i in range(400)
    )
    CooperationType.objects.get_or_create(
        slug="yff", defaults={"name_nb": "Yrkesfaglig fordypning"}
    )
    user = User.objects.create(username="bench-import", first_name="Benk")
    CountyCoordinator.objects.create(user=user, county=county)
    return user, schools, companies


def sheet_bytes(rows, schools, companies) -> bytes:
    from agreements.spreadsheet.columns import COLUMNS
    from agreements.spreadsheet.exporting import workbook_bytes

    def cells():
        for n in range(rows):
            school, company = schools[n % len(schools)], companies[n % len(companies)]
            values = {
                "reference": f"BENK-{n}",
                "title": f"Benkavtale {n}",
                "parties": f"{school.orgnr}; {company.orgnr}",
                "cooperation_types": "Yrkesfaglig fordypning",
                "valid_from": "01.08.2026",
                "valid_to": "31.07.2028",
                "status": "publisert",
                "purpose": "Praksisplasser og hospitering.",
            }
            yield [values.get(c.key, "") for c in COLUMNS]

    return workbook_bytes(cells())


def run(rows: int) -> dict:
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from agreements.models import Agreement, ImportJob
    from agreements.spreadsheet.importing import preview_rows, run_import_job
    from registry.permissions import Policy

    translation.activate("nb")
    user, schools, companies = world()
    content = sheet_bytes(rows, schools, companies)
    started = time.perf_counter()
    preview = preview_rows(SimpleUploadedFile("benk.xlsx", content), None, Policy.for_user(user))
    preview_seconds = time.perf_counter() - started
    preview_peak = peak_mb()
    assert all(entry["action"] == "create" for entry in preview), preview[0]
    job = ImportJob(
        requested_by=user, sheet_name="benk.xlsx", preview=preview, state=ImportJob.State.QUEUED
    )
    job.sheet.save("benk.xlsx", ContentFile(content), save=False)
    job.save()
    started = time.perf_counter()
    run_import_job(job.pk)
    import_seconds = time.perf_counter() - started
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.created == rows, (job.error, job.report[:3])
    assert Agreement.objects.count() == rows
    return {
        "rows": rows,
        "sheet_mb": len(content) / 2**20,
        "preview_s": preview_seconds,
        "preview_peak_mb": preview_peak,
        "import_s": import_seconds,
        "import_peak_mb": peak_mb(),
    }


def table(result: dict) -> str:
    return "\n".join(
        [
            "| rows | sheet | preview | peak memory after preview | import | peak memory after "
            "import |",
            "|---:|---:|---:|---:|---:|---:|",
            "| {rows:,} | {sheet_mb:.1f} MB | {preview_s:.1f} s | {preview_peak_mb:.0f} MB "
            "| {import_s:.1f} s | {import_peak_mb:.0f} MB |".format(**result).replace(",", " "),
        ]
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    create_database(DB)
    try:
        migrate(url_of(DB))
        setup_django(url_of(DB))
        from django.conf import settings

        # The uploaded sheet is kept in private storage between the preview and the import.
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tempfile.mkdtemp(prefix="spreadsheet-bench-")},
            },
        }
        print(table(run(args.rows)))
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(DB)


if __name__ == "__main__":
    main()
