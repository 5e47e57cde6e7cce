"""/ansatt/import/: the template, the upload and its preview (which saves no agreement), the
confirmation that hands the import to the worker, its progress (a page that reloads itself, no
script needed), the report of the rows left out, and the export of the user's agreements to the
template."""

import csv
import io

from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from agreements.models import Agreement, ImportJob
from agreements.spreadsheet.columns import BY_KEY
from agreements.spreadsheet.exporting import agreement_rows, csv_bytes, workbook_bytes
from agreements.spreadsheet.forms import UploadForm
from agreements.spreadsheet.tasks import run_import
from registry.permissions import staff_only

REFRESH_SECONDS = 2
JOBS_SHOWN = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_YOURS = _("Only the one who uploaded the sheet may follow its import.")


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_only
@require_GET
def template_xlsx(request):
    return _download(workbook_bytes([]), XLSX, "avtaler-mal.xlsx")


@staff_only
@require_GET
def template_csv(request):
    return _download(csv_bytes([]), "text/csv; charset=utf-8", "avtaler-mal.csv")


@staff_only
@require_GET
def export_xlsx(request):
    """The agreements this user may act on, in the template, ready to edit and import again."""
    agreements = (
        request.policy.agreements(Agreement.objects.all())
        .for_listing()
        .select_related("import_reference")
        .order_by("pk")
    )
    content = workbook_bytes(agreement_rows(agreements.iterator(chunk_size=500)))
    return _download(content, XLSX, "mine-avtaler.xlsx")


@staff_only
@require_http_methods(["GET", "POST"])
def import_home(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, policy=request.policy)
        if form.is_valid():
            job = _store(request, form)
            return redirect("spreadsheet:preview", pk=job.pk)
    else:
        form = UploadForm(policy=request.policy)
    jobs = ImportJob.objects.filter(requested_by=request.user).defer("preview", "report")
    return render(
        request,
        "spreadsheet/home.html",
        {"form": form, "jobs": list(jobs[:JOBS_SHOWN])},
        status=400 if form.is_bound else 200,
    )


def _store(request, form) -> ImportJob:
    sheet, pdfs = form.cleaned_data["sheet"], form.cleaned_data.get("pdfs")
    job = ImportJob(
        requested_by=request.user,
        sheet_name=sheet.name[:255],
        pdfs_name=pdfs.name[:255] if pdfs else "",
        preview=form.preview,
        total=len(form.preview),
    )
    sheet.seek(0)
    job.sheet.save(sheet.name, ContentFile(sheet.read()), save=False)
    if pdfs:
        pdfs.seek(0)
        job.pdfs.save(pdfs.name, ContentFile(pdfs.read()), save=False)
    job.save()
    return job


def _job(request, pk):
    job = get_object_or_404(ImportJob.objects.select_related("requested_by"), pk=pk)
    request.policy.require(request.policy.may_follow_import(job), NOT_YOURS)
    return job


def _preview_rows(job):
    """The stored preview, with the columns' headings beside the problems."""
    for entry in job.preview:
        yield {
            **entry,
            "cells": dict(entry["cells"]),
            "problems": [
                (BY_KEY[key].heading, message)
                for key, messages in entry["errors"]
                for message in messages
            ],
        }


@staff_only
@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    job = _job(request, pk)
    if job.state != ImportJob.State.PREVIEW:
        return redirect("spreadsheet:progress", pk=job.pk)
    if request.method == "POST":
        left_out = sorted({int(n) for n in request.POST.getlist("leave_out") if n.isdigit()})
        updated = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PREVIEW).update(
            state=ImportJob.State.QUEUED, left_out=left_out
        )
        if updated:  # a second click on "Import" starts nothing more
            result = run_import.enqueue(str(job.pk))
            ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
        return redirect("spreadsheet:progress", pk=job.pk)
    counts = {"create": 0, "update": 0, "conflict": 0, "error": 0}
    for entry in job.preview:
        counts[entry["action"]] += 1
    return render(
        request,
        "spreadsheet/preview.html",
        {"job": job, "rows": _preview_rows(job), "counts": counts},
    )


@staff_only
@require_GET
def import_progress(request, pk):
    job = _job(request, pk)
    if job.state == ImportJob.State.PREVIEW:
        return redirect("spreadsheet:preview", pk=job.pk)
    response = render(request, "spreadsheet/progress.html", {"job": job})
    if not job.finished:
        response["Refresh"] = str(REFRESH_SECONDS)  # browsers reload it; no script needed
    return response


@staff_only
@require_GET
def import_report(request, pk):
    """The rows that were not imported, and why, as CSV for Excel."""
    job = _job(request, pk)
    source = job.report if job.finished else []
    rows = [[e["row"], e["reference"], e["title"], e["reason"]] for e in source]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Rad", "Ekstern referanse", "Tittel", "Hvorfor den ikke ble importert"])
    writer.writerows(rows)
    return _download(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        "text/csv; charset=utf-8",
        "ikke-importert.csv",
    )
