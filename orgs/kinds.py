"""Which kind (Organisation.Kind) a register's unit becomes: the one table for
Enhetsregisteret's organisation forms and industry codes and for NSR's school kinds
(README, "Kinds of organisation").
"""

from orgs.models import Organisation

Kind = Organisation.Kind

# Enhetsregisteret's organisasjonsform.kode → kind, whatever the industry code. Anything not
# here or in NON_PROFIT_FORMS is a company (AS, ASA, ENK, DA, ANS, NUF, SA, BEDR for a
# company's branch, …) unless its industry code says otherwise.
FORM_KINDS = {
    "KOMM": Kind.MUNICIPALITY,  # Kommune
    "FYLK": Kind.COUNTY_AUTHORITY,  # Fylkeskommune
    "STAT": Kind.PUBLIC_AGENCY,  # Staten
    "ORGL": Kind.PUBLIC_AGENCY,  # Organisasjonsledd (a court, a directorate, an office)
    "ADOS": Kind.PUBLIC_AGENCY,  # Administrativ enhet – offentlig sektor
    "SF": Kind.PUBLIC_AGENCY,  # Statsforetak
    "KF": Kind.PUBLIC_AGENCY,  # Kommunalt foretak
    "FKF": Kind.PUBLIC_AGENCY,  # Fylkeskommunalt foretak
    "IKS": Kind.PUBLIC_AGENCY,  # Interkommunalt selskap
    "HF": Kind.PUBLIC_AGENCY,  # Helseforetak
    "RHF": Kind.PUBLIC_AGENCY,  # Regionalt helseforetak
    "KBO": Kind.OTHER,  # Konkursbo
    "BO": Kind.OTHER,  # Andre bo
}
# Forms of associations, foundations, co-owners and other non-profit units → kind, after
# the industry code had its say (a union is an FLI with NACE 94.2, a university
# college a STI with 85.4).
NON_PROFIT_FORMS = {
    "FLI": Kind.ASSOCIATION,  # Forening/lag/innretning
    "STI": Kind.ASSOCIATION,  # Stiftelse
    "SAM": Kind.ASSOCIATION,  # Tingsrettslig sameie
    "ESEK": Kind.ASSOCIATION,  # Eierseksjonssameie
    "BRL": Kind.ASSOCIATION,  # Borettslag
    "BBL": Kind.ASSOCIATION,  # Boligbyggelag
    "SPA": Kind.ASSOCIATION,  # Sparebank
    "KIRK": Kind.ASSOCIATION,  # Den norske kirke
    "AAFY": Kind.ASSOCIATION,  # Underenhet til ikke-næringsdrivende
    "ANNA": Kind.OTHER,  # Annen juridisk person
    "IKJP": Kind.OTHER,  # Andre ikke-juridiske personer
    "PERS": Kind.OTHER,  # Andre enkeltpersoner som registreres i tilknyttet register
}
# NACE (SN2007) prefixes → kind, for units whose form is not in FORM_KINDS.
NACE_KINDS = (
    ("84.", Kind.PUBLIC_AGENCY),  # public administration
    ("85.4", Kind.HIGHER_EDUCATION),  # tertiary education
    ("94.1", Kind.UNION),  # employers' and professional organisations
    ("94.2", Kind.UNION),  # trade unions
)
# Kinds that another source decided (NSR for schools, an administrator for training
# offices): Enhetsregisteret's coarser kind never overwrites them.
KEPT_KINDS = {*Organisation.SCHOOL_KINDS, Kind.TRAINING_OFFICE}


def kind_of_unit(form: str, nace: str) -> str:
    """The kind of an Enhetsregisteret unit with this organisation form and industry code."""
    if form in FORM_KINDS:
        return FORM_KINDS[form]
    for prefix, kind in NACE_KINDS:
        if nace.startswith(prefix):
            return kind
    return NON_PROFIT_FORMS.get(form, Kind.COMPANY)


# NSR's school kinds → kind (orgs/importers/nsr.py).
#
# NSR describes a unit by flags (ErSkole, ErGrunnskole, ErVideregaaendeSkole, ErSpesialskole)
# and by school categories (Skolekategorier: [{"Id": "10", "Navn": "Voksenopplæringssenter"}],
# ids from /v4/skolekategorier). A unit can carry several (a combined school is both
# ErGrunnskole and ErVideregaaendeSkole), so the first row of NSR_KINDS that fits decides.

# Voksenopplæringssenter, Voksenopplæring på grunnskolens område.
NSR_ADULT_EDUCATION_CATEGORIES = frozenset({"10", "25"})
# Main industry codes of ordinary schools (85.2 primary and lower secondary, 85.3 upper
# secondary): an ordinary school that also teaches adults (it has category 10) stays one.
ORDINARY_SCHOOL_NACE = ("85.2", "85.3")


def nsr_categories(unit: dict) -> set[str]:
    return {str(c.get("Id")) for c in unit.get("Skolekategorier") or [] if isinstance(c, dict)}


def nsr_main_industry_code(unit: dict) -> str:
    """The unit's Naeringskoder entry of the first priority; "" when NSR gives none (a list
    page's rows carry no industry codes)."""
    codes = [c for c in unit.get("Naeringskoder") or [] if isinstance(c, dict) and c.get("Kode")]
    return str(min(codes, key=lambda c: c.get("Prioritet") or 99)["Kode"]) if codes else ""


def is_adult_education(unit: dict) -> bool:
    return (
        bool(nsr_categories(unit) & NSR_ADULT_EDUCATION_CATEGORIES)
        and not unit.get("ErVideregaaendeSkole")
        and not nsr_main_industry_code(unit).startswith(ORDINARY_SCHOOL_NACE)
    )


NSR_KINDS = (
    # ErSkole false: a school owner (a municipality's or county's education office) or
    # another unit NSR keeps. Not a school, whatever else it says.
    (lambda unit: unit.get("ErSkole") is False, None),
    # A special school (spesialskole), at any level.
    (lambda unit: bool(unit.get("ErSpesialskole")), Kind.SPECIAL_SCHOOL),
    # An adult-education centre: an adult-education category, unless ErVideregaaendeSkole or
    # its main industry code says it is an ordinary school. (NSR gives most centres
    # ErGrunnskole too, for primary education for adults.)
    (is_adult_education, Kind.ADULT_EDUCATION),
    # Upper secondary, and a combined lower and upper secondary school (grades 1–13 or 8–13).
    (lambda unit: bool(unit.get("ErVideregaaendeSkole")), Kind.UPPER_SECONDARY),
    # Primary and lower secondary (grunnskole): a barneskole, an ungdomsskole or both.
    (lambda unit: bool(unit.get("ErGrunnskole")), Kind.LOWER_SECONDARY),
)
# Anything else (a folk high school, a kindergarten, an exam office) is not a school.


def kind_of_school(unit: dict) -> str | None:
    """The kind of an NSR unit (its v4 JSON object), or None when it is not a school."""
    for fits, kind in NSR_KINDS:
        if fits(unit):
            return kind
    return None
