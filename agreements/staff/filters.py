import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, oslo_today
from orgs.models import Organisation


class StaffAgreementFilter(django_filters.FilterSet):
    """Filters of "Mine avtaler": every status, my schools."""

    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Agreement.Status.choices, empty_label=_("All statuses")
    )
    gyldighet = django_filters.ChoiceFilter(
        label=_("Validity"),
        method="filter_validity",
        empty_label=_("Any validity"),
        choices=[
            ("current", _("Valid now or upcoming")),
            ("expiring", _("Expires within 90 days")),
            ("expired", _("Expired")),
        ],
    )
    skole = django_filters.ChoiceFilter(
        label=_("School"), method="filter_school", empty_label=_("All my schools")
    )

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search", "maxlength": 200})
        schools = Organisation.objects.filter(pk__in=policy.school_ids).order_by("name")
        self.form.fields["skole"].choices = [
            ("", _("All my schools")),
            *((s.orgnr, s.name) for s in schools),
        ]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_school(self, queryset, name, value):
        return queryset.filter(parties__organisation__orgnr=value)

    def filter_validity(self, queryset, name, value):
        today = oslo_today()
        if value == "current":
            return queryset.filter(valid_to__gte=today)
        if value == "expiring":
            return queryset.filter(
                valid_to__gte=today, valid_to__lte=today + datetime.timedelta(days=90)
            )
        return queryset.filter(valid_to__lt=today)
