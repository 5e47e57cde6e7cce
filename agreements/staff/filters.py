import datetime

import django_filters
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, oslo_today
from orgs.models import Organisation
from registry.filters import SearchFilterSet, choice_filter


class Validity(models.TextChoices):
    CURRENT = "current", _("Valid now or upcoming")
    EXPIRING = "expiring", _("Expires within 90 days")
    EXPIRED = "expired", _("Expired")


class Sort(models.TextChoices):
    """The orders of "Mine avtaler" (`?sorter=`); the first is the default."""

    CHANGED = "endret", _("Last changed first")
    TITLE = "tittel", _("Title, A–Z")
    VALID_TO = "gyldig-til", _("Valid to, earliest first")
    STATUS = "status", _("Status, drafts first")


# The workflow's order, as the statuses are declared: what needs work first.
STATUS_ORDER = Case(
    *(
        When(status=status, then=Value(position))
        for position, status in enumerate(Agreement.Status)
    ),
    default=Value(9),
    output_field=models.IntegerField(),
)
ORDERINGS = {
    Sort.CHANGED: ("-updated_at", "-pk"),
    Sort.TITLE: (Lower("title"), "pk"),
    Sort.VALID_TO: ("valid_to", Lower("title"), "pk"),
    Sort.STATUS: (STATUS_ORDER, "-updated_at", "-pk"),
}


class StaffAgreementFilter(SearchFilterSet):
    """Filters of "Mine avtaler": every status, my organisations; and the list's order (`sorter`,
    last changed first unless chosen), kept in the URL and so in the paging links."""

    status = choice_filter(_("Status"), _("All statuses"), choices=Agreement.Status.choices)
    gyldighet = choice_filter(
        _("Validity"), _("Any validity"), method="filter_validity", choices=Validity.choices
    )
    skole = choice_filter(_("Organisation"), _("All my organisations"), method="filter_school")
    sorter = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.choices, empty_label=None, method="sort"
    )

    sort_param = "sorter"

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        # (orgnr, name) pairs, not whole rows: a coordinator's county has a thousand schools.
        schools = policy.organisations(Organisation.objects.order_by("name"))
        self.set_choices(skole=list(schools.values_list("orgnr", "name")))

    @property
    def sort_order(self) -> str:
        """The chosen order; the default for none or one we do not know."""
        value = self.data.get(self.sort_param)
        return value if value in Sort.values else Sort.CHANGED

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by(*ORDERINGS[self.sort_order])

    def sort(self, queryset, name, value):
        return queryset  # filter_queryset orders the list, with or without a choice

    def filter_school(self, queryset, name, value):
        return queryset.filter(parties__organisation__orgnr=value)

    def filter_validity(self, queryset, name, value):
        today = oslo_today()
        if value == Validity.CURRENT:
            return queryset.filter(valid_to__gte=today)
        if value == Validity.EXPIRING:
            return queryset.filter(
                valid_to__gte=today, valid_to__lte=today + datetime.timedelta(days=90)
            )
        return queryset.filter(valid_to__lt=today)
