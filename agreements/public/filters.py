import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationType
from orgs.choices import curriculum_choices, region_choices


class AgreementFilter(django_filters.FilterSet):
    """The filters of /avtaler/. Parameter names are Norwegian, since the URLs are shared.

    The choices are codes (county number, municipality number, Grep code, slug), loaded in
    four queries in total, so a filtered page costs no more queries than an unfiltered one.
    """

    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    fylke = django_filters.ChoiceFilter(
        label=_("County"), field_name="county__number", empty_label=_("All counties")
    )
    kommune = django_filters.ChoiceFilter(
        label=_("Municipality"), method="filter_municipality", empty_label=_("All municipalities")
    )
    programomrade = django_filters.ChoiceFilter(
        label=_("Programme area"),
        field_name="programme_areas__code",
        empty_label=_("All programme areas"),
    )
    larefag = django_filters.ChoiceFilter(
        label=_("Trade"), field_name="trades__code", empty_label=_("All trades")
    )
    samarbeidsform = django_filters.ChoiceFilter(
        label=_("Cooperation type"),
        field_name="cooperation_types__slug",
        empty_label=_("All cooperation types"),
    )

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["q"].widget = forms.TextInput(attrs={"type": "search", "maxlength": 200})
        counties, municipalities = region_choices()
        fields["fylke"].choices = [("", _("All counties")), *counties]
        fields["kommune"].choices = [("", _("All municipalities")), *municipalities]
        programme_areas, trades = curriculum_choices()
        fields["programomrade"].choices = [("", _("All programme areas")), *programme_areas]
        fields["larefag"].choices = [("", _("All trades")), *trades]
        fields["samarbeidsform"].choices = [
            ("", _("All cooperation types")),
            *((c.slug, c.name) for c in CooperationType.objects.all()),
        ]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_municipality(self, queryset, name, value):
        return queryset.in_municipality(value)
