from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from agreements.models import Agreement
from orgs.browse import (
    PARTICIPANTS_SHOWN,
    RegionFilter,
    agreement_ids,
    front_page_programmes,
    participants_of,
)
from orgs.models import Organisation, ProgrammeArea, Trade
from orgs.search import (
    GROUPS,
    MIN_SUGGESTED_QUERY,
    ranked,
    search_everything,
    suggestions,
    with_public_agreement_counts,
)
from orgs.validators import is_valid_orgnr
from registry import limits
from registry.pagination import paginate
from registry.permissions import public
from registry.public_cache import remembered
from registry.text import MAX_QUERY_LENGTH, SearchQuery


def typed_query(request) -> str:
    """?q= as typed, for the search and to show back: control characters (a NUL byte) left
    out and cut to the length the search reads."""
    typed = "".join(c for c in request.GET.get("q", "") if c.isprintable() or c == " ")
    return typed.strip()[:MAX_QUERY_LENGTH]


def public_agreement_count() -> int:
    """The country's public agreements, which every front page and search shows."""
    return remembered("public-agreement-count", Agreement.objects.public().count)


@public
@require_GET
@limits.limited(limits.SEARCH, when=limits.asks_query)
def front_page(request):
    query = typed_query(request)
    context = {"query": query, "public_agreement_count": public_agreement_count()}
    if query:
        context["groups"] = search_everything(query)
        context["searched"] = bool(SearchQuery.parse(query))
    else:
        context["education_programmes"] = front_page_programmes()
    return render(request, "public/front_page.html", context)


@public
@require_GET
@limits.limited(limits.SUGGESTIONS)
def search_suggestions(request):
    """JSON for the front page's search box (static/js/search-suggestions.js)."""
    query = typed_query(request)
    found = []
    if len(SearchQuery.parse(query).text) >= MIN_SUGGESTED_QUERY:
        found = suggestions(query)
    return JsonResponse({"results": found})


@public
@require_GET
@limits.limited(limits.SEARCH)
def search_results(request):
    """One group of the front page's results in full, paged: /sok/?q=…&gruppe=skoler."""
    query = typed_query(request)
    slug = request.GET.get("gruppe", "")
    if slug not in GROUPS or not SearchQuery.parse(query):
        return redirect(f"{reverse('front_page')}?{urlencode({'q': query})}")
    page = paginate(request, ranked(slug, query))
    if slug in ("skoler", "virksomheter"):
        with_public_agreement_counts(page.object_list)
    context = {"query": query, "group": slug, "heading": GROUPS[slug], "page": page}
    return render(request, "public/search_results.html", context)


def organisation_or_404(orgnr: str) -> Organisation:
    """The organisation with this number; 404 for an unknown or malformed one."""
    if not is_valid_orgnr(orgnr):
        raise Http404("Malformed organisation number")
    return get_object_or_404(
        Organisation.objects.select_related("municipality__county", "parent"), orgnr=orgnr
    )


def _organisation_page(request, organisation, template, extra=None):
    agreements = Agreement.objects.public().for_organisation(organisation).for_cards()
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
    # Each programme area the school offers, and whether one of its public agreements covers
    # it: one query, probing the area's links against the school's public agreements.
    links = Agreement.programme_areas.through.objects.filter(
        programmearea=OuterRef("pk"),
        agreement__in=Agreement.objects.public().for_organisation(school),
    )
    programme_areas = school.programme_areas.select_related("education_programme").annotate(
        partnered=Exists(links)
    )
    return _organisation_page(
        request,
        school,
        "public/school_detail.html",
        {"programme_areas": [(pa, pa.partnered) for pa in programme_areas]},
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


def _subject_page(request, subject, agreements, region_filter, template):
    """A programme area's or trade's page: its public agreements and the parties in them,
    narrowed by the county and municipality of `region_filter` (?fylke=, ?kommune=). The
    agreements' ids are read first; the count, the page and the parties take them by key."""
    ids = agreement_ids(agreements)
    participants = participants_of(ids)
    listing = Agreement.objects.filter(pk__among=ids).for_cards()
    context = {
        "subject": subject,
        "filter": region_filter,
        "region_query": region_filter.query_string,
        "region_name": region_filter.region_name,
        "page": paginate(request, listing, count=len(ids)),
        # A national trade can have thousands; the lists show those with the most agreements.
        "schools": participants.schools,
        "partners": participants.partners,
        "participants_shown": PARTICIPANTS_SHOWN,
    }
    return render(request, template, context)


@public
@require_GET
def programme_area_detail(request, code):
    programme_area = get_object_or_404(
        ProgrammeArea.objects.select_related("education_programme"), code=code
    )
    region_filter = RegionFilter(request.GET)
    agreements = region_filter.public_agreements().covering(programme_area)
    return _subject_page(
        request, programme_area, agreements, region_filter, "public/programme_area_detail.html"
    )


@public
@require_GET
def trade_detail(request, code):
    trade = get_object_or_404(Trade, code=code)
    region_filter = RegionFilter(request.GET)
    agreements = region_filter.public_agreements().covering(trade)
    return _subject_page(request, trade, agreements, region_filter, "public/trade_detail.html")
