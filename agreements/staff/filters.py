import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, oslo_today
from orgs.models import Organisation
from registry.filters import SearchFilterSet, choice_filter


class Validity(models.TextChoices):
    CURRENT = "current", _("Valid now or upcoming")
    EXPIRING = "expiring", _("Expires within 90 days")
    EXPIRED = "expired", _("Expired")


class StaffAgreementFilter(SearchFilterSet):
    """Filters of "Mine avtaler": every status, my schools."""

    status = choice_filter(_("Status"), _("All statuses"), choices=Agreement.Status.choices)
    gyldighet = choice_filter(
        _("Validity"), _("Any validity"), method="filter_validity", choices=Validity.choices
    )
    skole = choice_filter(_("School"), _("All my schools"), method="filter_school")

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        schools = policy.schools(Organisation.objects.order_by("name"))
        self.set_choices(skole=[(s.orgnr, s.name) for s in schools])

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
