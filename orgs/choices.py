"""Choices for the filter forms, loaded in as few queries as possible."""

from orgs.models import Municipality


def region_choices():
    """(counties, municipalities grouped by county), from one query.

    Counties as (number, name); municipalities as [(county name, [(number, name), ...])],
    ready for a <select> with <optgroup>s.
    """
    municipalities = Municipality.objects.select_related("county").order_by(
        "county__number", "name"
    )
    counties, groups = {}, {}
    for municipality in municipalities:
        counties[municipality.county.number] = municipality.county.name
        groups.setdefault(municipality.county.name, []).append(
            (municipality.number, municipality.name)
        )
    return sorted(counties.items()), list(groups.items())
