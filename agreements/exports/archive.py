"""The county's archive export: a ZIP for a Noark 5 archive.

The worker (agreements.exports.tasks.run_export) writes it agreement by agreement into a ZIP
file on disk, which is then put in private storage: memory stays flat however many agreements
there are. The PDFs are made in a small process pool, since making a PDF is pure CPU and a
county has thousands of agreements. The filters come from agreements.exports.forms.
"""

import csv
import datetime
import hashlib
import io
import json
import logging
import multiprocessing
import os
import tempfile
import zipfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.exports.formats import csv_cell, json_array
from agreements.exports.pdf import (
    document_identifier,
    history_records,
    pdf_filename,
    render_html,
)
from agreements.exports.pdf_engine import safe_html_to_pdf
from agreements.filing.package import add_filing
from agreements.filing.seal import seal_pdf
from agreements.filing.transport import schedule_sends
from agreements.models import Agreement, ExportJob, Party
from agreements.models.filing import changed_since_filed
from orgs.models import Organisation

logger = logging.getLogger(__name__)

CHUNK = 50  # agreements loaded, rendered and written at a time
COPY_BUFFER = 1024 * 1024
# The module the PDF processes need; the fork server imports it once for all of them.
PDF_ENGINE = "agreements.exports.pdf_engine"


# --- Which agreements -----------------------------------------------------------------------


def export_queryset(county, filters: dict):
    """The county's agreements matching the job's filters."""
    queryset = Agreement.objects.filter(county=county)
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if start := filters.get("valid_from"):
        queryset = queryset.filter(valid_to__gte=datetime.date.fromisoformat(start))
    if end := filters.get("valid_to"):
        queryset = queryset.filter(valid_from__lte=datetime.date.fromisoformat(end))
    if school := filters.get("school"):
        queryset = queryset.filter(
            pk__in=Party.objects.filter(organisation_id=school).values("agreement_id")
        )
    if since := filters.get("changed_since"):
        day = datetime.date.fromisoformat(since)
        start_of_day = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        queryset = queryset.filter(updated_at__gte=start_of_day)
    if filters.get("changed_since_filed"):
        queryset = changed_since_filed(queryset)
    return queryset


def describe_filters(job) -> list[tuple[str, str]]:
    """The job's filters as (label, value) for people."""
    filters = job.filters
    labels = []
    if status := filters.get("status"):
        labels.append((_("Status"), str(dict(Agreement.Status.choices).get(status, status))))
    for name, label in (
        ("valid_from", _("In force on or after")),
        ("valid_to", _("In force on or before")),
        ("changed_since", _("Changed since")),
    ):
        if value := filters.get(name):
            labels.append((label, datetime.date.fromisoformat(value).strftime("%d.%m.%Y")))
    if filters.get("changed_since_filed"):
        labels.append((_("Changed since last filed"), _("yes")))
    if school := filters.get("school"):
        name = Organisation.objects.filter(pk=school).values_list("name", flat=True).first()
        labels.append((_("School"), name or str(school)))
    return labels


# --- The ZIP --------------------------------------------------------------------------------

INDEX_COLUMNS = [
    "document_identifier",
    "title",
    "status",
    "version",
    "valid_from",
    "valid_to",
    "signed_on",
    "signed_place",
    "county",
    "parties",
    "cooperation_types",
    "created_at",
    "updated_at",
    "pdf_file",
    "pdf_sha256",
    "document_file",
    "document_sha256",
    "message_folder",
    "problems",
]


def _archive_queryset():
    return Agreement.objects.for_listing().select_related(
        "renews", "created_by", "updated_by", "county", "framework", "responsible_organisation"
    )


def _pdf_processes() -> int:
    configured = getattr(settings, "EXPORT_PDF_PROCESSES", 0)
    return configured if configured > 0 else (os.cpu_count() or 1)


