"""The agreement PDF, the open data and the county's archive export.

- /avtaler/<id>/pdf/: the public version to anyone for a public agreement; the archival
  version to staff of a party school, the county's coordinators and administrators.
- /avtaler/eksport.csv and .json: the public agreements, with the filters of /avtaler/.
- /ansatt/eksport/…: a county coordinator (or an administrator) starts an archive export,
  follows its progress and downloads the ZIP.
"""

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from agreements.exports.archive import describe_filters
from agreements.exports.forms import ExportFilterForm
from agreements.exports.open_data import open_data_csv, open_data_json, open_data_records
from agreements.exports.pdf import pdf_filename, render_pdf
from agreements.exports.tasks import run_export
from agreements.filing.seal import seal_pdf
from agreements.filing.transport import unsent_filings
from agreements.models import Agreement, ExportJob, oslo_today
from agreements.public.filters import AgreementFilter
from orgs.models import County
from registry import limits
from registry.downloads import stored_file_response
from registry.permissions import public, staff_only

# --- One agreement as a PDF ------------------------------------------------------------------


@public
@require_GET
@limits.limited(limits.PDF)
def agreement_pdf(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.for_full_page(),
        pk=pk,
    )
    may_archive = request.policy.may_act_on(agreement)
    if not may_archive and not agreement.is_public():
        # Answered as an id that does not exist: whether a non-public agreement exists is
        # not for others to know.
        raise Http404("No public agreement with this id")
    # ?versjon=offentlig gives staff the public version of a public agreement too.
    archival = may_archive and not (
        agreement.is_public() and request.GET.get("versjon") == "offentlig"
    )
    pdf = render_pdf(agreement, archival=archival)
    if archival:
        pdf = seal_pdf(pdf, agreement)  # every archival PDF/A carries the registry's seal
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(agreement)}"'
    if archival:
        response["Cache-Control"] = "private, no-store"
    return response


# --- Open data ------------------------------------------------------------------------------


def _public_records(request):
    today = oslo_today()
    agreement_filter = AgreementFilter(
        request.GET, queryset=Agreement.objects.public(today), public=True
    )
    return open_data_records(agreement_filter.qs.order_by("pk"), request, today)


OPEN_DATA_FORMATS = {
    "csv": (open_data_csv, "text/csv; charset=utf-8"),
    "json": (open_data_json, "application/json"),
}


def _open_data(request, extension):
    write, content_type = OPEN_DATA_FORMATS[extension]
    response = StreamingHttpResponse(write(_public_records(request)), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="samarbeidsavtaler.{extension}"'
    return response


@public
@require_GET
@limits.limited(limits.OPEN_DATA)
def open_data_csv_view(request):
    return _open_data(request, "csv")


@public
@require_GET
@limits.limited(limits.OPEN_DATA)
def open_data_json_view(request):
    return _open_data(request, "json")


# --- The county's archive export ------------------------------------------------------------

JOBS_SHOWN = 10
REFRESH_SECONDS = 2


ONLY_COORDINATORS = gettext_lazy(
    "Only the county's coordinators and administrators may export its agreements."
)


def _county_to_export(request, county):
    request.policy.require(request.policy.may_export(county), ONLY_COORDINATORS)
    return county


@staff_only
@require_GET
def export_home(request):
    """The counties this user may export; with only one, straight to it."""
    counties = list(request.policy.counties(County.objects.order_by("number")))
    request.policy.require(bool(counties), ONLY_COORDINATORS)
    if len(counties) == 1:
        return redirect("exports:county", number=counties[0].number)
    return render(request, "exports/home.html", {"counties": counties})


@staff_only
@require_http_methods(["GET", "POST"])
def export_county(request, number):
    county = _county_to_export(request, get_object_or_404(County, number=number))
    if request.method == "POST":
        form = ExportFilterForm(request.POST, county=county)
        if form.is_valid():
            job = ExportJob.objects.create(
                county=county, requested_by=request.user, filters=form.as_filters()
            )
            result = run_export.enqueue(str(job.pk))
            ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
            return redirect("exports:job", pk=job.pk)
    else:
        form = ExportFilterForm(county=county)
    jobs = list(county.export_jobs.select_related("requested_by")[:JOBS_SHOWN])
    last_done = next((j for j in jobs if j.state == ExportJob.State.DONE), None)
    return render(
        request,
        "exports/county.html",
        {
            "county": county,
            "form": form,
            "jobs": jobs,
            "last_done": last_done,
            "sends": unsent_filings(county),
        },
        status=400 if form.is_bound else 200,
    )


def _load_job(request, pk):
    job = get_object_or_404(ExportJob.objects.select_related("county", "requested_by"), pk=pk)
    _county_to_export(request, job.county)
    return job


@staff_only
@require_GET
def export_job(request, pk):
    job = _load_job(request, pk)
    response = render(request, "exports/job.html", {"job": job, "filters": describe_filters(job)})
    if not job.finished:
        # Browsers reload the page while the export runs; no script needed.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@staff_only
@require_GET
def export_job_status(request, pk):
    job = _load_job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "problems": job.problems,
            "download": reverse("exports:job_download", args=[job.pk])
            if job.state == ExportJob.State.DONE
            else None,
        }
    )


@staff_only
@require_GET
def export_job_download(request, pk):
    job = _load_job(request, pk)
    if job.state != ExportJob.State.DONE or not job.archive:
        raise Http404("The export is not finished")
    return stored_file_response(
        job.archive,
        as_attachment=True,
        content_type="application/zip",
        filename=job.archive.name.rsplit("/", 1)[-1],
    )
