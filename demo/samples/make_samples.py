"""Writes the register samples in this folder: `python demo/samples/make_samples.py`.

Small files in the registers' own formats, with deliberately bad rows, used by the import
tests and by `load_demo_data`:

- enhetsregisteret_enheter.json.gz, enhetsregisteret_underenheter.json.gz: Enhetsregisteret's
  bulk downloads (a gzipped JSON array of units), main units and sub-units;
- enhetsregisteret_enheter.csv: a few main units in the CSV form of the same download;
- nsr_enheter.json: NSR v4 units as /v4/enhet/{orgnr} gives them, in an array (schools of
  each kind, one school owner);
- grep.json: Grep's lists of education programmes, programme areas and trades.

The big public units carry their real organisation numbers; the rest are made up and pass
MOD11. Each run writes the same bytes (gzip without a timestamp).
"""

import csv
import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from demo import data as demo_data  # noqa: E402
from orgs.validators import nth_valid_orgnr  # noqa: E402

MUNICIPALITY = {number: (name, post) for number, name, _c, post, _t in demo_data.MUNICIPALITIES}
TOWN = {number: town for number, _n, _c, _p, town in demo_data.MUNICIPALITIES}
LINK = "https://data.brreg.no/enhetsregisteret/api"


def made_up_orgnr(n: int) -> str:
    """The n-th valid organisation number from 915 300 000 on (unused by the demo data)."""
    return nth_valid_orgnr(91_530_000, n)


def address(number, street):
    name, post = MUNICIPALITY.get(number, ("Bærum", "1360"))
    return {
        "land": "Norge",
        "landkode": "NO",
        "postnummer": post,
        "poststed": TOWN.get(number, "FORNEBU").upper(),
        "adresse": [street],
        "kommune": name.upper(),
        "kommunenummer": number,
    }


FORMS = {
    "AS": "Aksjeselskap",
    "ASA": "Allmennaksjeselskap",
    "ENK": "Enkeltpersonforetak",
    "KOMM": "Kommune",
    "FYLK": "Fylkeskommune",
    "ORGL": "Organisasjonsledd",
    "SF": "Statsforetak",
    "FLI": "Forening/lag/innretning",
    "BEDR": "Underenhet til næringsdrivende og offentlig forvaltning",
    "AAFY": "Underenhet til ikke-næringsdrivende",
}


def unit(orgnr, name, form, nace, employees, number, street, sub=False, **extra):
    record = {
        "organisasjonsnummer": orgnr,
        "navn": name,
        "organisasjonsform": {
            "kode": form,
            "beskrivelse": FORMS[form],
            "_links": {"self": {"href": f"{LINK}/organisasjonsformer/{form}"}},
        },
        "registreringsdatoEnhetsregisteret": "2001-03-12",
        "registrertIMvaregisteret": form not in ("KOMM", "FYLK", "ORGL"),
        "naeringskode1": {"kode": nace, "beskrivelse": "Næringskode"},
        "antallAnsatte": employees,
        "harRegistrertAntallAnsatte": employees is not None,
        ("beliggenhetsadresse" if sub else "forretningsadresse"): address(number, street)
        if number
        else None,
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "_links": {"self": {"href": f"{LINK}/{'underenheter' if sub else 'enheter'}/{orgnr}"}},
    }
    if not sub:
        record["institusjonellSektorkode"] = {
            "kode": "2100",
            "beskrivelse": "Private aksjeselskaper",
        }
        record["registrertIForetaksregisteret"] = form in ("AS", "ASA", "SF")
        record["maalform"] = "Bokmål"
    if not number:
        del record["beliggenhetsadresse" if sub else "forretningsadresse"]
    if employees is None:
        del record["antallAnsatte"]
    record.update(extra)
    return {k: v for k, v in record.items() if v is not None}


