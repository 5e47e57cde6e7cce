"""Imports from the national registers, in their own file formats.

One module per register (enhetsregisteret, nsr, grep), the shared streaming, batching,
upsert and report helpers in base. `run_import` is what the management commands and the
demo data call.
"""

from agreements.models import organisations_written
from orgs.importers.base import RejectsReport, Summary, default_report_path
from registry.public_cache import data_changed


def run_import(
    importer_class,
    path,
    *,
    report=None,
    report_path=None,
    progress=False,
    batch_size=None,
    full=True,
    allow_mass_deactivation=False,
):
    """Runs one import of `path`; returns (summary, rejects report).

    Give an open `report` to collect the rejects of several files in one; otherwise one is
    written to `report_path` (default: a file in the temporary directory). `full=False` and
    `allow_mass_deactivation=True` are for the imports that read full downloads
    (Enhetsregisteret: EnhetsregisteretImport says what they do); they are passed on only
    when given, so another register's import refuses them.
    """
    options = {"progress": progress}
    if batch_size:
        options["batch_size"] = batch_size
    if not full:
        options["full"] = False
    if allow_mass_deactivation:
        options["allow_mass_deactivation"] = True
    try:
        if report is not None:
            return importer_class(path, report, **options).run(), report
        report_path = report_path or default_report_path(importer_class.register)
        with RejectsReport(report_path) as report:
            summary = importer_class(path, report, **options).run()
        return summary, report
    finally:
        # An import writes in bulk, past the model signals, and may stop halfway with what
        # it wrote kept: in every case the public pages must not show what was, nor the
        # parties' kept rows an organisation's end as it was.
        organisations_written()
        data_changed()


__all__ = ["RejectsReport", "Summary", "default_report_path", "run_import"]
