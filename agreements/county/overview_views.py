"""The county overview: for coordinators in full, for everyone limited to public agreements."""

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from agreements.county.overview import bar_chart, country_overview, county_overview, with_trend
from agreements.models import Agreement, oslo_today
from orgs.choices import regions
from orgs.models import County
from registry.permissions import public, staff_only

COLUMN_LABELS = {
    "public": gettext_lazy("In force"),
    "upcoming": gettext_lazy("Upcoming"),
    "expiring": gettext_lazy("Expires within 90 days"),
    "expired": gettext_lazy("Expired"),
    "draft": gettext_lazy("Draft or awaiting approval"),
}


@public
@require_GET
def public_country(request):
    counties = country_overview()
    return render(
        request,
        "county/overview_country.html",
        {
            "counties": counties,
            "chart": bar_chart([(c.name, c.public) for c in counties]),
            "labels": _labels(["public", "upcoming", "expiring"]),
        },
    )


@public
@require_GET
def public_county(request, number):
    county = get_object_or_404(County, number=number)
    return _county_page(request, county_overview(county, public_only=True), public=True)


@public
@require_GET
def public_county_csv(request, number):
    county = get_object_or_404(County, number=number)
    return _csv(county_overview(county, public_only=True))


@staff_only
@require_GET
def staff_county(request, number):
    county = request.policy.county_to_coordinate(with_trend(County.objects), number)
    overview = county_overview(county, public_only=False)
    return _county_page(
        request,
        overview,
        public=False,
        extra={
            "needing_total": Agreement.objects.filter(county=county).needing_attention_total(
                oslo_today()
            ),
            "busy_companies": _with_log_links(overview.busy_companies),
        },
    )


@staff_only
@require_GET
def staff_county_csv(request, number):
    county = request.policy.county_to_coordinate(with_trend(County.objects), number)
    return _csv(county_overview(county, public_only=False))


_STAND_IN = "00000000000"  # an argument no URL pattern changes and no organisation number is


def _with_log_links(companies):
    """(company, number of schools, link to its log): one reverse() for the list, not one
    a company."""
    pattern = reverse("log:organisation", args=[_STAND_IN])
    return [
        (company, schools, pattern.replace(_STAND_IN, company.orgnr))
        for company, schools in companies
    ]


def _labels(columns):
    return [(column, str(COLUMN_LABELS[column])) for column in columns]


def _county_page(request, overview, *, public, extra=None):
    return render(
        request,
        "county/overview.html",
        {
            "overview": overview,
            "public": public,
            "labels": _labels(overview.columns),
            "school_chart": bar_chart([(s.name, s.public) for s in overview.schools]),
            "trend_chart": bar_chart(overview.trend),
            # (number, name) by name, from the cached regions: no query.
            "municipalities": regions().municipalities_of(overview.county.number),
            **(extra or {}),
        },
    )


def _csv(overview):
    """The same numbers as the page, one row per school and per programme area."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="oversikt-{overview.county.number}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read the Norwegian letters right
    writer = csv.writer(response)
    writer.writerow(
        [_("Kind"), _("Name"), _("Code"), *(label for _c, label in _labels(overview.columns))]
    )
    for school in overview.schools:
        writer.writerow(
            [
                _("School"),
                school.name,
                school.orgnr,
                *(getattr(school, c) for c in overview.columns),
            ]
        )
    for area in overview.programme_areas:
        writer.writerow(
            [
                _("Programme area"),
                area.title_nb,
                area.code,
                *(getattr(area, c) for c in overview.columns),
            ]
        )
    for label, count in overview.trend:
        writer.writerow([_("School year"), label, "", count])
    return response