# Main units: (orgnr, name, form, NACE, employees, municipality, street, extra)
N = made_up_orgnr
MAIN_UNITS = [
    (
        "923609016",
        "EQUINOR ASA",
        "ASA",
        "06.100",
        21000,
        "1103",
        "Forusbeen 50",
        {"hjemmeside": "www.equinor.com"},
    ),
    (
        "984851006",
        "DNB BANK ASA",
        "ASA",
        "64.190",
        9500,
        "0301",
        "Dronning Eufemias gate 30",
        {"hjemmeside": "www.dnb.no"},
    ),
    (
        "914778271",
        "NORSK HYDRO ASA",
        "ASA",
        "24.420",
        3100,
        "0301",
        "Drammensveien 260",
        {"hjemmeside": "www.hydro.com"},
    ),
    (
        "964338531",
        "BERGEN KOMMUNE",
        "KOMM",
        "84.110",
        19000,
        "4601",
        "Rådhusgaten 10",
        {"hjemmeside": "www.bergen.kommune.no"},
    ),
    (
        "958935420",
        "OSLO KOMMUNE",
        "KOMM",
        "84.110",
        52000,
        "0301",
        "Rådhuset",
        {"hjemmeside": "www.oslo.kommune.no"},
    ),
    (
        "964982953",
        "NORDLAND FYLKESKOMMUNE",
        "FYLK",
        "84.110",
        2900,
        "1804",
        "Fylkeshuset Prinsens gate 100",
        {"hjemmeside": "www.nfk.no"},
    ),
    (
        "974760673",
        "REGISTERENHETEN I BRØNNØYSUND",
        "ORGL",
        "84.110",
        560,
        "1813",
        "Havnegata 48",
        {"hjemmeside": "www.brreg.no"},
    ),
    (N(0), "SALTEN BETONG AS", "AS", "23.630", 42, "1804", "Langstranda 12", {}),
    (
        N(1),
        "ØRNES MEKANISKE VERKSTED AS",
        "AS",
        "33.110",
        18,
        "1837",
        "Industriveien 4",
        {"hjemmeside": "ornes-mek.no"},
    ),
    (N(2), "GLOMFJORD ELEKTRO AS", "AS", "43.210", 27, "1837", "Glomfjordveien 9", {}),
    (N(3), "FAUSKE RØRLEGGERSERVICE AS", "AS", "43.220", 11, "1841", "Sjøgata 71", {}),
    (N(4), "LEKNES BAKERI ENK", "ENK", "10.710", 4, "1860", "Storgata 18", {}),
    (
        N(5),
        "HELGELAND HAVBRUK AS",
        "AS",
        "03.211",
        63,
        "1820",
        "Havnegata 3",
        {"hjemmeside": "www.helgelandhavbruk.no"},
    ),
    (N(6), "TRONDHJEMS ELEKTRIKERLAUG AS", "AS", "43.210", 85, "5001", "Sluppenveien 10", {}),
    (N(7), "NIDAROS BILVERKSTED AS", "AS", "45.200", 22, "5001", "Heggstadmyra 6", {}),
    (N(8), "FAGFORBUNDET AVD. NORDLAND", "FLI", "94.200", 6, "1804", "Storgata 5", {}),
    (N(9), "VESTLANDSBYGG AS", "AS", "41.200", 140, "4601", "Kokstadvegen 23", {}),
    (N(10), "STAVANGER KJØKKEN OG CATERING AS", "AS", "56.210", 35, "1103", "Kirkegata 5", {}),
    (N(11), "SKIEN PROSESSTEKNIKK AS", "AS", "71.129", 48, "4003", "Hydrovegen 55", {}),
    (N(12), "OSLO FRISØRSALONG AS", "AS", "96.021", 7, "0301", "Thorvald Meyers gate 40", {}),
    (N(13), "KLEPP GARTNERI AS", "AS", "01.130", 15, "1120", "Orrevegen 112", {}),
    # Bankrupt, being wound up, deleted: kept, inactive.
    (
        N(14),
        "SALTDAL TRELAST AS",
        "AS",
        "16.100",
        0,
        "1840",
        "Rognan sentrum 3",
        {"konkurs": True, "konkursdato": "2025-11-03"},
    ),
    (
        N(15),
        "BODØ REKLAMEBYRÅ AS",
        "AS",
        "73.110",
        3,
        "1804",
        "Sjøgata 1",
        {"underAvvikling": True, "underAvviklingDato": "2026-01-15"},
    ),
    (
        N(16),
        "MELØY FISKEMOTTAK AS",
        "AS",
        "10.200",
        0,
        "1837",
        "Kaia 1",
        {"slettedato": "2025-12-31"},
    ),
    # Bad rows, one per reason.
    ("923609017", "FEIL KONTROLLSIFFER AS", "AS", "62.010", 2, "0301", "Gata 1", {}),
    (N(17), "", "AS", "62.010", 2, "0301", "Gata 2", {}),
    ("982463718", "TELENOR ASA", "ASA", "61.200", 1300, "3201", "Snarøyveien 30", {}),
    (N(18), "UTENLANDSK FORETAK NUF", "AS", "46.690", None, "", "", {}),
    ("12345", "FOR KORT AS", "AS", "62.010", 1, "0301", "Gata 3", {}),
]

