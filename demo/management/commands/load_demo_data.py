"""`manage.py load_demo_data`: fills the database with realistic demo data.

Safe to run again: reference data is upserted by code, organisations by organisation number,
and an agreement is created only when no agreement with its title exists yet. Every choice
comes from one seeded random generator, so every run plans the same data; only the dates
follow today.
"""

import datetime
import hashlib
import itertools
import random
import tempfile
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement, CooperationType, Party
from demo import data
from demo.users import load_demo_users
from orgs.models import (
    County,
    EducationProgramme,
    Municipality,
    Occupation,
    Organisation,
    ProgrammeArea,
    Trade,
)
from orgs.validators import check_digit

SEED = 2026
MUNICIPALITY = {
    number: (name, county, f"{postcode} {town}", town)
    for number, name, county, postcode, town in data.MUNICIPALITIES
}
VG1_OF_PROGRAMME = {
    programme: code for code, level, programme, *_ in data.PROGRAMME_AREAS if level == "VG1"
}
AREA_TITLES = {code: nb for code, _level, _programme, nb, _en in data.PROGRAMME_AREAS}
TRADE_TITLES = {code: nb for code, nb, _en, _areas in data.TRADES}
TRADE_AREAS = {code: areas for code, _nb, _en, areas in data.TRADES}
COOPERATION_LABELS = {
    slug: data.TITLE_LABELS.get(slug, nb) for slug, nb, *_ in data.COOPERATION_TYPES
}


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class Command(BaseCommand):
    help = "Loads realistic demo data: reference data, organisations and agreements."

    def handle(self, *args, **options):
        write = self.stdout.write if options["verbosity"] > 0 else lambda *args, **kwargs: None
        rng = random.Random(SEED)
        today = timezone.localdate()
        specs = organisation_specs()
        with transaction.atomic():
            write("Reference data… ", ending="")
            ref = load_reference_data()
            write("done")
            orgs, new_orgs = load_organisations(specs, ref, rng)
            write(f"Organisations: {len(orgs)} ({new_orgs} new)")
            plans = [meloy_seed(today), trondheim_seed()] + plan_agreements(specs, today, rng)
            new_agreements = create_agreements(plans, orgs, ref)
            write(f"Agreements: {len(plans)} ({new_agreements} new)")
            write(f"Demo county coordinators: {load_demo_users()}")
            write(f"Log messages: {load_demo_log_messages(rng)} new")
        load_register_samples(write)
        write(self.style.SUCCESS(summary()))


DEMO_LOG_LINES = [
    ("contacted", "Ringte daglig leder om YFF-plasser for Vg2 i vår. Venter på svar."),
    ("awaiting", "Sendt e-post med forslag til avtale. Purrer neste uke."),
    ("yes", "Ja til to elever i YFF fra januar. Avtale sendes til signering."),
    ("no", "Har ikke kapasitet dette skoleåret. Prøv igjen til høsten."),
    ("note", "Ny kontaktperson fra 1. mars; se kontaktlisten i avtalen."),
]


def load_demo_log_messages(rng) -> int:
    """A few shared log messages from the demo coordinator, so the mapping shows contacts."""
    from agreements.models import LogMessage
    from registry.models import User

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


def load_register_samples(write) -> None:
    """The small real-format register samples in demo/samples, so the site shows register data.

    Enhetsregisteret first, then NSR (the authority on schools), then Grep. Their bad rows
    are rejected on purpose; the report goes to the temporary directory.
    """
    from orgs.importers import RejectsReport, run_import
    from orgs.importers.enhetsregisteret import EnhetsregisteretImport
    from orgs.importers.grep import GrepImport
    from orgs.importers.nsr import NsrImport

    samples = settings.BASE_DIR / "demo" / "samples"
    files = [
        (EnhetsregisteretImport, "enhetsregisteret_enheter.json.gz"),
        (EnhetsregisteretImport, "enhetsregisteret_underenheter.json.gz"),
        (NsrImport, "nsr_enheter.json"),
        (GrepImport, "grep.json"),
    ]
    if not all((samples / name).exists() for _importer, name in files):
        write("Register samples: not found in demo/samples, skipped")
        return
    report_path = Path(tempfile.gettempdir()) / "registry-demo-register-samples-rejects.csv"
    with RejectsReport(report_path) as report:
        for importer, name in files:
            result, _report = run_import(importer, samples / name, report=report)
            write(f"Register sample {name}: {result.line()}")


