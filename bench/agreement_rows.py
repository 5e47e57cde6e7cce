"""The benchmark's agreements, their parties and relations, and the log messages
(bench/generate.py).

Sizes are skewed as in life: schools are drawn by rank (a few upper-secondary schools are
parties to thousands of agreements, most to tens), partners by their rank in the first school's
county (a few companies in hundreds of agreements, most in none), and one agreement in a
hundred is a training office's with eight to twelve schools of its county. Log messages are
written by staff of schools about the partners of their county, so most companies have none
and a few very many, more in recent months than long ago and fewer in July.
"""

import datetime
import itertools

from bench.country_rows import Organisations
from bench.rows import attach_organisations, next_id, write
from bench.spread import Weighted, ranked
from bench.vocabulary import WORDS

STATUS_MIX = (  # (status, state, share)
    ("published", "current", 0.55),
    ("published", "upcoming", 0.05),
    ("published", "expired", 0.15),
    ("draft", "draft", 0.12),
    ("submitted", "submitted", 0.03),
    ("withdrawn", "withdrawn", 0.10),
)
LOWER_SECONDARY_SHARE = 0.1  # work weeks and the like: agreements of lower-secondary schools
MANY_SCHOOLS_SHARE = 0.01  # a training office and eight to twelve schools, as Trondheim's
FRAMEWORK_LOCALS = 40  # local agreements under one framework agreement in force
LOG_YEARS = 3


class Draws:
    """The weighted draws an agreement's parties and a log message's company come from."""

    def __init__(self, organisations: Organisations, rng):
        self.rng = rng
        self.organisations = organisations
        upper, lower = organisations.upper_secondary, organisations.lower_secondary
        self.upper = Weighted(upper, ranked(len(upper), 0.8))
        self.lower = Weighted(lower, ranked(len(lower), 0.8))
        by_county = {}
        for pk in upper:  # in rank order, so each county's list is largest first
            by_county.setdefault(organisations.county_of[pk], []).append(pk)
        self.upper_in_county = {c: Weighted(p, ranked(len(p), 0.8)) for c, p in by_county.items()}
        self.counties = sorted(organisations.partners)

    def partner(self, county):
        """A partner in the county (one in ten from anywhere, as a national company's)."""
        partners = self.organisations.partners
        if county not in partners or self.rng.random() < 0.1:
            county = self.rng.choice(self.counties)
        return partners[county].draw(self.rng)

    def partners(self, county, k: int) -> list:
        chosen = []
        for _ in range(10 * k):
            candidate = self.partner(county)
            if candidate not in chosen:
                chosen.append(candidate)
                if len(chosen) == k:
                    break
        return chosen

    def many_schools(self, k: int) -> tuple[list, list]:
        """A training office's agreement: k upper-secondary schools, of its county as far as
        the county has them, and the training office (any partner where there is none)."""
        rng = self.rng
        first = self.upper.draw(rng)
        county = self.organisations.county_of[first]
        schools = [first] + [
            s for s in self.upper_in_county[county].distinct(rng, k) if s != first
        ][: k - 1]
        schools += [s for s in self.upper.distinct(rng, 2 * k) if s not in schools][
            : k - len(schools)
        ]
        offices = self.organisations.training_offices.get(county)
        return schools, [rng.choice(offices) if offices else self.partner(county)]


def plan(rng, draws: Draws, n_agreements: int, today) -> list:
    """(index, status, valid from, valid to, school pks, partner pks) for each agreement."""
    many = set(rng.sample(range(n_agreements), max(1, round(n_agreements * MANY_SCHOOLS_SHARE))))
    plans = []
    for i in range(n_agreements):
        roll, acc = rng.random(), 0.0
        status, state = STATUS_MIX[-1][:2]
        for candidate, candidate_state, share in STATUS_MIX:
            acc += share
            if roll < acc:
                status, state = candidate, candidate_state
                break
        length = datetime.timedelta(days=rng.choice([364, 729, 1094]))
        offset = datetime.timedelta(days=rng.randint(1, 600))
        start = {
            "current": today - offset,
            "upcoming": today + offset / 6,
            "expired": today - length - offset,
        }.get(state, today - offset / 2)
        if i in many:
            schools, others = draws.many_schools(rng.randint(8, 12))
        else:
            pool = draws.lower if rng.random() < LOWER_SECONDARY_SHARE else draws.upper
            schools = pool.distinct(rng, 1 if rng.random() < 0.9 else rng.randint(2, 3))
            county = draws.organisations.county_of[schools[0]]
            others = draws.partners(county, 1 if rng.random() < 0.8 else rng.randint(2, 3))
        plans.append((i, status, start, start + length, schools, others))
    return plans