# Sub-units: (orgnr, name, form, NACE, employees, municipality, street, main unit, extra)
SUB_UNITS = [
    (
        N(20),
        "EQUINOR ASA AVD SANDNES",
        "BEDR",
        "06.200",
        450,
        "1108",
        "Luramyrveien 40",
        "923609016",
        {},
    ),
    (
        N(21),
        "EQUINOR ASA AVD BERGEN",
        "BEDR",
        "06.100",
        1900,
        "4601",
        "Sandsliveien 90",
        "923609016",
        {},
    ),
    (N(22), "DNB BANK ASA AVD BODØ", "BEDR", "64.190", 60, "1804", "Storgata 4", "984851006", {}),
    (
        N(23),
        "DNB BANK ASA AVD TRONDHEIM",
        "BEDR",
        "64.190",
        210,
        "5001",
        "Beddingen 16",
        "984851006",
        {},
    ),
    (
        N(24),
        "NORSK HYDRO ASA AVD KARMØY",
        "BEDR",
        "24.420",
        900,
        "1149",
        "Håvikvegen 180",
        "914778271",
        {},
    ),
    (
        N(25),
        "HEMNES VIDEREGÅENDE SKOLE",
        "BEDR",
        "85.320",
        120,
        "1824",
        "Skjæringsveien 36",
        "964982953",
        {"hjemmeside": "hemnes.vgs.no"},
    ),
    (
        N(26),
        "BRØNNØYSUND VIDEREGÅENDE SKOLE",
        "BEDR",
        "85.320",
        160,
        "1813",
        "Kirkegata 15",
        "964982953",
        {},
    ),
    (
        N(27),
        "NORDLAND FYLKESKOMMUNE TANNHELSE BODØ",
        "BEDR",
        "86.230",
        40,
        "1804",
        "Sjøgata 25",
        "964982953",
        {},
    ),
    (
        N(28),
        "BERGEN KOMMUNE ETAT FOR BARNEHAGE",
        "BEDR",
        "85.100",
        900,
        "4601",
        "Kaigaten 4",
        "964338531",
        {},
    ),
    (
        N(29),
        "OSLO KOMMUNE UTDANNINGSETATEN VERKSTED",
        "BEDR",
        "85.320",
        25,
        "0301",
        "Ulvenveien 80",
        "958935420",
        {},
    ),
    (
        N(30),
        "ØRNES MEKANISKE VERKSTED AS AVD GLOMFJORD",
        "BEDR",
        "33.110",
        6,
        "1837",
        "Industriveien 2",
        N(1),
        {},
    ),
    (
        N(31),
        "GLOMFJORD ELEKTRO AS AVD INNDYR",
        "BEDR",
        "43.210",
        5,
        "1838",
        "Inndyrveien 1",
        N(2),
        {},
    ),
    (
        N(32),
        "HELGELAND HAVBRUK AS AVD LURØY",
        "BEDR",
        "03.211",
        21,
        "1834",
        "Lurøyveien 300",
        N(5),
        {},
    ),
    (
        N(33),
        "HELGELAND HAVBRUK AS AVD BRØNNØY",
        "BEDR",
        "03.211",
        14,
        "1813",
        "Torolv Kveldulvsons gate 50",
        N(5),
        {},
    ),
    (
        N(34),
        "TRONDHJEMS ELEKTRIKERLAUG AS AVD HEIMDAL",
        "BEDR",
        "43.210",
        19,
        "5001",
        "Heimdalsvegen 12",
        N(6),
        {},
    ),
    (
        N(35),
        "NIDAROS BILVERKSTED AS AVD SANDMOEN",
        "BEDR",
        "45.200",
        9,
        "5001",
        "Sandmoflata 2",
        N(7),
        {},
    ),
    (N(36), "VESTLANDSBYGG AS AVD STORD", "BEDR", "41.200", 30, "4614", "Leirvikvegen 4", N(9), {}),
    (N(37), "VESTLANDSBYGG AS AVD FLORØ", "BEDR", "41.200", 12, "4602", "Strandgata 30", N(9), {}),
    (
        N(38),
        "STAVANGER KJØKKEN OG CATERING AS AVD SOLA",
        "BEDR",
        "56.210",
        16,
        "1124",
        "Flyplassvegen 230",
        N(10),
        {},
    ),
    (
        N(39),
        "SKIEN PROSESSTEKNIKK AS AVD PORSGRUNN",
        "BEDR",
        "71.129",
        22,
        "4001",
        "Hydrovegen 67",
        N(11),
        {},
    ),
    (
        N(40),
        "KLEPP GARTNERI AS AVD SANDNES",
        "BEDR",
        "01.130",
        4,
        "1108",
        "Gamleveien 9",
        N(13),
        {},
    ),
    (
        N(41),
        "FAGFORBUNDET AVD. NORDLAND KONTOR NARVIK",
        "AAFY",
        "94.200",
        2,
        "1806",
        "Kongens gate 40",
        N(8),
        {},
    ),
    (
        N(42),
        "SALTEN BETONG AS AVD FAUSKE",
        "BEDR",
        "23.630",
        10,
        "1841",
        "Terminalveien 7",
        N(0),
        {},
    ),
    (
        N(43),
        "LEKNES BAKERI AVD STOKMARKNES",
        "BEDR",
        "10.710",
        3,
        "1866",
        "Markedsgata 8",
        N(4),
        {},
    ),
    (N(44), "ELKEM ASA AVD NOTODDEN", "BEDR", "24.100", 40, "4005", "Elkemveien 2", N(50), {}),
    # Closed and deleted sub-units: kept, inactive.
    (
        N(45),
        "MELØY FISKEMOTTAK AS AVD ØRNES",
        "BEDR",
        "10.200",
        0,
        "1837",
        "Kaia 3",
        N(16),
        {"slettedato": "2025-12-31", "nedleggelsesdato": "2025-11-30"},
    ),
    # Bad rows.
    ("991234567", "FEIL NUMMER AVD OSLO", "BEDR", "62.010", 1, "0301", "Gata 4", "984851006", {}),
    (N(46), "", "BEDR", "62.010", 1, "0301", "Gata 5", "984851006", {}),
    (
        N(47),
        "DNB BANK ASA AVD TROMSØ",
        "BEDR",
        "64.190",
        90,
        "5501",
        "Storgata 62",
        "984851006",
        {},
    ),
    (N(48), "EQUINOR ASA AVD UTLANDET", "BEDR", "06.100", 40, "", "", "923609016", {}),
]


