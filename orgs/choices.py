"""Choices for the filter forms, loaded in as few queries as possible."""

from dataclasses import dataclass

from django.db.models import CharField, Value
from django.utils.translation import get_language

from orgs.models import Municipality, ProgrammeArea, Trade
from registry.public_cache import remembered


@dataclass
class Regions:
    """The counties and their municipalities, from one query (see `regions()`)."""

    # [(county number, county name, [(municipality number, name), ...]), ...], by county number
    # and then municipality name.
    groups: list

    @property
    def counties(self) -> list:
        """(number, name) for a county <select>."""
        return [(number, name) for number, name, _municipalities in self.groups]

    def county_of(self, municipality: str):
        """The county number of a municipality number; None for an unknown one."""
        for number, _name, municipalities in self.groups:
            if any(code == municipality for code, _label in municipalities):
                return number
        return None

    def name_of(self, number: str) -> str:
        """The name of a county or a municipality, by its number."""
        for county, name, municipalities in self.groups:
            if county == number:
                return name
            for code, label in municipalities:
                if code == number:
                    return label
        return number

    def municipalities_of(self, county: str) -> list:
        """The municipalities of `county` as (number, name), by name; none for an unknown one."""
        for number, _name, municipalities in self.groups:
            if number == county:
                return list(municipalities)
        return []

    def municipality_choices(self, county: str | None = None) -> list:
        """The municipalities of `county` as (number, name), when it is a known county;
        otherwise all of them grouped by county, [(county name, [(number, name), ...])],
        ready for a <select> with <optgroup>s."""
        return self.municipalities_of(county) or [
            (name, list(municipalities)) for _number, name, municipalities in self.groups
        ]

    def as_data(self) -> list:
        """The groups as JSON-ready lists, for the script that narrows the municipality list
        when the county changes (static/js/filters.js)."""
        return [
            [number, name, [list(m) for m in municipalities]]
            for number, name, municipalities in self.groups
        ]


def regions() -> Regions:
    """Every county that has municipalities, with them, from one query; kept in the shared
    cache until the data changes."""
    return remembered("regions", _regions)


def _regions() -> Regions:
    # Plain rows, not 357 municipalities and their counties as model instances: every page
    # with a region filter reads them when the cache is empty.
    municipalities = Municipality.objects.order_by("county__number", "name").values_list(
        "county__number", "county__name", "number", "name"
    )
    groups = {}
    for county_number, county_name, number, name in municipalities:
        groups.setdefault((county_number, county_name), []).append((number, name))
    return Regions([(number, name, items) for (number, name), items in groups.items()])


def curriculum_choices(key: str = "code", grouped: bool = False):
    """(programme area choices, trade choices) as (code, label), from one query, kept in the
    shared cache until the data changes.

    Labels are in the user's language; programme areas carry their level (Vg1, Vg2, Vg3), or,
    with `grouped=True`, come in one group a level: [("Vg1", [(code, title), ...]), ...].
    Trades are in alphabetical order. `key="pk"` gives primary keys instead of codes, for model
    form fields.
    """
    english = (get_language() or "nb").startswith("en")
    return remembered(
        f"curriculum:{key}:{grouped}:{'en' if english else 'nb'}",
        lambda: _curriculum_choices(key, grouped, english),
    )


def _curriculum_choices(key: str, grouped: bool, english: bool):
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
    levels = dict(ProgrammeArea.Level.choices)
    area_choices, trade_choices = [], []
    for code, title_nb, title_en, level, kind in areas.union(trades, all=True):
        title = title_en if english and title_en else title_nb
        if kind == "area":
            area_choices.append(((level, title_nb), level, code, title))
        else:
            trade_choices.append((title_nb, (code, title)))
    area_choices.sort(key=lambda item: (item[0], str(item[2])))
    if grouped:
        by_level = {}
        for _key, level, code, title in area_choices:
            by_level.setdefault(str(levels.get(level, level)), []).append((code, title))
        programme_areas = list(by_level.items())
    else:
        programme_areas = [
            (code, f"{levels.get(level, level)} {title}")
            for _key, level, code, title in area_choices
        ]
    return programme_areas, [choice for _key, choice in sorted(trade_choices)]
