"""What the lists' filter sets share: the text search `q`, <select>s whose choices are loaded
when the form is made, the county and municipality pair, and the count of active filters
that the folded filter form shows on its button (templates/includes/filter_form.html)."""

from html import escape

import django_filters
from django import forms
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from orgs.choices import regions

# The id of the JSON the municipality <select> reads its lists from (static/js/filters.js).
REGIONS_DATA_ID = "regions-data"


class OptionsSelect(forms.Select):
    """A <select> that draws its options in Python. Django draws each option from a template
    of its own, which for the 357 municipalities cost 15–30 ms a page; the HTML is the same
    (with the label capitalised, as templates/django/forms/widgets/select_option.html does)."""

    template_name = "forms/widgets/options_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["options_html"] = mark_safe(
            "".join(
                f'<optgroup label="{escape(str(group))}">{self._options(options)}</optgroup>'
                if group
                else self._options(options)
                for group, options, _index in widget["optgroups"]
            )
        )
        return context

    @staticmethod
    def _options(options) -> str:
        return "".join(
            f'<option value="{escape(str(option["value"]))}"'
            f"{' selected' if option['selected'] else ''}>"
            f"{escape(capfirst(option['label']))}</option>"
            for option in options
        )


def choice_filter(label, empty_label, **options) -> django_filters.ChoiceFilter:
    """A <select> with `empty_label` ("All …") first; `options` say what it filters
    (field_name or method) and, unless set_choices loads them, the choices."""
    options.setdefault("widget", OptionsSelect)
    return django_filters.ChoiceFilter(label=label, empty_label=empty_label, **options)


class SearchFilterSet(django_filters.FilterSet):
    """A filter set with a text search `q`: every word must occur in the model's search column
    (registry.text.SearchableQuerySet.search)."""

    q = django_filters.CharFilter(
        label=_("Text"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )

    # The parameter that orders the list, if any: not a filter, so not counted as one, and
    # drawn beside the results rather than in the filter form.
    sort_param = None
    # The counties and municipalities for the script that narrows the municipality list.
    regions_data = None
    regions_data_id = REGIONS_DATA_ID

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.notices = []  # what the filter form must tell, e.g. a filter it dropped

    def set_choices(self, **choices) -> None:
        """The choices of these filters, loaded when the form is made."""
        for name, values in choices.items():
            self.form.fields[name].choices = values

    def set_regions(self, county: str = "fylke", municipality: str = "kommune") -> None:
        """Loads the county and municipality lists (one query). With a county chosen, the
        municipality list holds only its municipalities, so it follows the county without
        JavaScript; a municipality of another county is dropped, and the form says so.

        Call it before anything reads `self.form`: it may change the data the form is made of.
        """
        loaded = regions()
        chosen_county = self.data.get(county) or None
        if chosen_county not in dict(loaded.counties):
            chosen_county = None
        chosen_municipality = self.data.get(municipality)
        if chosen_county and chosen_municipality:
            owner = loaded.county_of(chosen_municipality)
            if owner and owner != chosen_county:
                self.data = self.data.copy()
                self.data.pop(municipality, None)
                self.notices.append(
                    _(
                        "%(municipality)s is not in %(county)s, so the municipality filter "
                        "was removed."
                    )
                    % {
                        "municipality": loaded.name_of(chosen_municipality),
                        "county": loaded.name_of(chosen_county),
                    }
                )
        fields = self.form.fields
        for name in (county, municipality):  # hundreds of options: drawn in Python
            if not isinstance(fields[name].widget, OptionsSelect):
                fields[name].widget = OptionsSelect(attrs=fields[name].widget.attrs)
        fields[county].choices = loaded.counties
        fields[municipality].choices = loaded.municipality_choices(chosen_county)
        fields[municipality].widget.attrs.update(
            {"data-regions": self.regions_data_id, "data-county-field": county}
        )
        self.regions_data = loaded.as_data()

    @property
    def active_count(self) -> int:
        """How many filters have a value (the order of the list is not a filter)."""
        return sum(
            1
            for name in self.filters
            if name != self.sort_param and self.data.get(name) not in (None, "")
        )

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
