"""Counties and municipalities: reference data the project provides, so no import has to come
first for them.

The data is Statistics Norway's KLASS 104 (counties) and 131 (municipalities) as valid today,
with every municipality number that has gone out of use since the reform of 1 January 2018 and
today's municipality it resolves to (orgs/data/; its README says where the files come from and
how to update them). `load_regions` makes the database hold them; the importers call
`municipality_numbers` at the start of a run. Neither runs from a migration or at start-up.
"""

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import transaction

from orgs.models import County, Municipality, Organisation
from registry.public_cache import data_changed

DATA = Path(__file__).resolve().parent / "data"
BATCH = 2000


def read_rows(name: str) -> list[dict]:
    """The rows of a CSV file in orgs/data/, without its comment lines (#)."""
    with (DATA / name).open(encoding="utf-8", newline="") as lines:
        return list(csv.DictReader(line for line in lines if not line.startswith("#")))


@dataclass(frozen=True)
class Classification:
    counties: dict  # number -> name
    municipalities: dict  # number -> (name, county number)
    successors: dict  # a former municipality number -> today's number
    former_counties: dict  # a former county number -> name

    def check(self) -> None:
        """Raises ValueError when the files contradict each other."""
        problems = [
            f"municipality {number} is in an unknown county {county}"
            for number, (_name, county) in self.municipalities.items()
            if county not in self.counties
        ]
        problems += [
            f"former number {number} resolves to {successor}, which is not a municipality today"
            for number, successor in self.successors.items()
            if successor not in self.municipalities
        ]
        problems += [
            f"{number} is both a municipality today and a former one"
            for number in self.successors.keys() & self.municipalities.keys()
        ]
        problems += [
            f"{number} is both a county today and a former one"
            for number in self.former_counties.keys() & self.counties.keys()
        ]
        if problems:
            raise ValueError("orgs/data/: " + "; ".join(problems))


@cache
def classification() -> Classification:
    """The files in orgs/data/, read once a process."""
    data = Classification(
        counties={row["number"]: row["name"] for row in read_rows("counties.csv")},
        municipalities={
            row["number"]: (row["name"], row["county"]) for row in read_rows("municipalities.csv")
        },
        successors={
            row["number"]: row["successor"] for row in read_rows("former_municipalities.csv")
        },
        former_counties={row["number"]: row["name"] for row in read_rows("former_counties.csv")},
    )
    data.check()
    return data


def current_municipality_number(number: str | None) -> str | None:
    """Today's number for a municipality number a register gives: itself when it is valid
    today, its successor when it went out of use since 2018, otherwise None."""
    number = (number or "").strip()
    data = classification()
    if number in data.municipalities:
        return number
    return data.successors.get(number)


@dataclass
class RegionChanges:
    """What one load_regions wrote, as lines for people to read."""

    created: list = field(default_factory=list)
    renamed: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    merged: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # former counties still referred to

    def __bool__(self) -> bool:
        return any(vars(self).values())

    def lines(self) -> list[str]:
        return [f"{kind}: {line}" for kind, lines in vars(self).items() for line in lines]


def references(model) -> list:
    """(model, field name) of every foreign key to `model` in the whole project, so a merge
    moves them all and a deletion asks them all."""
    return [
        (relation.related_model, relation.field.name)
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and relation.is_relation
        if relation.one_to_many or relation.one_to_one
    ]


def load_regions() -> RegionChanges:
    """Makes the database hold today's counties and municipalities: upserts them by number,
    renames, moves a municipality to its county, merges a row under a former number into
    today's (its organisations move) and deletes a former county nothing refers to. Idempotent:
    when everything is current, two read queries and no write."""
    return synchronise()[0]


def municipality_numbers() -> dict[str, tuple[int, str]]:
    """Every municipality number a register may give, today's and former ones since 2018,
    → (pk, name) of today's municipality. A municipality the database has under a number
    KLASS does not know (one an import created) keeps its own number."""
    rows = synchronise()[1]
    numbers = {number: (pk, name) for number, (pk, name, _county) in rows.items()}
    for former, successor in classification().successors.items():
        numbers[former] = numbers[successor]
    return numbers


def synchronise() -> tuple[RegionChanges, dict]:
    """load_regions, and the municipalities afterwards: number -> (pk, name, county pk)."""
    data = classification()
    counties = county_rows()
    municipalities = municipality_rows()
    if is_current(data, counties, municipalities):
        return RegionChanges(), municipalities
    changes = RegionChanges()
    with transaction.atomic():
        counties = upsert_counties(data, counties, changes)
        municipalities = upsert_municipalities(data, counties, municipalities, changes)
        merge_former_municipalities(data, municipalities, changes)
        delete_former_counties(data, changes)
    data_changed()  # written in bulk, past the model signals
    return changes, municipality_rows()


def county_rows() -> dict:
    return {
        number: (pk, name)
        for number, pk, name in County.objects.values_list("number", "pk", "name")
    }


def municipality_rows() -> dict:
    return {
        number: (pk, name, county_id)
        for number, pk, name, county_id in Municipality.objects.values_list(
            "number", "pk", "name", "county_id"
        )
    }


