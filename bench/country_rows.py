"""The benchmark's organisations, schools and users, spread over the country (bench/generate.py).

Schools come first (upper-secondary ones largest first, then lower-secondary ones), then the
main units, then their sub-units. Each county's main units are its possible partners, ranked:
the first quarter of them take part in agreements, the first few in very many.
"""

import datetime
import itertools
from dataclasses import dataclass

from bench.rows import next_id, write
from bench.spread import Country, Weighted, ranked
from bench.vocabulary import NAME_ENDS, NAME_STARTS, PLACES, SUFFIXES, WORDS

BENCH_PASSWORD_HASH = "!"  # unusable: bench users only log in with force_login
BENCH_STAFF_SCHOOL_RANK = 2  # Trondheim's largest school: thousands of agreements at scale 1
UPPER_SECONDARY_SHARE = 0.43  # about 430 of Norway's 1,000 schools with pupils of 13 and over
TRAINING_OFFICES_PER_MAIN_UNIT = 0.0004  # about 160 of scale 1's 400,000 main units


@dataclass
class Organisations:
    upper_secondary: list  # school pks, largest first
    lower_secondary: list
    main_ids: list
    sub_units: int
    county_of: dict  # school pk -> county pk
    partners: dict  # county pk -> Weighted main-unit pks, the likeliest partners first
    training_offices: dict  # county pk -> training-office pks
    kind_of: dict  # main-unit pk -> kind, when it is not a company


def short(place: str) -> str:
    return place.split(" - ")[0]  # "Trondheim - Tråante": the bokmål name


def _make_training_offices(kinds, places, Kind):
    """Norway has about 160 training offices, not a share of its companies: a
    TRAINING_OFFICES_PER_MAIN_UNIT share of the main units, at least one a county, each
    county's in proportion to its main units. They are the last companies of their county,
    outside its pool of likely partners: they take part only as the training office of the
    agreements with many schools (bench/agreement_rows.py), a few each at scale 1."""
    by_county = {}
    for i, (kind, place) in enumerate(zip(kinds, places, strict=True)):
        if kind == Kind.COMPANY:
            by_county.setdefault(place[1], []).append(i)
    for indexes in by_county.values():
        for i in indexes[-max(1, round(len(indexes) * TRAINING_OFFICES_PER_MAIN_UNIT)) :]:
            kinds[i] = Kind.TRAINING_OFFICE


