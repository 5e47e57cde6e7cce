"""Choices for the filter forms, loaded in as few queries as possible."""

from django.db.models import CharField, Value
from django.utils.translation import get_language

from orgs.models import Municipality, ProgrammeArea, Trade


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


def curriculum_choices(key: str = "code"):
    """(programme area choices, trade choices) as (code, label), from one query.

    Labels are in the user's language; programme areas carry their level (Vg1, Vg2, Vg3).
    `key="pk"` gives primary keys instead of codes, for model form fields.
    """
    columns = (key, "title_nb", "title_en")
    # No ORDER BY inside a UNION (SQLite refuses it); the lists are sorted below.
    areas = ProgrammeArea.objects.order_by().values_list(
        *columns, "level", Value("area", output_field=CharField())
    )
    trades = Trade.objects.order_by().values_list(
        *columns,
        Value("", output_field=CharField()),
        Value("trade", output_field=CharField()),
    )
    english = (get_language() or "nb").startswith("en")
    levels = dict(ProgrammeArea.Level.choices)
    area_choices, trade_choices = [], []
    for code, title_nb, title_en, level, kind in areas.union(trades, all=True):
        title = title_en if english and title_en else title_nb
        if kind == "area":
            area_choices.append(((level, title_nb), (code, f"{levels.get(level, level)} {title}")))
        else:
            trade_choices.append((title_nb, (code, title)))
    return (
        [choice for _key, choice in sorted(area_choices)],
        [choice for _key, choice in sorted(trade_choices)],
    )
