from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationType
from orgs.choices import curriculum_choices
from registry.expressions import Ids
from registry.filters import SearchFilterSet, choice_filter


class AgreementFilter(SearchFilterSet):
    """The filters of /avtaler/. Parameter names are Norwegian, since the URLs are shared.

    The choices are codes (county number, municipality number, Grep code, slug), loaded in
    three queries in total, so a filtered page costs no more queries than an unfiltered one.
    With a county chosen, the municipality list holds only that county's municipalities.
    """

    fylke = choice_filter(_("County"), _("All counties"), field_name="county__number")
    kommune = choice_filter(
        _("Municipality"), _("All municipalities"), method="filter_municipality"
    )
    programomrade = choice_filter(
        _("Programme area"), _("All programme areas"), field_name="programme_areas__code"
    )
    larefag = choice_filter(_("Trade"), _("All trades"), field_name="trades__code")
    samarbeidsform = choice_filter(
        _("Cooperation type"), _("All cooperation types"), field_name="cooperation_types__slug"
    )

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, *args, public: bool = False, **kwargs):
        # `public`: the queryset holds public agreements only (/avtaler/, the open data, the
        # open API), so a municipality's are found from its public parties alone.
        self.public = public
        super().__init__(*args, **kwargs)
        self.set_regions("fylke", "kommune")
        programme_areas, trades = curriculum_choices()
        self.set_choices(
            programomrade=programme_areas,
            larefag=trades,
            samarbeidsform=[(c.slug, c.name) for c in CooperationType.objects.all()],
        )

    def filter_municipality(self, queryset, name, value):
        # The ids first (a large municipality's parties are thousands of organisations to
        # probe), so that the count and the page take the agreements by key, not each probe
        # them again.
        narrowed = (
            queryset.public_in_municipality(value)
            if self.public
            else queryset.in_municipality(value)
        )
        ids = narrowed.order_by().values_list("pk", flat=True)
        return queryset.filter(pk__among=Ids(ids))
