"""The demo's partnerships that no single school owns, as they were signed: Telemark's regional
partnership for career guidance with a local partnership under it, and a partnership in the
decentralised scheme for competence development between school owners and a university
college. Their partners that the rest of the demo does not have are listed here, and loaded
with a random generator of their own, so that the generated school agreements stay the same.
"""

import datetime
from decimal import Decimal

from agreements.models.party import Role

# (name, municipality, profile, website, NACE override), as demo.data.ORGANISATIONS
ORGANISATIONS = [
    ("NAV Vestfold og Telemark", "4003", "welfare", "https://www.nav.no", ""),
    ("Universitetet i Sørøst-Norge", "4005", "university_college", "https://www.usn.no", ""),
    ("LO Vestfold og Telemark", "4003", "union_federation", "https://www.lo.no", ""),
    ("NHO Vestfold og Telemark", "4003", "employers_regional", "https://www.nho.no", ""),
    (
        "Statsforvalteren i Vestfold og Telemark",
        "3905",
        "county_governor",
        "https://www.statsforvalteren.no",
        "",
    ),
    ("KS Kommunesektorens organisasjon", "0301", "employers_public", "https://www.ks.no", ""),
]

REGIONAL_TITLE = "Partnerskapsavtale for karriereveiledning i Telemark"
COUNTY = "Telemark fylkeskommune"
MUNICIPALITY = "Skien kommune"

REGIONAL = {
    "title": REGIONAL_TITLE,
    "purpose": (
        "Partnerskapet for karriereveiledning i Telemark skal gi innbyggerne i alle aldre et "
        "helhetlig og likeverdig tilbud om karriereveiledning. Partene samordner veiledningen "
        "i skolen, i NAV, i høyere utdanning og i arbeidslivet, deler kunnskap om "
        "kompetansebehovene i regionen og følger opp de lokale partnerskapene i kommunene."
    ),
    "signed_place": "Skien",
    "responsible": COUNTY,
    "parties": [
        (
            COUNTY,
            Role.SCHOOL_OWNER,
            "fylkesdirektør for kompetanse",
            "Leder partnerskapet og har sekretariatet, driver Karriere Telemark og inngår lokale "
            "partnerskapsavtaler med kommunene.",
        ),
        (
            "NAV Vestfold og Telemark",
            Role.PUBLIC_AGENCY,
            "direktør",
            "Veileder voksne og bidrar med kunnskap om arbeidsmarkedet i de lokale "
            "veiledningsforumene.",
        ),
        (
            "Universitetet i Sørøst-Norge",
            Role.UNIVERSITY,
            "prorektor for utdanning",
            "Bidrar med forskning på karriereveiledning og videreutdanning for rådgivere.",
        ),
        (
            "LO Vestfold og Telemark",
            Role.UNION,
            "regionleder",
            "Formidler arbeidstakernes perspektiv og bidrar til rekruttering til fag- og "
            "yrkesopplæringen.",
        ),
        (
            "NHO Vestfold og Telemark",
            Role.UNION,
            "regiondirektør",
            "Formidler næringslivets kompetansebehov og kontakt med bedrifter.",
        ),
        (
            "Statsforvalteren i Vestfold og Telemark",
            Role.COUNTY_GOVERNOR,
            "utdanningsdirektør",
            "Bidrar med kunnskap om regelverk og kvalitet i grunnopplæringen og støtter kommunene.",
        ),
        (
            "KS Kommunesektorens organisasjon",
            Role.UNION,
            "regionleder",
            "Forankrer partnerskapet hos kommunene som skoleeiere.",
        ),
    ],
}

LOCAL = {
    "title": "Lokal partnerskapsavtale for karriereveiledning i Skien",
    "purpose": (
        "Telemark fylkeskommune og Skien kommune samarbeider om karriereveiledning i "
        "grunnskolen og for voksne, under den regionale partnerskapsavtalen for Telemark. "
        "Kommunen etablerer et lokalt veiledningsforum med en andel av en stilling. "
        "Kommunene betaler til sammen 500 000 kr og fylkeskommunen 500 000 kr."
    ),
    "signed_place": "Skien",
    "responsible": MUNICIPALITY,
    "framework": REGIONAL_TITLE,
    "parties": [
        (
            MUNICIPALITY,
            Role.SCHOOL_OWNER,
            "kommunalsjef for oppvekst",
            "Etablerer og leder et lokalt veiledningsforum og setter av en andel av en "
            "stilling til karriereveiledning.",
            None,
            "14 000 kr + 1,50 kr per innbygger",
        ),
        (
            COUNTY,
            Role.SCHOOL_OWNER,
            "fylkesdirektør for kompetanse",
            "Finansierer de lokale veiledningsforumene sammen med kommunene og gir faglig "
            "støtte gjennom Karriere Telemark.",
            Decimal("500000"),
            "",
        ),
    ],
}

DECENTRALISED = {
    "title": "Samarbeidsavtale om desentralisert ordning for kompetanseutvikling i Vestland",
    "purpose": (
        "Skoleeierne og Høgskulen på Vestlandet samarbeider i et samarbeidsforum om "
        "kompetanseutvikling i skolen etter den desentraliserte ordningen. Skoleeierne melder "
        "inn behovene, høgskolen utvikler tiltakene sammen med skolene, og skoleeierne "
        "finansierer 30 % av tiltakene."
    ),
    "signed_place": "Bergen",
    "responsible": "Vestland fylkeskommune",
    "parties": [
        (
            name,
            Role.SCHOOL_OWNER,
            signatory,
            "Melder inn kompetansebehov i samarbeidsforumet, gir lærerne tid til "
            "kompetanseutvikling og finansierer sin del av tiltakene.",
            None,
            "30 % av tiltakenes kostnad",
        )
        for name, signatory in [
            ("Vestland fylkeskommune", "fylkesdirektør for opplæring og kompetanse"),
            ("Bergen kommune", "direktør for barnehage, skole og idrett"),
            ("Voss herad", "kommunalsjef for oppvekst"),
            ("Austevoll kommune", "kommunalsjef for oppvekst"),
        ]
    ]
    + [
        (
            "Høgskulen på Vestlandet",
            Role.UNIVERSITY,
            "prorektor for utdanning",
            "Utvikler og gjennomfører kompetansetiltak sammen med skolene, etter behovene "
            "skoleeierne melder inn.",
        )
    ],
}


def partnership_plans(today) -> list[dict]:
    """The three partnerships as plans for demo.builders.create_agreements, in force today:
    the regional one from the start of last school year for four years, the others from the
    start of this one."""
    this_year = today.year if today.month >= 8 else today.year - 1
    plans = []
    for seed, start_year, years in ((REGIONAL, this_year - 1, 4), (LOCAL, this_year, 2)):
        plans.append(_plan(seed, start_year, years))
    plans.append(_plan(DECENTRALISED, this_year, 3))
    return plans


def _plan(seed, start_year, years) -> dict:
    start = datetime.date(start_year, 8, 1)
    return {
        "fields": {
            "title": seed["title"],
            "purpose": seed["purpose"],
            "status": "published",
            "valid_from": start,
            "valid_to": datetime.date(start_year + years, 7, 31),
            "signed_on": start - datetime.timedelta(days=40),
            "signed_place": seed["signed_place"],
        },
        "parties": seed["parties"],
        "responsible": seed["responsible"],
        "framework": seed.get("framework"),
        "cooperation_types": ["partnerskap"],
        "programme_areas": [],
        "trades": [],
    }
