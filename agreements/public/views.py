from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from agreements.follow_up.timeline import public_timeline
from agreements.models import Agreement
from agreements.models.framework import local_agreements_of
from agreements.public.filters import AgreementFilter
from registry import limits
from registry.pagination import paginate
from registry.permissions import public


@public
@require_GET
@limits.limited(limits.SEARCH, when=limits.asks_query)
def agreement_list(request):
    agreement_filter = AgreementFilter(
        request.GET, queryset=Agreement.objects.public().for_cards(), public=True
    )
    page = paginate(request, agreement_filter.qs)
    return render(
        request,
        "public/agreement_list.html",
        {
            "filter": agreement_filter,
            "page": page,
        },
    )


@public
@require_GET
def agreement_detail(request, pk):
    public_agreements = Agreement.objects.public()
    agreement = get_object_or_404(
        public_agreements.for_listing().select_related("framework", "responsible_organisation"),
        pk=pk,
    )
    return render(
        request,
        "public/agreement_detail.html",
        {
            "agreement": agreement,
            "follow_up": public_timeline(agreement),
            # Under the public rule: a framework that is not public is not named.
            "framework": agreement.framework
            if agreement.framework_id and agreement.framework.is_public()
            else None,
            "local_agreements": local_agreements_of(agreement, public_agreements),
        },
    )
