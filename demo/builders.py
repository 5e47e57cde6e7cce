"""The demo's agreements, planned from one seeded random generator and then created, and a
few shared log messages.

Every choice comes from the generator the command passes in, so every run plans the same
agreements; only the dates follow today. An agreement is created only when no agreement with
its title exists yet.
"""

import datetime
import itertools

from django.utils import timezone

from agreements.models import (
    Agreement,
    AnnualPlan,
    LogMessage,
    Meeting,
    Party,
    agreements_written,
)
from agreements.models.party import default_role
from demo import data
from demo.reference import MUNICIPALITY, VG1_OF_PROGRAMME
from orgs.models import Organisation
from registry.models import User

AREA_TITLES = {code: nb for code, _level, _programme, nb, _en in data.PROGRAMME_AREAS}
TRADE_TITLES = {code: nb for code, nb, _en, _areas in data.TRADES}
TRADE_AREAS = {code: areas for code, _nb, _en, areas in data.TRADES}
COOPERATION_LABELS = {
    slug: data.TITLE_LABELS.get(slug, nb) for slug, nb, *_ in data.COOPERATION_TYPES
}


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def meloy_seed(today) -> dict:
    seed = data.MELOY_SEED
    start = datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    if start >= today:
        start = start.replace(year=start.year - 1)
    return {
        "fields": {
            "title": seed["title"],
            "purpose": seed["purpose"],
            "status": Agreement.Status.PUBLISHED,
            "valid_from": start,
            "valid_to": datetime.date(start.year + 3, 7, 31),
            "signed_on": start - days(45),
            "signed_place": seed["signed_place"],
        },
        "parties": [
            (seed["school"], Party.Role.SCHOOL, ""),
            (seed["partner"], Party.Role.COMPANY, ""),
        ],
        "cooperation_types": seed["cooperation_types"],
        "programme_areas": seed["programme_areas"],
        "trades": seed["trades"],
    }


def trondheim_seed() -> dict:
    seed = data.TRONDHEIM_SEED
    return {
        "fields": {
            "title": seed["title"],
            "purpose": seed["purpose"],
            "status": Agreement.Status.PUBLISHED,
            "valid_from": datetime.date(*seed["valid_from"]),
            "valid_to": datetime.date(*seed["valid_to"]),
            "signed_on": datetime.date(*seed["signed_on"]),
            "signed_place": seed["signed_place"],
        },
        "parties": [(name, Party.Role.SCHOOL, "") for name in seed["schools"]]
        + [(seed["partner"], Party.Role.TRAINING_OFFICE, "")],
        # The training office answers for the agreement: nine parties, no school in charge.
        "responsible": seed["partner"],
        # What the agreement asks for each year: the annual plan and the spring meeting.
        "annual_plans": [
            {
                "school_year": "2022–2023",
                "text": (
                    "Årsplanen er laget av opplæringskontorets leder og skolenes "
                    "opplæringskoordinatorer: hospitering for lærere i august, utplassering i "
                    "oktober og mars, informasjonsmøte om læreplasser i januar."
                ),
                "is_public": True,
            }
        ],
        "meetings": [
            {
                "date": datetime.date(2023, 4, 18),
                "kind": "yearly",
                "participants": (
                    "Opplæringskontorets leder, rektorene og opplæringskoordinatorene ved de "
                    "åtte skolene"
                ),
                "minutes": (
                    "Resultatene for skoleåret ble gjennomgått og avtalen evaluert. Fokus neste "
                    "år: flere læreplasser i helsearbeiderfaget og en bedre overgang fra Vg2 "
                    "til læretiden."
                ),
            }
        ],
        "cooperation_types": seed["cooperation_types"],
        "programme_areas": seed["programme_areas"],
        "trades": seed["trades"],
    }


def plan_agreements(specs, today, rng) -> list[dict]:
    """The generated agreements, in the states AGREEMENT_STATES asks for."""
    schools = [s for s in specs if s.profile == "school"]
    partners, anywhere = {}, {}
    for spec in specs:
        # The Meløy seed stays the one agreement of its company.
        if (
            spec.kind != Organisation.Kind.UPPER_SECONDARY
            and spec.name != data.MELOY_SEED["partner"]
        ):
            for area in spec.areas:
                partners.setdefault((spec.county, area), []).append(spec)
                anywhere.setdefault(area, []).append(spec)
    titles = {data.MELOY_SEED["title"], data.TRONDHEIM_SEED["title"]}
    states = [state for state, n in data.AGREEMENT_STATES.items() for _ in range(n)]
    rng.shuffle(states)
    plans = []
    for state in states:
        school = rng.choices(schools, weights=[len(s.vg2_areas) for s in schools])[0]
        area = rng.choice(school.vg2_areas)
        candidates = partners.get((school.county, area)) or anywhere[area]
        local = [p for p in candidates if p.municipality == school.municipality]
        partner = rng.choice(local if local and rng.random() < 0.5 else candidates)
        plan_schools = [school] + extra_schools(school, area, schools, rng)
        plans.append(
            plan_agreement(state, plan_schools, partner, area, candidates, titles, today, rng)
        )
    return plans


