from django.shortcuts import get_object_or_404, render

from agreements.models import Agreement
from agreements.public.filters import AgreementFilter
from registry.pagination import paginate, query_string_without_page


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
            "query_string": query_string_without_page(request),
        },
    )


def agreement_detail(request, pk):
    agreement = get_object_or_404(Agreement.objects.public().for_listing(), pk=pk)
    return render(request, "public/agreement_detail.html", {"agreement": agreement})
