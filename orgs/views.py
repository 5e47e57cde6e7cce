from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from agreements.models import Agreement, Party
from orgs.models import Organisation, ProgrammeArea, Trade
from orgs.validators import is_valid_orgnr
from registry.pagination import paginate
from registry.permissions import public

SEARCH_RESULTS_PER_GROUP = 20
PARTICIPANTS_SHOWN = 50


@public
@require_GET
def front_page(request):
    query = request.GET.get("q", "").strip()
    context = {"query": query, "public_agreement_count": Agreement.objects.public().count()}
    if query:
        organisations = (
            Organisation.objects.active()
            .search(query)
            .select_related("municipality")
            .with_public_agreement_count()
        )
        context.update(
            schools=list(organisations.schools()[:SEARCH_RESULTS_PER_GROUP]),
            companies=list(organisations.not_schools()[:SEARCH_RESULTS_PER_GROUP]),
            programme_areas=list(ProgrammeArea.objects.search(query)[:SEARCH_RESULTS_PER_GROUP]),
            trades=list(Trade.objects.search(query)[:SEARCH_RESULTS_PER_GROUP]),
        )
    return render(request, "public/front_page.html", context)


def organisation_or_404(orgnr: str) -> Organisation:
    """The organisation with this number; 404 for an unknown or malformed one."""
    if not is_valid_orgnr(orgnr):
        raise Http404("Malformed organisation number")
    return get_object_or_404(
        Organisation.objects.select_related("municipality__county", "parent"), orgnr=orgnr
    )


def _organisation_page(request, organisation, template, extra=None):
    agreements = Agreement.objects.public().for_organisation(organisation).for_listing()
    context = {
        "organisation": organisation,
        "page": paginate(request, agreements),
        **(extra or {}),
    }
    return render(request, template, context)


@public
@require_GET
def school_detail(request, orgnr):
    school = organisation_or_404(orgnr)
    if not school.is_school:
        return redirect(school, permanent=True)
    programme_areas = school.programme_areas.select_related("education_programme")
    partnered = set(
        Agreement.objects.public()
        .for_organisation(school)
        .values_list("programme_areas", flat=True)
    )
    return _organisation_page(
        request,
        school,
        "public/school_detail.html",
        {
            "programme_areas": [(pa, pa.pk in partnered) for pa in programme_areas],
        },
    )


@public
@require_GET
def company_detail(request, orgnr):
    company = organisation_or_404(orgnr)
    if company.is_school:
        return redirect(company, permanent=True)
    return _organisation_page(
        request,
        company,
        "public/company_detail.html",
        {
            "approved_trades": company.approved_trades.all(),
            "occupations": company.occupations.all(),
        },
    )


def _subject_page(request, subject, agreements, template):
    """A programme area's or trade's page: its public agreements and the parties in them."""
    # A semi-join on the parties' organisation ids, not DISTINCT over whole rows.
    participants = (
        Organisation.objects.filter(
            pk__in=Party.objects.filter(agreement__in=agreements.values("pk")).values(
                "organisation_id"
            )
        )
        .select_related("municipality")
        .only("orgnr", "name", "kind", "municipality__name")
        .order_by("name")
    )
    context = {
        "subject": subject,
        "page": paginate(request, agreements.for_listing()),
        # A national trade can have thousands; the list shows the first ones by name.
        "schools": list(participants.schools()[:PARTICIPANTS_SHOWN]),
        "partners": list(participants.not_schools()[:PARTICIPANTS_SHOWN]),
        "participants_shown": PARTICIPANTS_SHOWN,
    }
    return render(request, template, context)


@public
@require_GET
def programme_area_detail(request, code):
    programme_area = get_object_or_404(
        ProgrammeArea.objects.select_related("education_programme"), code=code
    )
    agreements = Agreement.objects.public().filter(programme_areas=programme_area)
    return _subject_page(request, programme_area, agreements, "public/programme_area_detail.html")


@public
@require_GET
def trade_detail(request, code):
    trade = get_object_or_404(Trade, code=code)
    agreements = Agreement.objects.public().filter(trades=trade)
    return _subject_page(request, trade, agreements, "public/trade_detail.html")