def write_agreements(
    rng, draws: Draws, n_agreements, today, now, created_by, reference, staff_of
) -> dict:
    """Writes the agreements with their parties, relations and responsible person; returns
    the counts. `reference` is (area rows, trade rows, cooperation type rows), each pk -> row;
    `staff_of` each school's staff users (school pk -> [(user pk, username)]): one of its
    responsible school's is an agreement's responsible person, as the teacher who registers
    it is (a school without staff users leaves it with none)."""
    from agreements.models import Agreement, Party
    from agreements.models.derived import derive_agreement_fields
    from registry.models import User

    area_rows, trade_rows, type_rows = reference
    plans = plan(rng, draws, n_agreements, today)
    texts = [
        (
            f"Samarbeidsavtale {i}: {rng.choice(WORDS)} og {rng.choice(WORDS)}",
            f"Samarbeid om {rng.choice(WORDS)} og {rng.choice(WORDS)} for elevene.",
        )
        for i, *_ in plans
    ]
    relations = {  # field name -> (rows by pk, each agreement's chosen pks)
        name: (rows, [rng.sample(list(rows), rng.randint(1, k)) for _ in plans])
        for name, rows, k in (
            ("cooperation_types", type_rows, 2),
            ("programme_areas", area_rows, 1),
            ("trades", trade_rows, 1),
        )
    }
    framework = next(
        (
            i
            for i, status, start, end, *_ in plans
            if status == "published" and start <= today <= end
        ),
        None,
    )
    under = (
        set(range(framework + 1, min(framework + 1 + FRAMEWORK_LOCALS, n_agreements)))
        if framework is not None
        else set()
    )
    first = next_id(Agreement)
    kind_of = draws.organisations.kind_of
    party_ids = itertools.count(next_id(Party))
    parties = [  # each agreement's, in row order
        [
            Party(
                pk=next(party_ids),
                agreement_id=first + i,
                organisation_id=s,
                role=Party.Role.SCHOOL,
            )
            for s in schools
        ]
        + [
            Party(
                pk=next(party_ids),
                agreement_id=first + i,
                organisation_id=o,
                role=Party.Role(kind_of.get(o, Party.Role.COMPANY)),  # or training office, …
            )
            for o in others
        ]
        for i, _s, _f, _t, schools, others in plans
    ]
    all_parties = list(itertools.chain.from_iterable(parties))
    attach_organisations(all_parties)

    responsible = [  # each agreement's responsible person, if its school has staff users
        [rng.choice(staff_of[schools[0]])] if staff_of.get(schools[0]) else []
        for _i, _s, _f, _t, schools, _others in plans
    ]

    def agreements():
        framework_agreement = None
        for (i, status, start, end, schools, _others), (title, purpose) in zip(
            plans, texts, strict=True
        ):
            agreement = Agreement(
                pk=first + i,
                title=title,
                purpose=purpose,
                status=status,
                valid_from=start,
                valid_to=end,
                signed_on=None if status == "draft" else start - datetime.timedelta(days=14),
                created_by_id=created_by,
                created_at=now,
                updated_at=now,
                # The first school answers for it, as the staff form makes it by default.
                responsible_organisation_id=schools[0],
                framework_id=first + framework if i in under else None,
            )
            # The app's one writer of the owning county, search_text and snapshot.
            derive_agreement_fields(
                title=title,
                purpose=purpose,
                parties=parties[i],
                responsible=parties[i][0].organisation,
                responsible_staff=[User(pk=pk, username=name) for pk, name in responsible[i]],
                framework=framework_agreement if i in under else None,
                **{
                    name: [rows[pk] for pk in chosen[i]]
                    for name, (rows, chosen) in relations.items()
                },
            ).apply_to(agreement)
            if i == framework:
                framework_agreement = agreement
            yield agreement

    through = Agreement.responsible_staff.through
    counts = {
        "agreements": write(Agreement, agreements()),
        "parties": write(Party, iter(all_parties)),
        "responsible staff": write(
            through,
            (
                through(agreement_id=first + i, user_id=pk)
                for i, people in enumerate(responsible)
                for pk, _name in people
            ),
        ),
    }
    for name, (_rows, chosen) in relations.items():
        relation = getattr(Agreement, name).through
        target = [
            f for f in relation._meta.concrete_fields if f.is_relation and f.name != "agreement"
        ][0]
        write(
            relation,
            (
                relation(agreement_id=first + i, **{target.attname: pk})
                for i in range(n_agreements)
                for pk in chosen[i]
            ),
        )
    return counts


def write_log_messages(rng, draws: Draws, staff_school: dict, n_logs: int, now) -> int:
    from agreements.models import LogMessage

    first = next_id(LogMessage)
    kinds = [k.value for k in LogMessage.Kind]
    authors = list(staff_school)
    span = LOG_YEARS * 525_600  # minutes

    def written_at():
        for _ in range(2):  # July, the summer holiday, keeps two in five of its messages
            at = now - datetime.timedelta(minutes=int(span * rng.random() ** 1.6))
            if at.month != 7 or rng.random() < 0.4:
                break
        return at

    def log_messages():
        for i in range(n_logs):
            author = rng.choice(authors)
            school = staff_school[author]
            yield LogMessage(
                pk=first + i,
                organisation_id=draws.partner(draws.organisations.county_of[school]),
                kind=rng.choice(kinds),
                body=f"Ringte {rng.choice(WORDS)}-ansvarlig om {rng.choice(WORDS)}.",
                author_id=author,
                author_school_id=school,
                created_at=written_at(),
                updated_at=now,
            )

    return write(LogMessage, log_messages())