def write_organisations(rng, country: Country, n_orgs, n_schools, orgnrs, now):
    from orgs.models import Organisation

    Kind = Organisation.Kind
    first = next_id(Organisation)
    n_upper = max(round(n_schools * UPPER_SECONDARY_SHARE), len(country.counties) + 4)
    n_lower = max(n_schools - n_upper, 1)
    n_schools = n_upper + n_lower
    upper = list(range(first, first + n_upper))
    lower = list(range(first + n_upper, first + n_schools))
    school_places = country.upper_secondary_places(n_upper, rng)
    school_places += country.lower_secondary_places(n_lower, rng)
    n_main = int((n_orgs - n_schools) * 0.8)
    main_ids = list(range(first + n_schools, first + n_schools + n_main))
    n_sub = n_orgs - n_schools - n_main
    main_places = [country.people.draw(rng) for _ in range(n_main)]
    kinds = []
    for _ in range(n_main):
        roll = rng.random()
        kinds.append(
            Kind.COMPANY if roll < 0.95 else Kind.PUBLIC_AGENCY if roll < 0.98 else Kind.UNION
        )
    _make_training_offices(kinds, main_places, Kind)

    def row(pk, name, kind, place, parent_id=None):
        municipality_id, _county, town, _number = place
        orgnr = next(orgnrs)
        active = rng.random() > 0.03
        return Organisation(
            pk=pk,
            orgnr=orgnr,
            name=name,
            kind=kind,
            municipality_id=municipality_id,
            postal_address=f"{rng.choice(WORDS).capitalize()}veien {rng.randint(1, 99)}",
            industry_code=f"{rng.randint(1, 96):02d}.{rng.randint(0, 999):03d}",
            employees=rng.choice([None, rng.randint(0, 20), rng.randint(0, 2000)]),
            parent_id=parent_id,
            main_unit_orgnr="",
            active=active,
            bankrupt=not active and rng.random() < 0.5,
            **Organisation.search_columns(name, orgnr, town),
            created_at=now,
            updated_at=now,
        )

    def organisations():
        for i, place in enumerate(school_places):
            word = rng.choice(WORDS)
            if i < n_upper:
                yield row(
                    first + i,
                    f"{short(place[2])} {word} videregående skole",
                    Kind.UPPER_SECONDARY,
                    place,
                )
            else:
                yield row(
                    first + i, f"{word.capitalize()} ungdomsskole", Kind.LOWER_SECONDARY, place
                )
        for pk, place, kind in zip(main_ids, main_places, kinds, strict=True):
            words = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
            if rng.random() < 0.5:  # the realistic case: a name of its own
                words = f"{rng.choice(NAME_STARTS)}{rng.choice(NAME_ENDS)} {rng.choice(WORDS)}"
            yield row(pk, f"{words} {rng.choice(PLACES)} {rng.choice(SUFFIXES)}", kind, place)
        for i in range(n_sub):
            parent = rng.randrange(n_main)
            # Most branches are where their main unit is; some elsewhere, where people live.
            place = main_places[parent] if rng.random() < 0.6 else country.people.draw(rng)
            words = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
            pk = first + n_schools + n_main + i
            name = f"{words} avd. {short(place[2])}"
            yield row(pk, name, Kind.COMPANY, place, parent_id=main_ids[parent])

    write(Organisation, organisations())
    by_county = {}
    training_offices = {}
    for pk, place, kind in zip(main_ids, main_places, kinds, strict=True):
        by_county.setdefault(place[1], []).append(pk)
        if kind == Kind.TRAINING_OFFICE:
            training_offices.setdefault(place[1], []).append(pk)
    partners = {}
    for county, pks in by_county.items():
        pool = pks[: max(1, len(pks) // 4)]
        partners[county] = Weighted(pool, ranked(len(pool), 1.0))
    schools = upper + lower
    return Organisations(
        upper_secondary=upper,
        lower_secondary=lower,
        main_ids=main_ids,
        sub_units=n_sub,
        county_of={pk: place[1] for pk, place in zip(schools, school_places, strict=True)},
        partners=partners,
        training_offices=training_offices,
        kind_of={pk: k for pk, k in zip(main_ids, kinds, strict=True) if k != Kind.COMPANY},
    )


def write_offers(rng, organisations: Organisations, areas, trades):
    """What schools offer and (a small share of) companies are approved for."""
    from orgs.models import Organisation

    through = Organisation.programme_areas.through
    write(
        through,
        (
            through(organisation_id=s, programmearea_id=a)
            for s in organisations.upper_secondary
            for a in rng.sample(areas, min(len(areas), 6))
        ),
    )
    approved = Organisation.approved_trades.through
    main_ids = organisations.main_ids
    write(
        approved,
        (
            approved(organisation_id=c, trade_id=t)
            for c in rng.sample(main_ids, min(len(main_ids), len(main_ids) // 20))
            for t in rng.sample(trades, 2)
        ),
    )


def _days_since_login(i: int) -> int:
    """Most staff logged in within the last two months; one in ten (never bench-staff, the
    first) last did over a year ago: gone, so their agreements need a new responsible person
    (agreements/models/responsibility.py)."""
    return 400 if i % 10 == 3 else i % 60


def write_users(organisations: Organisations, n_users, counties, now) -> dict:
    """Staff users, each at a school (the first is bench-staff, at a large school), and a county
    coordinator for each county (bench-coordinator-<county number>). Returns user pk -> school."""
    from registry.models import CountyCoordinator, StaffMembership, User

    upper = organisations.upper_secondary
    schools = upper + organisations.lower_secondary
    first_user = next_id(User)
    staff_school = {
        first_user: upper[min(BENCH_STAFF_SCHOOL_RANK, len(upper) - 1)],
        **{first_user + i: schools[i % len(schools)] for i in range(1, n_users)},
    }
    names = [
        "bench-staff",
        *(f"bench-staff-{i}" for i in range(1, n_users)),
        *(f"bench-coordinator-{number}" for _pk, number in counties),
    ]
    write(
        User,
        (
            User(
                pk=first_user + i,
                username=name,
                password=BENCH_PASSWORD_HASH,
                date_joined=now - datetime.timedelta(days=800),
                last_login=now - datetime.timedelta(days=_days_since_login(i)),
            )
            for i, name in enumerate(names)
        ),
    )
    memberships = itertools.count(next_id(StaffMembership))
    write(
        StaffMembership,
        (
            StaffMembership(
                pk=next(memberships),
                user_id=u,
                organisation_id=s,
                source=StaffMembership.Source.ADMIN,
                created_at=now,
            )
            for u, s in staff_school.items()
        ),
    )
    coordinators = itertools.count(next_id(CountyCoordinator))
    write(
        CountyCoordinator,
        (
            CountyCoordinator(
                pk=next(coordinators),
                user_id=first_user + n_users + i,
                county_id=pk,
                created_at=now,
            )
            for i, (pk, _number) in enumerate(counties)
        ),
    )
    return staff_school
