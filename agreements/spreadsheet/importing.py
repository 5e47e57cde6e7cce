"""The preview and the import of a sheet.

`preview_rows` checks every row and returns what the preview page shows, as JSON kept on the
ImportJob: nothing is saved. `run_import_job` (in the worker) reads the stored sheet again,
checks each row again with the requester's Policy (rights may have changed since), and saves
the rows the preview showed as ready and the user did not leave out: "save" or "save and
publish" by the owning county's routine, one version and one history entry whose change reason
says where it came from.

The rows are checked and saved BATCH at a time. The new agreements of a batch are saved
together in one transaction (agreements.models.bulk, the rules of workflow.save); should that
fail, nothing of it is kept and each of its rows is saved alone, as an agreement it updates
is: through agreements.workflow.save, in a transaction of its own, a row that fails reported
and the others saved. Nothing is ever half-saved.
"""

import copy

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from agreements import workflow
from agreements.models import ImportJob, ImportReference
from agreements.models.bulk import NewAgreement, create_agreements
from agreements.responsibility import first_responsible_staff
from agreements.spreadsheet.columns import KEYS
from agreements.spreadsheet.pdfs import SignedPdfs
from agreements.spreadsheet.reading import SheetError, read_sheet
from agreements.spreadsheet.row_forms import CHOICES
from agreements.spreadsheet.rows import RowChecker
from registry.permissions import Policy

# Rows checked together (one query for their forms' check constraints), and saved together;
# the job's progress moves after each batch.
BATCH = 250


def check_sheet(sheet, pdfs, policy, only=None):
    """The checked rows, in lists of at most BATCH; SheetError for a file that cannot be read.
    `pdfs` is a SignedPdfs or None; `only`, when given, the row numbers to check."""
    rows = read_sheet(sheet)
    checker = RowChecker(rows, policy=policy, pdfs=pdfs)
    if only is not None:
        rows = [(number, cells) for number, cells in rows if number in only]
    for start in range(0, len(rows), BATCH):
        yield checker.check_rows(rows[start : start + BATCH])


def preview_rows(sheet, pdfs, policy) -> list[dict]:
    return [_preview_of(row) for batch in check_sheet(sheet, pdfs, policy) for row in batch]


def _preview_of(row) -> dict:
    parties = []
    if row.parties is not None and row.parties.is_valid():
        parties = [
            {"name": p.organisation.name, "orgnr": p.organisation.orgnr, "role": str(p.role)}
            for p in row.parties.parties
        ]
    return {
        "row": row.number,
        "cells": [[key, row.cells.get(key, "")] for key in KEYS],
        "errors": [[key, messages] for key, messages in row.errors.items()],
        "parties": parties,
        "action": row.action,
        "conflict": row.conflict,
        "publish": row.publish,
        "agreement": row.existing.pk if row.existing is not None else None,
    }


def history_reason(job) -> str:
    user = job.requested_by
    with override("nb"):
        return _("imported from %(file)s by %(user)s") % {
            "file": job.sheet_name,
            "user": (user.get_full_name() or user.get_username()) if user else "–",
        }


def run_import_job(job_id) -> None:
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.state != ImportJob.State.QUEUED:
        return
    ready = {entry["row"] for entry in job.preview if entry["action"] in ("create", "update")}
    ready -= set(job.left_out)
    report = [_left_out(entry) for entry in job.preview if entry["row"] not in ready]
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, total=len(ready), done=0
    )
    policy = Policy.for_user(job.requested_by)
    created = updated = done = 0
    try:
        with job.sheet.open("rb") as sheet, _optional(job.pdfs) as pdfs, override("nb"):
            signed = SignedPdfs(pdfs) if pdfs else None
            for batch in check_sheet(sheet, signed, policy, only=ready):
                for row, outcome in _import_batch(job, batch, policy):
                    if outcome in ("create", "update"):
                        created += outcome == "create"
                        updated += outcome == "update"
                    else:
                        report.append({**_describe(row), "reason": outcome})
                    done += 1
                ImportJob.objects.filter(pk=job.pk).update(done=done)
    except SheetError as error:
        _finish(job, ImportJob.State.FAILED, done, created, updated, report, str(error))
        return
    except Exception as error:
        _finish(job, ImportJob.State.FAILED, done, created, updated, report, repr(error))
        raise
    report.sort(key=lambda entry: entry["row"])
    _finish(job, ImportJob.State.DONE, done, created, updated, report)


