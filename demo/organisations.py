"""The demo's organisations: the schools, companies and partners of demo.data, their branches
and main units, with organisation numbers that are valid and the same on every run."""

import hashlib
import itertools
from types import SimpleNamespace

from demo import data
from demo.reference import MUNICIPALITY, VG1_OF_PROGRAMME
from orgs.models import Organisation
from orgs.validators import check_digit


def organisation_specs(organisations=None) -> list[SimpleNamespace]:
    """Every demo organisation as plain values: schools, the listed ones, their branches; or
    only `organisations` (rows as data.ORGANISATIONS), when given."""
    specs = []
    for name, number, vg2_areas in data.SCHOOLS if organisations is None else ():
        owner = "" if name in data.PRIVATE_SCHOOLS else data.SCHOOL_OWNERS[MUNICIPALITY[number][1]]
        vg1_areas = sorted({VG1_OF_PROGRAMME[code[:2]] for code in vg2_areas})
        specs.append(
            SimpleNamespace(
                name=name,
                municipality=number,
                profile="school",
                website="",
                nace="",
                parent=owner,
                offers=vg1_areas + vg2_areas,
                vg2_areas=vg2_areas,
            )
        )
    for name, number, profile, website, nace in organisations or data.ORGANISATIONS:
        specs.append(
            SimpleNamespace(
                name=name,
                municipality=number,
                profile=profile,
                offers=[],
                website=website,
                nace=nace,
                parent=data.PARENTS.get(name, ""),
            )
        )
        for branch_number in data.BRANCHES.get(name, []):
            town = MUNICIPALITY[branch_number][3]
            specs.append(
                SimpleNamespace(
                    name=f"{name} avd. {town}",
                    municipality=branch_number,
                    profile=profile,
                    offers=[],
                    website=website,
                    nace=nace,
                    parent=name,
                )
            )
    for spec in specs:
        kind, nace, areas, trades, occupations, employees = data.PROFILES[spec.profile]
        spec.kind, spec.areas, spec.trades, spec.occupations = kind, areas, trades, occupations
        spec.nace, spec.employees = spec.nace or nace, employees
        spec.county = MUNICIPALITY[spec.municipality][1]
    return specs


def demo_orgnr(name: str, taken: set[str]) -> str:
    """A valid organisation number derived from the name, the same on every run."""
    for attempt in itertools.count():
        digest = hashlib.sha256(f"{name}#{attempt}".encode()).digest()
        first_eight = str(80_000_000 + int.from_bytes(digest[:8]) % 20_000_000)
        digit = check_digit(first_eight)
        if digit is not None and f"{first_eight}{digit}" not in taken:
            return f"{first_eight}{digit}"


def load_organisations(specs, ref, rng, taken=None) -> tuple[dict[str, Organisation], int]:
    """Creates or updates the organisations of `specs`; `taken` are organisation numbers
    already given to others."""
    taken = set(data.FIXED_ORGNR.values()) | set(taken or ())
    orgs, new = {}, 0
    for spec in specs:
        orgnr = data.FIXED_ORGNR.get(spec.name) or demo_orgnr(spec.name, taken)
        taken.add(orgnr)
        street = f"{rng.choice(data.STREETS)} {rng.randint(1, 120)}"
        address = f"{street}, {MUNICIPALITY[spec.municipality][2]}"
        org, created = Organisation.objects.update_or_create(
            orgnr=orgnr,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "municipality": ref.municipalities[spec.municipality],
                "postal_address": address,
                "website": spec.website,
                "industry_code": spec.nace,
                "employees": rng.randint(*spec.employees),
                "active": True,
            },
        )
        org.programme_areas.set(ref.areas[code] for code in spec.offers)
        org.approved_trades.set(ref.trades[code] for code in spec.trades)
        org.occupations.set(ref.occupations[code] for code in spec.occupations)
        orgs[spec.name] = org
        new += created
    for spec in specs:
        orgs[spec.name].parent = orgs[spec.parent] if spec.parent else None
    Organisation.objects.bulk_update(orgs.values(), ["parent"])
    return orgs, new