@contextmanager
def _pdf_submitter(processes: int):
    """`submit(items)` starts making PDFs of HTML strings and returns a function that waits for
    them: in a pool of processes, or here (lazily) when there is one CPU. The worker loads and
    writes one chunk while the pool renders the next.
    """
    if processes <= 1:
        yield lambda items: lambda: [safe_html_to_pdf(html) for html in items]
        return
    # The worker is threaded, and fork() from a threaded process may deadlock a child on a lock
    # some other thread held. The processes come from a fork server instead: a fresh, single
    # threaded interpreter that has imported only the PDF engine (no Django, no database
    # connections), and they only turn HTML strings into PDF bytes.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PDF_ENGINE])
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:

        def submit(items):
            futures = [pool.submit(safe_html_to_pdf, html) for html in items]
            return lambda: [future.result() for future in futures]

        yield submit


def _sha256_of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _zip_info(name: str, when, compress: int = zipfile.ZIP_STORED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def _copy_document(archive, agreement, name: str, when) -> str:
    """Streams the signed document into the ZIP; returns its SHA-256."""
    digest = hashlib.sha256()
    # The source is opened first: a missing file adds no entry to the ZIP.
    with (
        agreement.document.open("rb") as source,
        archive.open(_zip_info(name, when), "w", force_zip64=True) as target,
    ):
        while block := source.read(COPY_BUFFER):
            digest.update(block)
            target.write(block)
    return digest.hexdigest()


def _index_entry(agreement) -> dict:
    return {
        "document_identifier": document_identifier(agreement),
        "title": agreement.title,
        "status": agreement.status,
        "version": agreement.version,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
        "signed_place": agreement.signed_place,
        "county": agreement.county.number if agreement.county else None,
        "parties": [
            {
                "name": p.organisation.name,
                "orgnr": p.organisation.orgnr,
                "role": p.role,
                "signatory": p.signatory,
                "commitment": p.commitment,
                "cost_amount": None if p.cost_amount is None else str(p.cost_amount),
                "cost_rule": p.cost_rule,
            }
            for p in agreement.parties.all()
        ],
        "cooperation_types": [t.slug for t in agreement.cooperation_types.all()],
        "created_at": timezone.localtime(agreement.created_at).isoformat(),
        "updated_at": timezone.localtime(agreement.updated_at).isoformat(),
        "pdf_file": None,
        "pdf_sha256": None,
        "document_file": None,
        "document_sha256": None,
        "message_folder": None,
        "problems": [],
    }


def _structural_problems(agreement) -> list[str]:
    parties = list(agreement.parties.all())
    problems = []
    if not any(p.is_education_party for p in parties):
        problems.append(
            _("No school, school owner, training office or university among the parties.")
        )
    if len(parties) < 2:
        problems.append(_("Fewer than two parties."))
    return problems


def _document_name(agreement) -> str:
    extension = os.path.splitext(agreement.document.name)[1].lower() or ".pdf"
    return f"signerte/{document_identifier(agreement)}-signert{extension}"


def _csv_row(entry: dict) -> list:
    return [csv_cell(entry.get(column)) for column in INDEX_COLUMNS]


def _write_index(archive, spool, when) -> None:
    """index.csv and index.json, read line by line from the spool (JSON lines)."""
    spool.seek(0)
    with archive.open(_zip_info("index.csv", when, zipfile.ZIP_DEFLATED), "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(INDEX_COLUMNS)
        for line in spool:
            writer.writerow(_csv_row(json.loads(line)))
        text.flush()
        text.detach()
    spool.seek(0)
    with archive.open(_zip_info("index.json", when, zipfile.ZIP_DEFLATED), "w") as raw:
        for piece in json_array(line.rstrip("\n") for line in spool):
            raw.write(piece.encode())


def _render_chunk(ids, generated_at):
    """Loads a chunk, returns [(pk, agreement or None, entry, html or None)]."""
    agreements = {a.pk: a for a in _archive_queryset().filter(pk__in=ids)}
    history = history_records(agreements)
    rendered = []
    for pk in ids:
        agreement = agreements.get(pk)
        if agreement is None:
            entry = {
                column: None for column in INDEX_COLUMNS if column not in ("parties", "problems")
            }
            entry.update(
                document_identifier=f"{document_identifier(Agreement(pk=pk))}",
                parties=[],
                problems=[_("The agreement was deleted while the export ran.")],
            )
            rendered.append((pk, None, entry, None))
            continue
        entry = _index_entry(agreement)
        entry["problems"].extend(_structural_problems(agreement))
        try:
            html = render_html(
                agreement, archival=True, history=history.get(pk, []), generated_at=generated_at
            )
        except Exception as error:  # one broken agreement must not stop the export
            logger.exception("Could not render agreement %s", pk)
            entry["problems"].append(_("Could not make the PDF: %(error)s") % {"error": error})
            html = None
        rendered.append((pk, agreement, entry, html))
    return rendered


def _write_chunk(archive, spool, job, rendered, waiter, done, generated_at) -> None:
    """Writes one chunk's PDFs and signed documents, spools its index entries, saves progress."""
    for (_pk, agreement, entry, _html), pdf in zip(rendered, waiter(), strict=True):
        if isinstance(pdf, bytes):
            pdf = seal_pdf(pdf, agreement)  # every archival PDF/A carries the registry's seal
            entry["pdf_file"] = pdf_filename(agreement)
            entry["pdf_sha256"] = _sha256_of_bytes(pdf)
            archive.writestr(_zip_info(entry["pdf_file"], generated_at), pdf)
        elif isinstance(pdf, Exception):
            entry["problems"].append(_("Could not make the PDF: %(error)s") % {"error": pdf})
        if agreement is not None and agreement.document:
            name = _document_name(agreement)
            try:
                entry["document_sha256"] = _copy_document(archive, agreement, name, generated_at)
                entry["document_file"] = name
            except OSError:  # FileNotFoundError included
                entry["problems"].append(
                    _("The signed document %(name)s is missing from storage.")
                    % {"name": agreement.document.name}
                )
        if isinstance(pdf, bytes) and (entry["document_file"] or not agreement.document):
            # The archive gets a message only with every file it names (agreements/filing/).
            entry["message_folder"] = add_filing(
                archive, job, agreement, pdf, generated_at, _zip_info
            ).package
        if entry["problems"]:
            job.problems += 1
        spool.write(json.dumps(entry, ensure_ascii=False) + "\n")
    job.done = done
    job.save(update_fields=["done", "problems"])


def write_archive(job: ExportJob, *, processes: int | None = None) -> None:
    """Writes the job's ZIP and puts it in private storage, updating the progress as it goes."""
    generated_at = timezone.now()
    ids = list(export_queryset(job.county, job.filters).order_by("pk").values_list("pk", flat=True))
    job.total, job.done, job.problems = len(ids), 0, 0
    job.save(update_fields=["total", "done", "problems"])
    processes = processes or _pdf_processes()

    with (
        tempfile.TemporaryFile() as sink,
        tempfile.TemporaryFile("w+", encoding="utf-8") as spool,
        _pdf_submitter(processes) as submit,
    ):
        with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:
            pending = None  # (rendered chunk, waiter for its PDFs, agreements done after it)
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                rendered = _render_chunk(chunk, generated_at)
                waiter = submit([html for _pk, _a, _e, html in rendered])
                if pending:
                    _write_chunk(archive, spool, job, *pending, generated_at)
                pending = (rendered, waiter, start + len(chunk))
            if pending:
                _write_chunk(archive, spool, job, *pending, generated_at)
            _write_index(archive, spool, generated_at)
        job.size = sink.tell()
        sink.seek(0)
        stamp = timezone.localtime(generated_at).strftime("%Y%m%d-%H%M%S")
        name = f"arkiv-{job.county.number}-{stamp}-{str(job.pk)[:8]}.zip"
        job.archive.save(name, File(sink, name=name), save=False)
    job.state = ExportJob.State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["archive", "size", "state", "finished_at"])
    schedule_sends(job)  # with a transport configured (agreements/filing/transport.py)


def run_export_job(job_id) -> None:
    """The worker's entry point: runs one export, recording a failure on the job."""
    job = ExportJob.objects.select_related("county").get(pk=job_id)
    if job.state != ExportJob.State.QUEUED:
        return  # already run (a task delivered twice does nothing)
    job.state, job.started_at = ExportJob.State.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    try:
        write_archive(job)
    except Exception as error:
        logger.exception("Archive export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportJob.State.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
