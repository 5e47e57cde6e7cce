"""The template's columns: the bokmål heading of each, the English heading a sheet may use
instead, and what the column holds (the template's second sheet and the README say so)."""

from typing import NamedTuple


class Column(NamedTuple):
    key: str
    heading: str  # as the template writes it
    english: str  # accepted as well
    explanation: str  # bokmål, on the template's second sheet
    required: bool = False


COLUMNS = [
    Column(
        "reference",
        "Ekstern referanse",
        "External reference",
        "Deres egen referanse til avtalen, unik i fylket (for eksempel saksnummeret). En ny "
        "import med samme referanse oppdaterer avtalen i stedet for å lage en ny.",
    ),
    Column("title", "Tittel", "Title", "Avtalens tittel.", required=True),
    Column(
        "parties",
        "Parter",
        "Parties",
        "Organisasjonsnumrene (eller navnene) til partene, skilt med semikolon eller linjeskift. "
        "Minst én skole du kan registrere avtaler for, og minst to parter.",
        required=True,
    ),
    Column(
        "cooperation_types",
        "Samarbeidsformer",
        "Cooperation types",
        "Samarbeidsformene, skilt med semikolon, slik de heter i registeret (for eksempel "
        "«Yrkesfaglig fordypning»).",
        required=True,
    ),
    Column(
        "programme_areas",
        "Programområder",
        "Programme areas",
        "Koder eller titler på programområdene, skilt med semikolon (for eksempel HSHEA2----).",
    ),
    Column("trades", "Lærefag", "Trades", "Koder eller titler på lærefagene, skilt med semikolon."),
    Column(
        "valid_from",
        "Gyldig fra",
        "Valid from",
        "Datoen avtalen gjelder fra: 01.08.2024 eller 2024-08-01.",
        required=True,
    ),
    Column(
        "valid_to",
        "Gyldig til",
        "Valid to",
        "Datoen avtalen gjelder til og med: 31.07.2026 eller 2026-07-31.",
        required=True,
    ),
    Column(
        "status",
        "Status",
        "Status",
        "«utkast» eller «publisert». Publisert følger fylkets rutine: må fylket godkjenne, "
        "sendes avtalen til godkjenning. Tom betyr utkast.",
    ),
    Column("purpose", "Formål", "Purpose", "Hva samarbeidet skal oppnå."),
    Column("signed_on", "Signert dato", "Signed date", "Datoen avtalen ble signert."),
    Column("signed_place", "Signert sted", "Signed place", "Stedet avtalen ble signert."),
    Column(
        "contact_persons",
        "Kontaktpersoner",
        "Contact persons",
        "Navn, telefon og e-post. Bare ansatte ser dem.",
    ),
    Column(
        "document",
        "Signert PDF",
        "Signed PDF",
        "Filnavnet til den signerte avtalen i ZIP-filen du laster opp sammen med arket.",
    ),
    Column(
        "version",
        "Versjon (ikke endre)",
        "Version (do not change)",
        "Fylles ut av eksporten. Er avtalen endret i registeret etter eksporten, blir raden "
        "meldt som konflikt i stedet for å overskrive endringen.",
    ),
]
BY_KEY = {column.key: column for column in COLUMNS}
KEYS = [column.key for column in COLUMNS]
HEADINGS = {}
for _column in COLUMNS:
    for _name in (_column.heading, _column.english, _column.key):
        HEADINGS[" ".join(_name.casefold().split())] = _column.key


def column_of(heading) -> str | None:
    """The column a heading names, in bokmål or English, whatever its case and spacing."""
    return HEADINGS.get(" ".join(str(heading or "").casefold().split()))


def split_list(text: str) -> list[str]:
    """A cell of several values: separated by semicolons or line breaks."""
    return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]