def main_units():
    return [
        unit(orgnr, name, form, nace, employees, number, street, **extra)
        for orgnr, name, form, nace, employees, number, street, extra in MAIN_UNITS
    ]


def sub_units():
    records = []
    for orgnr, name, form, nace, employees, number, street, main, extra in SUB_UNITS:
        records.append(
            unit(
                orgnr,
                name,
                form,
                nace,
                employees,
                number,
                street,
                sub=True,
                overordnetEnhet=main,
                oppstartsdato="2010-01-01",
                **extra,
            )
        )
    return records


def write_gzip_json(path, records):
    data = json.dumps(records, ensure_ascii=False, indent=1).encode()
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(data)


CSV_COLUMNS = [
    "organisasjonsnummer",
    "navn",
    "organisasjonsform.kode",
    "organisasjonsform.beskrivelse",
    "naeringskode1.kode",
    "naeringskode1.beskrivelse",
    "antallAnsatte",
    "hjemmeside",
    "forretningsadresse.adresse",
    "forretningsadresse.postnummer",
    "forretningsadresse.poststed",
    "forretningsadresse.kommunenummer",
    "forretningsadresse.kommune",
    "forretningsadresse.land",
    "konkurs",
    "underAvvikling",
    "slettedato",
]


def write_csv(path, records):
    def cell(record, column):
        value = record
        for key in column.split("."):
            value = value.get(key, "") if isinstance(value, dict) else ""
        if isinstance(value, list):
            value = ", ".join(value)
        if isinstance(value, bool):
            value = "true" if value else "false"
        return value

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(CSV_COLUMNS)
        for record in records:
            writer.writerow([cell(record, c) for c in CSV_COLUMNS])


