"""The Enhetsregisteret samples of the import tests, and a writer of bulk downloads.

The files beside this one are written by hand from the published field lists
(data.brreg.no/enhetsregisteret/api/docs, the CSV download's columns); the organisation
numbers are made up (921 000 xxx) and pass MOD11. `main_unit` and `sub_unit` give records as
the bulk downloads do, for tests that need a download of their own (`write_download`).
"""

import csv
import gzip
import json
import tempfile
import uuid
from pathlib import Path

from orgs.importers import RejectsReport, run_import
from orgs.importers.enhetsregisteret import EnhetsregisteretImport
from orgs.validators import nth_valid_orgnr

HERE = Path(__file__).resolve().parent
ENHETER_PAGE = HERE / "enheter_side.json"
UNDERENHETER_PAGE = HERE / "underenheter_side.json"
EMPTY_PAGE = HERE / "tom_side.json"
ENHET = HERE / "enhet.json"  # a bankrupt main unit, the main unit of two in UNDERENHETER_PAGE
DELETED = HERE / "slettet_enhet.json"  # HUSFLIDSLAGET BAKKLANDET of ENHETER_PAGE, deleted
CSV = HERE / "enheter.csv"
CSV_GZ = HERE / "enheter.csv.gz"  # the same bytes, gzipped
UPDATES_FEED = HERE / "oppdateringer.json"
XML = HERE / "enheter.xml"
ZIP = HERE / "enheter.zip"  # ENHETER_PAGE in a zip
NSR_PAGE = HERE / "nsr_side.json"


def orgnr(n: int) -> str:
    """The n-th valid organisation number from 930 000 000 on (none of the files use them)."""
    return nth_valid_orgnr(93_000_000, n)


def address(street: str, number: str = "5001", post: str = "7011", town: str = "TRONDHEIM"):
    return {
        "land": "Norge",
        "landkode": "NO",
        "postnummer": post,
        "poststed": town,
        "adresse": [street],
        "kommunenummer": number,
    }


def main_unit(number: str, name: str, form: str = "AS", **extra) -> dict:
    return {
        "organisasjonsnummer": number,
        "navn": name,
        "organisasjonsform": {"kode": form},
        "naeringskode1": {"kode": "43.210"},
        "forretningsadresse": address("Kongens gate 1"),
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
        **extra,
    }


def sub_unit(number: str, name: str, main: str, **extra) -> dict:
    return {
        "organisasjonsnummer": number,
        "navn": name,
        "organisasjonsform": {"kode": "BEDR"},
        "naeringskode1": {"kode": "43.210"},
        "overordnetEnhet": main,
        "oppstartsdato": "2010-01-01",
        "beliggenhetsadresse": address("Munkegata 2"),
        **extra,
    }


def write_download(path: Path, records: list[dict], *, gzipped: bool = False) -> Path:
    """A bulk download of these records: a JSON array, gzipped when asked."""
    data = json.dumps(records, ensure_ascii=False).encode()
    path.write_bytes(gzip.compress(data, mtime=0) if gzipped else data)
    return path


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def import_file(path: Path, **options):
    """Runs the import as the nightly refresh and the command do; returns (summary, rejects
    as (identifier, reason) pairs)."""
    report_path = Path(tempfile.gettempdir()) / f"enhetsregisteret-test-{uuid.uuid4().hex}.csv"
    with RejectsReport(report_path) as report:
        summary, _report = run_import(EnhetsregisteretImport, path, report=report, **options)
    if not report_path.exists():
        return summary, []
    with report_path.open(newline="", encoding="utf-8") as f:
        rejects = [(row["identifier"], row["reason"]) for row in csv.DictReader(f)]
    report_path.unlink()
    return summary, rejects