def _finish(job, state, done, created, updated, report, error="") -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        done=done,
        created=created,
        updated=updated,
        report=report,
        error=error,
        finished_at=timezone.now(),
    )


class _optional:
    """The stored ZIP opened, or None when none was uploaded."""

    def __init__(self, field_file):
        self.field_file, self.handle = field_file, None

    def __enter__(self):
        if self.field_file:
            self.handle = self.field_file.open("rb")
        return self.handle

    def __exit__(self, *exc):
        if self.handle is not None:
            self.handle.close()


def _left_out(entry) -> dict:
    cells = dict(entry["cells"])
    if entry["action"] == "conflict":
        reason = entry["conflict"]
    elif entry["errors"]:
        reason = " ".join(m for _key, messages in entry["errors"] for m in messages)
    else:
        reason = _("Left out when the import was confirmed.")
    return {
        "row": entry["row"],
        "reference": cells.get("reference", ""),
        "title": cells.get("title", ""),
        "reason": reason,
    }


def _describe(row) -> dict:
    return {
        "row": row.number,
        "reference": row.cells.get("reference", ""),
        "title": row.cells.get("title", ""),
    }


def _import_batch(job, rows, policy):
    """(row, "create" or "update" or why it was not imported), row by row as it is done: the
    batch's new agreements saved together first."""
    refused = {row.number for row in rows if row.errors or row.conflict}
    new = [row for row in rows if row.number not in refused and row.existing is None]
    if new:
        try:
            with transaction.atomic():
                _create(job, new, policy)
        except (workflow.WorkflowError, IntegrityError):
            new = []  # nothing of the batch is kept: each row is saved alone, below
    yield from ((row, "create") for row in new)
    created = {row.number for row in new}
    for row in rows:
        if row.number in refused:
            yield row, _refusal(row)
        elif row.number not in created:
            yield row, _import_row(job, row, policy)


def _refusal(row) -> str:
    if row.errors:
        return " ".join(m for messages in row.errors.values() for m in messages)
    return row.conflict


def _create(job, rows, policy) -> None:
    """The batch's new agreements, saved together (agreements.models.bulk)."""
    reason = history_reason(job)
    new = []
    for row in rows:
        # A copy: should the batch fail, the form's agreement is saved alone, as it was.
        new.append(
            NewAgreement(
                copy.copy(_unsaved(row, reason)),
                row.parties.parties,
                *(row.form.cleaned_data[name] for name in CHOICES),
                publish=row.publish,
                **first_responsible_staff(policy, row.existing, row.parties.responsible),
            )
        )
    create_agreements(new, policy=policy)
    references = (_reference(job, row, item.agreement) for row, item in zip(rows, new, strict=True))
    ImportReference.objects.bulk_create(ref for ref in references if ref is not None)


def _import_row(job, row, policy) -> str:
    """ "create" or "update", or why the row was not imported: saved through workflow.save."""
    parties = row.parties
    try:
        with transaction.atomic():
            saved = workflow.save(
                _unsaved(row, history_reason(job)),
                policy=policy,
                version=row.existing.version if row.existing is not None else None,
                publish=row.publish,
                parties=parties.parties,
                **{name: row.form.cleaned_data[name] for name in CHOICES},
                **first_responsible_staff(policy, row.existing, parties.responsible),
            )
            _remember_reference(job, row, saved)
    except workflow.WorkflowError as error:
        return str(error)
    except IntegrityError:
        return _("Another agreement of the county has the same external reference.")
    return "update" if row.existing is not None else "create"


def _unsaved(row, reason: str):
    """The row's agreement as its form leaves it, with its responsible party and the history
    entry's change reason."""
    agreement = row.form.save(commit=False)
    agreement.responsible_organisation = row.parties.responsible
    agreement._change_reason = reason
    return agreement


def _remember_reference(job, row, saved) -> None:
    if (reference := _reference(job, row, saved)) is not None:
        ImportReference.objects.update_or_create(
            agreement=saved,
            defaults={
                "county_id": reference.county_id,
                "reference": reference.reference,
                "imported_version": reference.imported_version,
                "job": job,
            },
        )


def _reference(job, row, saved):
    """The row's external reference for the saved agreement (at its version now, in the county
    that owns it), unsaved; None without one, or without an owning county."""
    reference = row.cells.get("reference", "").strip()
    if not reference or saved.county_id is None:
        return None
    return ImportReference(
        agreement=saved,
        county_id=saved.county_id,
        reference=reference,
        imported_version=saved.version,
        job=job,
    )
