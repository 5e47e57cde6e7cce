from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from agreements.models import Agreement
from agreements.public.filters import AgreementFilter
from registry.pagination import paginate
from registry.permissions import public


@public
@require_GET
def agreement_list(request):
    agreement_filter = AgreementFilter(
        request.GET, queryset=Agreement.objects.public().for_listing()
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
    agreement = get_object_or_404(Agreement.objects.public().for_listing(), pk=pk)
    return render(request, "public/agreement_detail.html", {"agreement": agreement})