def extra_schools(school, area, schools, rng) -> list:
    if rng.random() >= 0.12:
        return []
    others = [
        s for s in schools if s is not school and s.county == school.county and area in s.vg2_areas
    ]
    return rng.sample(others, min(len(others), rng.randint(1, 2)))


def plan_agreement(state, schools, partner, area, candidates, titles, today, rng) -> dict:
    trades = [t for t in partner.trades if area in TRADE_AREAS[t]]
    slugs = cooperation_types(bool(trades), rng)
    parties = [(s.name, Party.Role.SCHOOL) for s in schools]
    parties.append((partner.name, partner_role(partner)))
    offices = [p for p in candidates if p.kind == "training_office" and p is not partner]
    if offices and rng.random() < 0.3:
        parties.append((rng.choice(offices).name, Party.Role.TRAINING_OFFICE))
    areas = [area] + ([VG1_OF_PROGRAMME[area[:2]]] if rng.random() < 0.3 else [])
    valid_from, valid_to = agreement_dates(state, today, rng)
    status = {
        "draft": Agreement.Status.DRAFT,
        "submitted": Agreement.Status.SUBMITTED,
        "withdrawn": Agreement.Status.WITHDRAWN,
    }.get(state, Agreement.Status.PUBLISHED)
    signed = status not in (Agreement.Status.DRAFT, Agreement.Status.SUBMITTED)
    signatories = signed and rng.random() < 0.7
    fields = {
        "title": unique_title(slugs[0], schools, partner, area, titles),
        "purpose": purpose(slugs, schools, partner, area, trades),
        "status": status,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "signed_on": valid_from - days(rng.randint(7, 60)) if signed else None,
        "signed_place": MUNICIPALITY[schools[0].municipality][0] if signed else "",
        "contact_persons": contact_persons(schools[0], partner, rng) if rng.random() < 0.5 else "",
        "withdrawn_reason": rng.choice(data.WITHDRAWN_REASONS) if state == "withdrawn" else "",
    }
    return {
        "fields": fields,
        "parties": [
            (name, role, signatory(role, rng) if signatories else "") for name, role in parties
        ],
        "cooperation_types": slugs,
        "programme_areas": areas,
        "trades": trades[:2],
    }


def partner_role(spec) -> str:
    """A school's partner's role: by its kind, except that a municipality or a county
    authority in a school's agreement is there as an employer, not as a school owner."""
    if spec.kind in (Organisation.Kind.MUNICIPALITY, Organisation.Kind.COUNTY_AUTHORITY):
        return Party.Role.OTHER
    return default_role(spec)


def cooperation_types(has_trades: bool, rng) -> list[str]:
    """One to three cooperation types; companies with a matching trade mostly take YFF."""
    weights = (
        {
            "yff": 6,
            "larlingelop": 3,
            "bedriftsbesok": 2,
            "hospitering": 2,
            "klassebesok": 1,
            "utstyr": 1,
        }
        if has_trades
        else {"partnerskap": 3, "hospitering": 3, "klassebesok": 2, "bedriftsbesok": 2, "utstyr": 1}
    )
    slugs = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        choices = [s for s in weights if s not in slugs]
        slugs += rng.choices(choices, weights=[weights[s] for s in choices])
    return slugs


def agreement_dates(state, today, rng) -> tuple[datetime.date, datetime.date]:
    length = days(rng.choice([365, 730, 1095]) - 1)
    offset = rng.randint(0, 10_000)
    if state == "current":
        return today - days(30 + offset % 670), today + days(120 + offset % 880)
    if state == "upcoming":
        start = today + days(10 + offset % 190)
    elif state == "expiring":
        start = today + days(offset % 90) - length
    elif state == "expired":
        start = today - days(1 + offset % 900) - length
    elif state in ("draft", "submitted"):
        start = today + days(offset % 150 - 20)
    else:  # withdrawn
        start = today - days(60 + offset % 640)
    return start, start + length


def unique_title(slug, schools, partner, area, titles) -> str:
    base = f"{COOPERATION_LABELS[slug]}: {join_names(schools)} og {partner.name}"
    suffixed = f"{base} – {AREA_TITLES[area]}"
    candidates = itertools.chain(
        [base, suffixed], (f"{suffixed} ({n})" for n in itertools.count(2))
    )
    title = next(t for t in candidates if t not in titles)
    titles.add(title)
    return title


