"""The sections (næringshovedområder) of the industry standard NACE Rev. 2 (in Norway SN2007),
and which two-digit division belongs to which: the one table of them.

An organisation's industry code comes from Enhetsregisteret as its five-digit sub-class
("10.110"); the first two digits are its division (10), and the division gives the section
(C, Industri): `section_of`.
"""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Section:
    letter: str
    divisions: range  # the two-digit divisions it holds
    name_nb: str
    name_en: str

    @property
    def name(self) -> str:
        """The name in the user's language (bokmål unless they chose English)."""
        return self.name_en if (get_language() or "nb").startswith("en") else self.name_nb

    def __str__(self) -> str:
        return f"{self.letter} {self.name}"


SECTIONS = (
    Section("A", range(1, 4), "Jordbruk, skogbruk og fiske", "Agriculture, forestry and fishing"),
    Section("B", range(5, 10), "Bergverksdrift og utvinning", "Mining and quarrying"),
    Section("C", range(10, 34), "Industri", "Manufacturing"),
    Section(
        "D",
        range(35, 36),
        "Elektrisitets-, gass-, damp- og varmtvannsforsyning",
        "Electricity, gas, steam and air conditioning supply",
    ),
    Section(
        "E",
        range(36, 40),
        "Vannforsyning, avløps- og renovasjonsvirksomhet",
        "Water supply, sewerage, waste management and remediation",
    ),
    Section("F", range(41, 44), "Bygge- og anleggsvirksomhet", "Construction"),
    Section(
        "G",
        range(45, 48),
        "Varehandel, reparasjon av motorvogner",
        "Wholesale and retail trade, repair of motor vehicles",
    ),
    Section("H", range(49, 54), "Transport og lagring", "Transportation and storage"),
    Section(
        "I",
        range(55, 57),
        "Overnattings- og serveringsvirksomhet",
        "Accommodation and food service activities",
    ),
    Section("J", range(58, 64), "Informasjon og kommunikasjon", "Information and communication"),
    Section(
        "K",
        range(64, 67),
        "Finansierings- og forsikringsvirksomhet",
        "Financial and insurance activities",
    ),
    Section("L", range(68, 69), "Omsetning og drift av fast eiendom", "Real estate activities"),
    Section(
        "M",
        range(69, 76),
        "Faglig, vitenskapelig og teknisk tjenesteyting",
        "Professional, scientific and technical activities",
    ),
    Section(
        "N",
        range(77, 83),
        "Forretningsmessig tjenesteyting",
        "Administrative and support service activities",
    ),
    Section(
        "O",
        range(84, 85),
        "Offentlig administrasjon og forsvar, og trygdeordninger underlagt offentlig forvaltning",
        "Public administration and defence, compulsory social security",
    ),
    Section("P", range(85, 86), "Undervisning", "Education"),
    Section("Q", range(86, 89), "Helse- og sosialtjenester", "Human health and social work"),
    Section(
        "R",
        range(90, 94),
        "Kulturell virksomhet, underholdning og fritidsaktiviteter",
        "Arts, entertainment and recreation",
    ),
    Section("S", range(94, 97), "Annen tjenesteyting", "Other service activities"),
    Section(
        "T",
        range(97, 99),
        "Lønnet arbeid i private husholdninger",
        "Activities of households as employers",
    ),
    Section(
        "U",
        range(99, 100),
        "Internasjonale organisasjoner og organer",
        "Activities of extraterritorial organisations and bodies",
    ),
)
BY_LETTER = {section.letter: section for section in SECTIONS}
BY_DIVISION = {f"{d:02d}": section for section in SECTIONS for d in section.divisions}


def section_of(industry_code: str) -> Section | None:
    """The section of an industry code ("10.110" -> C), or None for a blank or unknown one."""
    return BY_DIVISION.get((industry_code or "")[:2])
