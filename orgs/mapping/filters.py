"""Company mapping (kartlegging): staff find companies to cooperate with."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Party, oslo_today
from orgs.choices import curriculum_choices
from orgs.mapping.ordering import ByMunicipality
from orgs.models import Organisation
from registry.filters import OptionsSelect, SearchFilterSet

SIZES = {
    "1-9": (1, 9),
    "10-49": (10, 49),
    "50-249": (50, 249),
    "250+": (250, None),
}


def current_agreements():
    """Agreements in force or coming: not withdrawn and not expired."""
    return Agreement.objects.exclude(status=Agreement.Status.WITHDRAWN).filter(
        valid_to__gte=oslo_today()
    )


class MappingFilter(SearchFilterSet):
    q = django_filters.CharFilter(
        label=_("Name or organisation number"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    larefag = django_filters.ChoiceFilter(
        label=_("Approved training company for"),
        field_name="approved_trades__code",
        empty_label=_("Any trade"),
        widget=OptionsSelect,
    )
    programomrade = django_filters.ChoiceFilter(
        label=_("Programme area"),
        method="filter_programme_area",
        empty_label=_("Any"),
        widget=OptionsSelect,
    )
    fylke = django_filters.ChoiceFilter(
        label=_("County"), field_name="municipality__county__number", empty_label=_("All counties")
    )
    kommune = django_filters.ChoiceFilter(
        label=_("Municipality"), field_name="municipality__number", empty_label=_("All")
    )
    naering = django_filters.CharFilter(
        label=_("Industry code (NACE)"), field_name="industry_code", lookup_expr="startswith"
    )
    storrelse = django_filters.ChoiceFilter(
        label=_("Employees"),
        method="filter_size",
        empty_label=_("Any size"),
        choices=[(key, key) for key in SIZES],
    )
    # Whether the company cooperates with a school now; not the cooperation *type*
    # (samarbeidsform), which is what the agreements' own filter calls "Cooperation type".
    samarbeid = django_filters.ChoiceFilter(
        label=_("Cooperation with schools"),
        method="filter_cooperation",
        empty_label=_("Any"),
        choices=[
            ("min-skole", _("Cooperates with my school")),
            ("andre-skoler", _("Cooperates with other schools, not mine")),
            ("ingen", _("No current agreement")),
        ],
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.set_regions("fylke", "kommune")  # first: it may drop a municipality from the data
        fields = self.form.fields
        fields["naering"].widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 6})
        fields["naering"].help_text = _("The start of the code, e.g. 03 or 86.1")
        programme_areas, trades = curriculum_choices()
        fields["larefag"].choices = trades
        fields["programomrade"].choices = programme_areas

    def has_criteria(self) -> bool:
        """Valid, and at least one filter chosen: an empty search would list the whole country."""
        return self.is_valid() and any(self.form.cleaned_data.values())

    def filter_programme_area(self, queryset, name, value):
        """Approved for a trade the programme area leads to, or party to a current agreement
        on it: the organisation ids of both, as one union the organisations are looked up
        from by key (no DISTINCT over the joined organisations). A programme area's companies
        are a few thousand at most: the page reads them all at once, in order (`bounded`), so
        the union is found once for the count and the page."""
        approved = Organisation.approved_trades.through.objects.filter(
            trade__programme_areas__code=value
        ).values_list("organisation_id", flat=True)
        in_agreements = (
            Party.objects.filter(
                agreement__in=current_agreements().filter(programme_areas__code=value).values("pk")
            )
            .order_by()
            .values_list("organisation_id", flat=True)
        )
        return queryset.filter(pk__among=approved.union(in_agreements))

    @property
    def bounded(self) -> bool:
        """Whether the companies found are few enough to read all their ids at once (a
        programme area's): the count is then their number, and no query counts them."""
        return bool(self.form.cleaned_data.get("programomrade"))

    def in_list_order(self):
        """The ids of the companies found, in the list's order: by name, then id.

        A county alone (or with the size and the industry, which are the rows' own columns)
        is read by municipality and merged (ByMunicipality) beyond its first page: a deep
        page then costs the rows before it, not a sort of the whole county. Any other filter
        narrows by its own index, and the rows it finds are sorted."""
        ordered = self.qs.order_by("name", "pk").values("pk")
        municipalities = self._county_municipalities()
        if not municipalities:
            return ordered
        # The other filters as the filter set applies them (filter_queryset); the county is
        # its municipalities.
        found = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != "fylke":
                found = self.filters[name].filter(found, value)
        return ByMunicipality(ordered, found, municipalities)

    def _county_municipalities(self) -> list[str]:
        """The numbers of the chosen county's municipalities, when the county is the filter
        that narrows by place and the database merges ordered parts of a union (PostgreSQL)."""
        data = self.form.cleaned_data
        narrower = ("q", "larefag", "programomrade", "kommune", "samarbeid")
        county = data.get("fylke")
        if not county or any(data.get(name) for name in narrower):
            return []
        if not connection.features.supports_slicing_ordering_in_compound:
            return []
        for number, _name, municipalities in self.regions_data:
            if number == county:
                return [code for code, _label in municipalities]
        return []

    def filter_size(self, queryset, name, value):
        low, high = SIZES[value]
        queryset = queryset.filter(employees__gte=low)
        return queryset.filter(employees__lte=high) if high else queryset

    def filter_cooperation(self, queryset, name, value):
        current = current_agreements()
        mine = Party.objects.filter(
            organisation=OuterRef("pk"),
            agreement__in=current.filter(parties__organisation_id__in=self.policy.organisation_ids),
        )
        any_school = Party.objects.filter(organisation=OuterRef("pk"), agreement__in=current)
        if value == "min-skole":
            return queryset.filter(Exists(mine))
        if value == "andre-skoler":
            return queryset.filter(Exists(any_school)).exclude(Exists(mine))
        return queryset.exclude(Exists(any_school))