def summary() -> str:
    by_status = ", ".join(
        f"{Agreement.objects.filter(status=status).count()} {status.value}"
        for status in Agreement.Status
    )
    return (
        f"Demo data ready: {Organisation.objects.count()} organisations, "
        f"{Agreement.objects.count()} agreements ({by_status}), "
        f"{Agreement.objects.public().count()} public."
    )


# Reference data


def load_reference_data() -> SimpleNamespace:
    counties = {
        number: County.objects.update_or_create(number=number, defaults={"name": name})[0]
        for number, name in data.COUNTIES
    }
    municipalities = {
        number: Municipality.objects.update_or_create(
            number=number, defaults={"name": name, "county": counties[county]}
        )[0]
        for number, name, county, _postcode, _town in data.MUNICIPALITIES
    }
    programmes = {
        code: EducationProgramme.objects.update_or_create(
            code=code, defaults={"title_nb": nb, "title_en": en}
        )[0]
        for code, nb, en in data.EDUCATION_PROGRAMMES
    }
    areas = {
        code: ProgrammeArea.objects.update_or_create(
            code=code,
            defaults={
                "level": level,
                "education_programme": programmes[programme],
                "title_nb": nb,
                "title_en": en,
            },
        )[0]
        for code, level, programme, nb, en in data.PROGRAMME_AREAS
    }
    trades = {}
    for code, nb, en, leading_areas in data.TRADES:
        trades[code] = Trade.objects.update_or_create(
            code=code, defaults={"title_nb": nb, "title_en": en}
        )[0]
        trades[code].programme_areas.set(areas[a] for a in leading_areas)
    occupations = {
        code: Occupation.objects.update_or_create(
            code=code, defaults={"title_nb": nb, "title_en": en}
        )[0]
        for code, nb, en in data.OCCUPATIONS
    }
    cooperation_types = {
        slug: CooperationType.objects.update_or_create(
            slug=slug,
            defaults={"name_nb": nb, "name_en": en, "order": order, "description": description},
        )[0]
        for slug, nb, en, order, description in data.COOPERATION_TYPES
    }
    return SimpleNamespace(
        municipalities=municipalities,
        areas=areas,
        trades=trades,
        occupations=occupations,
        cooperation_types=cooperation_types,
    )


# Organisations


def organisation_specs() -> list[SimpleNamespace]:
    """Every demo organisation as plain values: schools, the listed ones, their branches."""
    specs = []
    for name, number, vg2_areas in data.SCHOOLS:
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
    for name, number, profile, website, nace in data.ORGANISATIONS:
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


def load_organisations(specs, ref, rng) -> tuple[dict[str, Organisation], int]:
    taken = set(data.FIXED_ORGNR.values())
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


# Agreements


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
        + [(seed["partner"], Party.Role.OTHER, "")],
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
    parties.append(
        (partner.name, Party.Role.COMPANY if partner.kind == "company" else Party.Role.OTHER)
    )
    offices = [p for p in candidates if p.kind == "training_office" and p is not partner]
    if offices and rng.random() < 0.3:
        parties.append((rng.choice(offices).name, Party.Role.OTHER))
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
    new = 0
    for plan in plans:
        if plan["fields"]["title"] in existing:
            continue
        agreement = Agreement.objects.create(**plan["fields"])
        Party.objects.bulk_create(
            Party(agreement=agreement, organisation=orgs[name], role=role, signatory=signed_by)
            for name, role, signed_by in plan["parties"]
        )
        agreement.cooperation_types.set(ref.cooperation_types[s] for s in plan["cooperation_types"])
        agreement.programme_areas.set(ref.areas[code] for code in plan["programme_areas"])
        agreement.trades.set(ref.trades[code] for code in plan["trades"])
        agreement.refresh_derived_fields()
        new += 1
    return new
