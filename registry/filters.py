"""What the lists' filter sets share: the text search `q`, and <select>s whose choices are
loaded when the form is made."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


def choice_filter(label, empty_label, **options) -> django_filters.ChoiceFilter:
    """A <select> with `empty_label` ("All …") first; `options` say what it filters
    (field_name or method) and, unless set_choices loads them, the choices."""
    return django_filters.ChoiceFilter(label=label, empty_label=empty_label, **options)


class SearchFilterSet(django_filters.FilterSet):
    """A filter set with a text search `q`: every word must occur in the model's search column
    (registry.text.SearchableQuerySet.search)."""

    q = django_filters.CharFilter(
        label=_("Text"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )

    def set_choices(self, **choices) -> None:
        """The choices of these filters, loaded when the form is made."""
        for name, values in choices.items():
            self.form.fields[name].choices = values

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
