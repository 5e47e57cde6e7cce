"""The API's agreement filters: those of /avtaler/ (AgreementFilter, the same filter set, the
same parameter names) and three more an integrator needs, each a queryset method of the
agreements (agreements/models/api_queries.py)."""

import django_filters

from agreements.public.filters import AgreementFilter


class ApiAgreementFilter(AgreementFilter):
    organisasjon = django_filters.CharFilter(method="filter_organisation", max_length=9)
    gyldig = django_filters.DateFilter(method="filter_valid_on")
    endret_etter = django_filters.IsoDateTimeFilter(method="filter_saved_since")

    def filter_organisation(self, queryset, name, value):
        return queryset.with_party_orgnr(value)

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)

    def filter_saved_since(self, queryset, name, value):
        return queryset.saved_since(value)


def filtered(request, queryset, public: bool = False):
    """(the filtered queryset, None) or (None, the form's errors) for a 400. `public`: the
    queryset holds public agreements only (AgreementFilter)."""
    agreement_filter = ApiAgreementFilter(request.GET, queryset=queryset, public=public)
    if not agreement_filter.is_valid():
        return None, agreement_filter.errors.get_json_data()
    return agreement_filter.qs, None