# NSR v4 school kinds as /v4/enhet/{orgnr} gives them: the flags ErSkole, ErGrunnskole,
# ErVideregaaendeSkole and ErSpesialskole, the school categories (Skolekategorier) and the main
# industry code.
NSR_KINDS = {
    "vgs": (True, False, True, False, [("2", "Videregående skole")], "85.320"),
    "gs": (True, True, False, False, [("1", "Grunnskole")], "85.201"),
    "special": (True, True, False, True, [("1", "Grunnskole")], "85.202"),
    "adult": (
        True,
        True,
        False,
        False,
        [("10", "Voksenopplæringssenter"), ("25", "Voksenopplæring på grunnskolens område")],
        "85.594",
    ),
    "owner": (False, False, False, False, [], "84.120"),
}
COUNTY = {"18": "Nordland", "50": "Trøndelag", "25": "Utlandet"}

# NSR v4 units: (orgnr, name, kind, active, municipality number, municipality name)
NSR_SCHOOLS = [
    (N(25), "Hemnes videregående skole", "vgs", True, "1824", "Vefsn"),
    (N(26), "Brønnøysund videregående skole", "vgs", True, "1813", "Brønnøy"),
    (N(60), "Sandnessjøen videregående skole", "vgs", True, "1820", "Alstahaug"),
    (N(61), "Narvik videregående skole", "vgs", True, "1806", "Narvik"),
    (N(62), "Hadsel videregående skole", "vgs", True, "1866", "Hadsel"),
    (N(63), "Vågan videregående skole", "vgs", True, "1865", "Vågan"),
    (N(64), "Tiller videregående skole", "vgs", True, "5001", "Trondheim - Tråante"),
    (N(65), "Ørnes skole", "gs", True, "1837", "Meløy"),
    (N(66), "Glomfjord skole", "gs", True, "1837", "Meløy"),
    (N(67), "Inndyr skole", "gs", False, "1838", "Gildeskål"),
    (N(70), "Bodø voksenopplæringssenter", "adult", True, "1804", "Bodø"),
    (N(71), "Nordlys spesialskole", "special", True, "1804", "Bodø"),
    (N(68), "Meløy kommune skoleeier", "owner", True, "1837", "Meløy"),
    # Bad rows: a check digit that fails, no name, a Norwegian school abroad (NSR's
    # pseudo-municipality 2599, which is no municipality).
    ("974795990", "Feil kontrollsiffer skole", "vgs", True, "1804", "Bodø"),
    (N(69), "", "vgs", True, "1804", "Bodø"),
    (N(72), "Den norske skolen i Utlandet", "gs", True, "2599", "Utlandet"),
]


def nsr_units():
    records = []
    for orgnr, name, kind, active, number, municipality in NSR_SCHOOLS:
        school, gs, vgs, special, categories, nace = NSR_KINDS[kind]
        post = MUNICIPALITY.get(number, (municipality, "8310"))[1]
        town = TOWN.get(number, "Kabelvåg")
        county = number[:2]
        records.append(
            {
                "Organisasjonsnummer": orgnr,
                "Navn": name,
                "FulltNavn": name,
                "Karakteristikk": "",
                "Internettadresse": f"https://{orgnr}.skole.example.no" if name else "",
                "ErAktiv": active,
                "ErSkole": school,
                "ErSkoleEier": not school,
                "ErGrunnskole": gs,
                "ErPrivatskole": False,
                "ErOffentligSkole": school,
                "ErVideregaaendeSkole": vgs,
                "ErSpesialskole": special,
                "Skolekategorier": [{"Id": id_, "Navn": navn} for id_, navn in categories],
                "Naeringskoder": [{"Kode": nace, "Navn": "Næringskode", "Prioritet": 1}],
                "Beliggenhetsadresse": {
                    "Adresse": "Skoleveien 1",
                    "Postnummer": post,
                    "Poststed": town,
                    "Land": "Norge",
                },
                "Fylke": {"Fylkesnummer": county, "Navn": COUNTY[county]},
                "Kommune": {
                    "Kommunenummer": number,
                    "Navn": municipality,
                    "ErNedlagt": False,
                    "Fylkesnummer": county,
                },
                "DatoEndret": "2026-01-05T10:00:00",
            }
        )
    return records


