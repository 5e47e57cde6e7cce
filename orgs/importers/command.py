"""The shared shape of the import commands: arguments, progress, the closing summary."""

import sys

from django.core.management.base import BaseCommand, CommandError

from orgs.importers import RejectsReport, default_report_path, run_import
from orgs.importers.base import MassDeactivation, UnrecognisedFile


class ImportCommand(BaseCommand):
    importer_class = None  # set by each command
    path_help = ""

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="+", help=self.path_help)
        parser.add_argument(
            "--report",
            help="Where to write the rejected rows as CSV (identifier, reason, detail). "
            "Default: a file in the temporary directory.",
        )
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (also off without a TTY)."
        )

    def handle(self, *args, **options):
        progress = options["verbosity"] > 0 and not options["no_progress"] and sys.stderr.isatty()
        report_path = options["report"] or default_report_path(self.importer_class.register)
        with RejectsReport(report_path) as report:
            for path in options["path"]:
                before = report.by_reason.copy()
                try:
                    summary, _report = run_import(
                        self.importer_class,
                        path,
                        report=report,
                        progress=progress,
                        batch_size=options["batch_size"],
                        **self.import_options(options),
                    )
                except FileNotFoundError as error:
                    raise CommandError(f"No such file: {error.filename}") from None
                except (UnrecognisedFile, MassDeactivation) as error:
                    raise CommandError(f"{path}: {error}") from None
                if options["verbosity"] > 0:
                    self.print_summary(path, summary, report.by_reason - before)
        if report.by_reason and options["verbosity"] > 0:
            self.stdout.write(f"Rejected rows written to {report.path}")

    def import_options(self, options) -> dict:
        """The register's own keyword arguments for run_import, from its own options."""
        return {}

    def print_summary(self, path, summary, reasons):
        self.stdout.write(self.style.SUCCESS(f"{path}: {summary.line()}"))
        for note, n in sorted(summary.notes.items()):
            self.stdout.write(f"  {note}: {n}")
        if reasons:
            self.stdout.write("  rejected by reason:")
            for reason, n in reasons.most_common():
                self.stdout.write(f"    {reason}: {n}")
