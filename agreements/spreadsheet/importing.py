"""The preview and the import of a sheet.

`preview_rows` checks every row and returns what the preview page shows, as JSON kept on the
ImportJob: nothing is saved. `run_import_job` (in the worker) reads the stored sheet again,
checks each row again with the requester's Policy (rights may have changed since), and saves
the rows the preview showed as ready and the user did not leave out, each through
agreements.workflow.save: "save" or "save and publish" by the owning county's routine, one
version and one history entry whose change reason says where it came from.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from agreements import workflow
from agreements.models import ImportJob, ImportReference
from agreements.responsibility import first_responsible_staff
from agreements.spreadsheet.columns import KEYS
from agreements.spreadsheet.pdfs import SignedPdfs
from agreements.spreadsheet.reading import SheetError, read_sheet
from agreements.spreadsheet.rows import RowChecker
from registry.permissions import Policy

PROGRESS_EVERY = 25


def check_sheet(sheet, pdfs, policy):
    """The checked rows, one by one; SheetError for a file that cannot be read. `pdfs` is a
    SignedPdfs or None."""
    rows = read_sheet(sheet)
    checker = RowChecker(rows, policy=policy, pdfs=pdfs)
    return (checker.check(number, cells) for number, cells in rows)


def preview_rows(sheet, pdfs, policy) -> list[dict]:
    return [_preview_of(row) for row in check_sheet(sheet, pdfs, policy)]


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
            for row in check_sheet(sheet, SignedPdfs(pdfs) if pdfs else None, policy):
                if row.number not in ready:
                    continue
                outcome = _import_row(job, row, policy)
                if outcome in ("create", "update"):
                    created += outcome == "create"
                    updated += outcome == "update"
                else:
                    report.append({**_describe(row), "reason": outcome})
                done += 1
                if done % PROGRESS_EVERY == 0:
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


def _import_row(job, row, policy) -> str:
    """ "create" or "update", or why the row was not imported."""
    if row.errors:
        return " ".join(m for messages in row.errors.values() for m in messages)
    if row.conflict:
        return row.conflict
    form, parties = row.form, row.parties
    agreement = form.save(commit=False)
    agreement.responsible_organisation = parties.responsible
    agreement._change_reason = history_reason(job)
    try:
        with transaction.atomic():
            saved = workflow.save(
                agreement,
                policy=policy,
                version=row.existing.version if row.existing is not None else None,
                publish=row.publish,
                parties=parties.parties,
                cooperation_types=form.cleaned_data["cooperation_types"],
                programme_areas=form.cleaned_data["programme_areas"],
                trades=form.cleaned_data["trades"],
                **first_responsible_staff(policy, row.existing, parties.responsible),
            )
            _remember_reference(job, row, saved)
    except workflow.WorkflowError as error:
        return str(error)
    except IntegrityError:
        return _("Another agreement of the county has the same external reference.")
    return "update" if row.existing is not None else "create"


def _remember_reference(job, row, saved) -> None:
    reference = row.cells.get("reference", "").strip()
    saved.refresh_from_db(fields=["version", "county"])
    if not reference or saved.county_id is None:
        return
    ImportReference.objects.update_or_create(
        agreement=saved,
        defaults={
            "county_id": saved.county_id,
            "reference": reference,
            "imported_version": saved.version,
            "job": job,
        },
    )
