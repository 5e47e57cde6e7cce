"""`manage.py load_demo_data`: fills the database with realistic demo data.

Safe to run again: reference data is upserted by code (demo.reference), organisations by
organisation number (demo.organisations), and an agreement is created only when no agreement
with its title exists yet (demo.builders). Every choice comes from one seeded random
generator, so every run plans the same data; only the dates follow today.
"""

import random
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement
from demo import partnerships
from demo.builders import (
    create_agreements,
    load_demo_log_messages,
    meloy_seed,
    plan_agreements,
    trondheim_seed,
)
from demo.organisations import load_organisations, organisation_specs
from demo.partnerships import partnership_plans
from demo.reference import load_reference_data
from demo.users import load_demo_users
from orgs.models import Organisation

SEED = 2026


class Command(BaseCommand):
    help = "Loads realistic demo data: reference data, organisations and agreements."

    def handle(self, *args, **options):
        write = self.stdout.write if options["verbosity"] > 0 else lambda *args, **kwargs: None
        rng = random.Random(SEED)
        today = timezone.localdate()
        specs = organisation_specs()
        with transaction.atomic():
            write("Reference data… ", ending="")
            ref = load_reference_data()
            write("done")
            orgs, new_orgs = load_organisations(specs, ref, rng)
            write(f"Organisations: {len(orgs)} ({new_orgs} new)")
            plans = [meloy_seed(today), trondheim_seed()] + plan_agreements(specs, today, rng)
            # The partnerships' partners have a generator of their own, so the generated
            # agreements above stay the same.
            partners, new_partners = load_organisations(
                organisation_specs(partnerships.ORGANISATIONS),
                ref,
                random.Random(SEED + 1),
                taken={org.orgnr for org in orgs.values()},
            )
            orgs.update(partners)
            write(f"Partners of the partnerships: {len(partners)} ({new_partners} new)")
            plans += partnership_plans(today)
            new_agreements = create_agreements(plans, orgs, ref)
            write(f"Agreements: {len(plans)} ({new_agreements} new)")
            write(f"Demo county coordinators: {load_demo_users()}")
            write(f"Log messages: {load_demo_log_messages(rng)} new")
        load_register_samples(write)
        write(self.style.SUCCESS(summary()))


def load_register_samples(write) -> None:
    """The small real-format register samples in demo/samples, so the site shows register data.

    Enhetsregisteret first, then NSR (the authority on schools), then Grep. Their bad rows
    are rejected on purpose; the report goes to the temporary directory.
    """
    from orgs.importers import RejectsReport, run_import
    from orgs.importers.enhetsregisteret import EnhetsregisteretImport
    from orgs.importers.grep import GrepImport
    from orgs.importers.nsr import NsrImport

    samples = settings.BASE_DIR / "demo" / "samples"
    files = [
        (EnhetsregisteretImport, "enhetsregisteret_enheter.json.gz"),
        (EnhetsregisteretImport, "enhetsregisteret_underenheter.json.gz"),
        (NsrImport, "nsr_enheter.json"),
        (GrepImport, "grep.json"),
    ]
    if not all((samples / name).exists() for _importer, name in files):
        write("Register samples: not found in demo/samples, skipped")
        return
    report_path = Path(tempfile.gettempdir()) / "registry-demo-register-samples-rejects.csv"
    with RejectsReport(report_path) as report:
        for importer, name in files:
            result, _report = run_import(importer, samples / name, report=report)
            intended = (
                " (intended: the samples include bad rows to show the rejects report)"
                if result.rejected
                else ""
            )
            write(f"Register sample {name}: {result.line()}{intended}")
    if report.by_reason:
        write(
            f"Rejected sample rows and their reasons: {report_path} (the samples in "
            "demo/samples include deliberately bad register rows; nothing is wrong)"
        )


def summary() -> str:
    by_status = ", ".join(
        f"{Agreement.objects.filter(status=status).count()} {status.value}"
        for status in Agreement.Status
    )
    return (
        f"Demo data ready: {Organisation.objects.count()} organisations, "
        f"{Agreement.objects.count()} agreements ({by_status}), "
        f"{Agreement.objects.public().count()} public."
    )
