"""Benchmarks of issue 5: one archival PDF, a county's archive export, and its memory.

    .venv/bin/python bench/pdf_and_export.py            (or: make bench)

Makes a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/ on the local server) and a scratch private-storage folder,
fills them with one county's agreements (each with a 40 kB signed document and a history
entry), measures, and drops both again. Each export size runs in its own process, so its peak
RSS is its own; the PDF processes' peak is reported beside the worker's.
"""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/")
SIZES = [500, 2000]
PDF_RUNS = 30


def setup_django(database_url: str, media_root: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = media_root
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(count: int) -> None:
    """One county, 40 schools, 200 companies, `count` agreements with documents and history.

    The search columns and the agreements' county and snapshot come from the app's one
    writers (Organisation.search_columns, derive_agreement_fields), as in
    bench/generate.py, so the PDFs and the export read what the app would have written."""
    import datetime

    from django.core.files.base import ContentFile
    from simple_history.utils import bulk_create_with_history

    from agreements.models import Agreement, CooperationType, Party
    from agreements.models.derived import derive_agreement_fields
    from orgs.models import County, Municipality, Organisation
    from orgs.validators import check_digit

    def orgnr(n):
        while True:
            first = f"{91_000_000 + n:08d}"
            if (digit := check_digit(first)) is not None:
                return f"{first}{digit}"
            n += 100_000

    county = County.objects.create(number="50", name="Trøndelag")
    municipality = Municipality.objects.create(number="5001", name="Trondheim", county=county)

    def organisations(kind, names):
        return Organisation.objects.bulk_create(
            Organisation(
                orgnr=number,
                name=name,
                kind=kind,
                municipality=municipality,
                **Organisation.search_columns(name, number),
            )
            for number, name in names
        )

    schools = organisations(
        Organisation.Kind.UPPER_SECONDARY,
        ((orgnr(i), f"Skole {i} videregående skole") for i in range(40)),
    )
    companies = organisations(
        Organisation.Kind.COMPANY, ((orgnr(1000 + i), f"Bedrift {i} AS") for i in range(200))
    )
    kind = CooperationType.objects.create(slug="yff", name_nb="Yrkesfaglig fordypning (YFF)")
    today = datetime.date.today()
    purpose = "Elevene har yrkesfaglig fordypning hos bedriften og får veiledning. " * 6
    parties = [  # each agreement's, in row order
        (
            Party(organisation=schools[i % 40], role=Party.Role.SCHOOL, signatory="Rektor"),
            Party(organisation=companies[i % 200], role=Party.Role.COMPANY),
        )
        for i in range(count)
    ]

    def agreement(i):
        title = f"Samarbeidsavtale {i}: {schools[i % 40].name} og {companies[i % 200].name}"
        row = Agreement(
            title=title,
            purpose=purpose,
            status=Agreement.Status.PUBLISHED,
            valid_from=today - datetime.timedelta(days=i % 300),
            valid_to=today + datetime.timedelta(days=365 + i % 300),
            signed_on=today - datetime.timedelta(days=i % 300 + 10),
            signed_place="Trondheim",
            contact_persons="Kari Nordmann, rådgiver, tlf. 900 00 000",
        )
        # The app's one writer of the owning county, search_text and snapshot.
        derive_agreement_fields(
            title=title,
            purpose=purpose,
            parties=parties[i],
            cooperation_types=[kind],
            programme_areas=[],
            trades=[],
        ).apply_to(row)
        return row

    bulk_create_with_history([agreement(i) for i in range(count)], Agreement, batch_size=500)
    agreements = list(Agreement.objects.order_by("pk"))
    for a, pair in zip(agreements, parties, strict=True):
        for party in pair:
            party.agreement = a
    Party.objects.bulk_create(party for pair in parties for party in pair)
    Agreement.cooperation_types.through.objects.bulk_create(
        Agreement.cooperation_types.through(agreement=a, cooperationtype=kind) for a in agreements
    )
    signed = b"%PDF-1.4\n" + os.urandom(40_000) + b"\n%%EOF\n"
    for a in agreements:
        a.document.save(f"signert-{a.pk}.pdf", ContentFile(signed), save=False)
    Agreement.objects.bulk_update(agreements, ["document"], batch_size=500)


def bench_pdf() -> float:
    from agreements.exports.pdf import render_pdf
    from agreements.models import Agreement

    agreement = Agreement.objects.for_full_page().order_by("pk").first()
    render_pdf(agreement, archival=True)  # the first one loads the fonts
    times = []
    for _ in range(PDF_RUNS):
        start = time.perf_counter()
        render_pdf(agreement, archival=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def export(count: int) -> None:
    """In a child process: export the first `count` agreements; print seconds and peak RSS."""
    from agreements.exports.archive import run_export_job
    from agreements.models import Agreement, ExportJob
    from orgs.models import County

    county = County.objects.get(number="50")
    last = Agreement.objects.order_by("pk").values_list("pk", flat=True)[count - 1]
    Agreement.objects.filter(pk__lte=last).update(county=county)  # the county has `count`
    Agreement.objects.filter(pk__gt=last).update(county=None)
    job = ExportJob.objects.create(county=county)
    start = time.perf_counter()
    run_export_job(job.pk)
    seconds = time.perf_counter() - start
    job.refresh_from_db()
    assert job.state == "done" and job.total == count, (job.state, job.error)
    worker = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"RESULT {seconds:.1f} {worker} {children} {job.size // (1024 * 1024)}")


def main() -> None:
    import psycopg

    name = f"registry_bench_{os.getpid()}"
    media = tempfile.mkdtemp(prefix="registry-bench-")
    database_url = f"{SERVER}/{name}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        setup_django(database_url, media)
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        fill(max(SIZES))
        print(f"Made {max(SIZES)} agreements in {time.perf_counter() - started:.0f} s")
        print(f"One archival PDF: median {bench_pdf() * 1000:.0f} ms over {PDF_RUNS} runs")
        connections.close_all()
        for size in SIZES:
            output = subprocess.run(
                [sys.executable, __file__, "--export", str(size), database_url, media],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            line = next(line for line in output.splitlines() if line.startswith("RESULT"))
            seconds, worker, children, megabytes = line.split()[1:]
            print(
                f"Export of {size} agreements: {seconds} s, ZIP {megabytes} MB, "
                f"peak RSS worker {worker} MB, PDF processes {children} MB"
            )
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--export":
        setup_django(sys.argv[3], sys.argv[4])
        export(int(sys.argv[2]))
    else:
        main()