def purpose(slugs, schools, partner, area, trades) -> str:
    values = {
        "schools": join_names(schools),
        "partner": partner.name,
        "area": f"Vg2 {AREA_TITLES[area].lower()}",
        "trade": TRADE_TITLES[trades[0]].lower() if trades else "faget",
    }
    text = " ".join(data.PURPOSES[slug].format(**values) for slug in slugs)
    return text[0].upper() + text[1:]


def join_names(orgs) -> str:
    names = [org.name for org in orgs]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def person(rng) -> tuple[str, str]:
    first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
    local = f"{first}.{last}".lower()
    for letter, ascii_ in (("æ", "ae"), ("ø", "o"), ("å", "aa")):
        local = local.replace(letter, ascii_)
    return f"{first} {last}", f"{local}@example.org"


def signatory(role, rng) -> str:
    roles = data.SCHOOL_ROLES if role == Party.Role.SCHOOL else data.PARTNER_ROLES
    return f"{person(rng)[0]}, {rng.choice(roles)}"


def contact_persons(school, partner, rng) -> str:
    lines = []
    for org, roles in ((school, data.SCHOOL_CONTACT_ROLES), (partner, data.PARTNER_CONTACT_ROLES)):
        name, email = person(rng)
        phone = f"{rng.choice('49')}{rng.randint(0, 9_999_999):07d}"
        lines.append(
            f"{name}, {rng.choice(roles)}, {org.name}, "
            f"tlf. {phone[:3]} {phone[3:5]} {phone[5:]}, {email}"
        )
    return "\n".join(lines)


def create_agreements(plans, orgs, ref) -> int:
    """Creates the planned agreements whose title is not taken yet; returns how many."""
    existing = set(
        Agreement.objects.filter(title__in=[p["fields"]["title"] for p in plans]).values_list(
            "title", flat=True
        )
    )
    new, created = 0, {}
    for plan in plans:
        if plan["fields"]["title"] in existing:
            continue
        framework = plan.get("framework")
        agreement = Agreement.objects.create(
            **plan["fields"],
            responsible_organisation=orgs[plan["responsible"]] if plan.get("responsible") else None,
            framework=created.get(framework)
            or (Agreement.objects.filter(title=framework).first() if framework else None),
        )
        created[agreement.title] = agreement
        Party.objects.bulk_create(
            Party(agreement=agreement, organisation=orgs[row[0]], **party_terms(row))
            for row in plan["parties"]
        )
        agreement.cooperation_types.set(ref.cooperation_types[s] for s in plan["cooperation_types"])
        agreement.programme_areas.set(ref.areas[code] for code in plan["programme_areas"])
        agreement.trades.set(ref.trades[code] for code in plan["trades"])
        agreement.refresh_derived_fields()
        for plan_fields in plan.get("annual_plans", []):
            AnnualPlan.objects.create(agreement=agreement, **plan_fields)
        for meeting in plan.get("meetings", []):
            Meeting.objects.create(agreement=agreement, **meeting)
        new += 1
    # The parties were written in bulk, past the signals that keep the rows kept from them.
    agreements_written([agreement.pk for agreement in created.values()])
    return new


def party_terms(row) -> dict:
    """A plan's party (name, role, signatory[, commitment, cost amount, cost rule]) as the
    fields of its Party."""
    values = list(row[1:])
    role, signatory, commitment, cost_amount, cost_rule = (
        values + ["", "", "", None, ""][len(values) :]
    )
    return {
        "role": role,
        "signatory": signatory,
        "commitment": commitment,
        "cost_amount": cost_amount,
        "cost_rule": cost_rule,
    }


DEMO_LOG_LINES = [
    ("contacted", "Ringte daglig leder om YFF-plasser for Vg2 i vår. Venter på svar."),
    ("awaiting", "Sendt e-post med forslag til avtale. Purrer neste uke."),
    ("yes", "Ja til to elever i YFF fra januar. Avtale sendes til signering."),
    ("no", "Har ikke kapasitet dette skoleåret. Prøv igjen til høsten."),
    ("note", "Ny kontaktperson fra 1. mars; se kontaktlisten i avtalen."),
]


def load_demo_log_messages(rng) -> int:
    """A few shared log messages from the demo coordinator, so the mapping shows contacts."""
    author = User.objects.filter(username="koordinator-trondelag").first()
    if author is None or LogMessage.objects.filter(author=author).exists():
        return 0
    school = Organisation.objects.filter(name="Byåsen videregående skole").first()
    companies = list(
        Organisation.objects.filter(
            kind=Organisation.Kind.COMPANY, municipality__county__number="50"
        ).order_by("name")[:12]
    )
    now = timezone.now()
    for company in companies:
        kind, body = rng.choice(DEMO_LOG_LINES)
        message = LogMessage.objects.create(
            organisation=company, author=author, author_school=school, kind=kind, body=body
        )
        when = now - datetime.timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 8))
        LogMessage.objects.filter(pk=message.pk).update(created_at=when)
    return len(companies)