GREP = "https://data.udir.no/kl06/v201906"
PUBLISHED = f"{GREP}/status/status_publisert"
EXPIRED = f"{GREP}/status/status_utgaatt"


def grep_record(kind, code, nb, en, status=PUBLISHED, **extra):
    titles = [{"spraak": "default", "verdi": nb}, {"spraak": "nob", "verdi": nb}]
    if en:
        titles.append({"spraak": "eng", "verdi": en})
    return {
        "id": f"uuid:{kind}-{code}",
        "kode": code,
        "uri": f"http://psi.udir.no/kl06/{code}",
        "url-data": f"{GREP}/{kind}/{code}",
        "tittel": titles if nb else [],
        "status": status,
        "sist-endret": "2025-06-01T08:00:00",
        **extra,
    }


def programme_reference(code):
    """A programme area's utdanningsprogram-referanse, as Grep gives it."""
    return {
        "utdanningsprogram-referanse": [
            {
                "kode": code,
                "url-data": f"{GREP}/utdanningsprogram/{code}",
                "status": PUBLISHED,
            }
        ]
    }


def grade(code):
    """A programme area's aarstrinn."""
    return {"aarstrinn": {"kode": code, "url-data": f"{GREP}/aarstrinn/{code}"}}


def grep_lists():
    programmes = [
        grep_record("utdanningsprogram", c, nb, en) for c, nb, en in demo_data.EDUCATION_PROGRAMMES
    ]
    areas = [
        grep_record(
            "programomraader",
            code,
            nb,
            en,
            **programme_reference(programme),
            **grade(level.lower()),
        )
        for code, level, programme, nb, en in demo_data.PROGRAMME_AREAS
    ]
    areas += [
        grep_record(
            "programomraader",
            "ELDAT2----",
            "Datateknologi og elektronikk",
            "Computer technology and electronics",
            **programme_reference("EL"),
            **grade("vg2"),
        ),
        grep_record(
            "programomraader",
            "BAMAL2----",
            "Maling og overflateteknikk",
            "Painting and surface technology",
            **programme_reference("BA"),
            **grade("vg2"),
        ),
        grep_record(
            "programomraader",
            "HSHOF2----",
            "Helse- og omsorgsfag (LK06)",
            "",
            status=EXPIRED,
            **programme_reference("HS"),
            **grade("vg2"),
        ),
        grep_record(
            "programomraader",
            "XXUKJ2----",
            "Ukjent utdanningsprogram",
            "",
            **programme_reference("XX"),
            **grade("vg2"),
        ),
        grep_record(
            "programomraader",
            "HSUTT2----",
            "",
            "",
            **programme_reference("HS"),
            **grade("vg2"),
        ),
    ]
    trades = [
        grep_record("laerefag", code, nb, en, programomraader=[{"kode": a} for a in leading])
        for code, nb, en, leading in demo_data.TRADES
    ]
    trades += [
        grep_record(
            "laerefag",
            "ELDEL3----",
            "Dataelektronikerfaget",
            "Computer electronics",
            programomraader=[{"kode": "ELDAT2----"}],
        ),
        grep_record(
            "laerefag",
            "BAMAL3----",
            "Maler- og overflateteknikkfaget",
            "Painting and decorating",
            programomraader=[{"kode": "BAMAL2----"}],
        ),
        grep_record(
            "laerefag",
            "HSHOF3----",
            "Omsorgsarbeiderfaget (LK06)",
            "",
            status=EXPIRED,
            programomraader=[{"kode": "HSHOF2----"}],
        ),
        grep_record("laerefag", "TPXXX3----", "Fag uten status", "", status=""),
    ]
    return {"utdanningsprogram": programmes, "programomraader": areas, "laerefag": trades}


def main():
    write_gzip_json(HERE / "enhetsregisteret_enheter.json.gz", main_units())
    write_gzip_json(HERE / "enhetsregisteret_underenheter.json.gz", sub_units())
    write_csv(HERE / "enhetsregisteret_enheter.csv", main_units()[7:14] + main_units()[-3:-1])
    (HERE / "nsr_enheter.json").write_text(
        json.dumps(nsr_units(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (HERE / "grep.json").write_text(
        json.dumps(grep_lists(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
