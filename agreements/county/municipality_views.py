"""A municipality's picture, /oversikt/<county>/<municipality>/: public, with a section for
staff."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreements.county.municipality import municipality_picture
from agreements.county.overview import bar_chart
from orgs.models import Municipality
from registry.permissions import public


@public
@require_GET
def public_municipality(request, county, municipality):
    if not (re.fullmatch(r"[0-9]{2}", county) and re.fullmatch(r"[0-9]{4}", municipality)):
        raise Http404
    place = get_object_or_404(
        Municipality.objects.select_related("county"), number=municipality, county__number=county
    )
    picture = municipality_picture(place, staff=request.policy.is_staff)
    return render(
        request,
        "county/municipality.html",
        {
            "picture": picture,
            "labels": [("count", _("Public agreements"))],
            "school_chart": bar_chart(
                [(s.name, s.public_agreement_count) for s in picture.schools]
            ),
            "type_chart": bar_chart([(row.label, row.count) for row in picture.by_type]),
            "section_chart": bar_chart([(row.label, row.count) for row in picture.by_section]),
        },
    )