def is_current(data: Classification, counties: dict, municipalities: dict) -> bool:
    """Whether the rows read are already today's classification, so nothing is written."""
    if any(counties.get(number, (None, None))[1] != name for number, name in data.counties.items()):
        return False
    for number, (name, county) in data.municipalities.items():
        row = municipalities.get(number)
        if row is None or row[1] != name or row[2] != counties[county][0]:
            return False
    return not (
        municipalities.keys() & data.successors.keys()
        or counties.keys() & data.former_counties.keys()
    )


def upsert_counties(data: Classification, counties: dict, changes: RegionChanges) -> dict:
    """Creates and renames today's counties; returns number -> (pk, name) afterwards."""
    missing = [number for number in data.counties if number not in counties]
    County.objects.bulk_create(
        [County(number=number, name=data.counties[number]) for number in missing],
        ignore_conflicts=True,  # another run may create them meanwhile
    )
    changes.created += [f"county {number} {data.counties[number]}" for number in missing]
    for number, name in data.counties.items():
        if number in counties and counties[number][1] != name:
            County.objects.filter(pk=counties[number][0]).update(name=name)
            changes.renamed += [f"county {number} {counties[number][1]} → {name}"]
    return county_rows()


def upsert_municipalities(
    data: Classification, counties: dict, municipalities: dict, changes: RegionChanges
) -> dict:
    """Creates, renames and moves today's municipalities. The organisations of a renamed or
    moved one have their search text and their agreements' owning county brought along.
    Returns number -> (pk, name, county pk) afterwards."""
    missing, changed, renamed, moved = [], [], set(), set()
    for number, (name, county) in data.municipalities.items():
        county_pk = counties[county][0]
        row = municipalities.get(number)
        if row is None:
            missing.append(Municipality(number=number, name=name, county_id=county_pk))
            changes.created.append(f"municipality {number} {name}")
            continue
        pk, old_name, old_county = row
        if old_name != name:
            renamed.add(pk)
            changes.renamed.append(f"municipality {number} {old_name} → {name}")
        if old_county != county_pk:
            moved.add(pk)
            changes.moved.append(f"municipality {number} {name} → county {county}")
        if pk in renamed | moved:
            changed.append(Municipality(pk=pk, number=number, name=name, county_id=county_pk))
    Municipality.objects.bulk_create(missing, ignore_conflicts=True)
    Municipality.objects.bulk_update(changed, ["name", "county"], batch_size=BATCH)
    refresh_search_text(renamed)
    refresh_owning_counties(moved)
    return municipality_rows()


def merge_former_municipalities(
    data: Classification, municipalities: dict, changes: RegionChanges
) -> None:
    """A row under a former number (left by an old import) goes into today's municipality:
    everything that refers to it moves there, then the row is deleted."""
    targets = set()
    for number in sorted(municipalities.keys() & data.successors.keys()):
        pk, name, county_pk = municipalities[number]
        successor = data.successors[number]
        target_pk, target_name, target_county = municipalities[successor]
        moved = 0
        for model, name_of_field in references(Municipality):
            moved += model._base_manager.filter(**{name_of_field: pk}).update(
                **{name_of_field: target_pk}
            )
        Municipality.objects.filter(pk=pk).delete()
        targets.add(target_pk)
        changes.merged.append(
            f"municipality {number} {name} → {successor} {target_name} ({moved} moved)"
        )
    refresh_search_text(targets)
    refresh_owning_counties(targets)


def delete_former_counties(data: Classification, changes: RegionChanges) -> None:
    """Deletes a county under a former number when nothing refers to it any more; one that is
    referred to (agreements, routines, coordinators, exports, history) stays, and is reported."""
    for county in County.objects.filter(number__in=data.former_counties).order_by("number"):
        referred = [
            f"{model._meta.label} ({count})"
            for model, name_of_field in references(County)
            if (count := model._base_manager.filter(**{name_of_field: county.pk}).count())
        ]
        if referred:
            changes.kept.append(
                f"county {county.number} {county.name}, referred to by {', '.join(referred)}"
            )
        else:
            county.delete()
            changes.deleted.append(f"county {county.number} {county.name}")


def refresh_search_text(municipality_ids) -> None:
    """The search text of the organisations in these municipalities follows the municipality's
    name (Organisation.search_columns, its one writer); written only where it changed."""
    if not municipality_ids:
        return
    places = dict(Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name"))
    organisations = Organisation.objects.filter(municipality_id__in=municipality_ids).only(
        "pk", "name", "orgnr", "municipality_id", "search_text"
    )
    changed = []
    for organisation in organisations.iterator(chunk_size=BATCH):
        columns = Organisation.search_columns(
            organisation.name, organisation.orgnr, places[organisation.municipality_id]
        )
        if organisation.search_text != columns["search_text"]:
            organisation.search_text = columns["search_text"]
            changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["search_text"], batch_size=BATCH)


def refresh_owning_counties(municipality_ids) -> None:
    """An agreement's owning county follows its responsible party's municipality; after a
    municipality moves, its agreements are derived again (Agreement.refresh_derived_fields)."""
    if not municipality_ids:
        return
    from agreements.models import Agreement

    agreements = Agreement.objects.filter(
        parties__organisation__municipality_id__in=municipality_ids
    ).distinct()
    for agreement in agreements:
        agreement.refresh_derived_fields()
