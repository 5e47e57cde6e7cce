"""Helpers for the import tests: the samples in demo/samples."""

import csv
from pathlib import Path

from django.core.management import call_command

DATA = Path(__file__).resolve().parent.parent / "demo" / "samples"
ENHETER = DATA / "enhetsregisteret_enheter.json.gz"
UNDERENHETER = DATA / "enhetsregisteret_underenheter.json.gz"
ENHETER_CSV = DATA / "enhetsregisteret_enheter.csv"
NSR = DATA / "nsr_enheter.json"
GREP = DATA / "grep.json"


def run(command: str, *paths, report: Path) -> str:
    """Runs an import command; returns its output."""
    from io import StringIO

    out = StringIO()
    call_command(command, *map(str, paths), report=str(report), stdout=out, no_progress=True)
    return out.getvalue()


def run_reported(command: str, path, tmp_path) -> tuple[str, Path]:
    """Runs an import command on one file with its rejects report in tmp_path; returns its
    output and the report's path."""
    report = tmp_path / "rejects.csv"
    return run(command, path, report=report), report


def sample_orgnr(path: Path, name: str) -> str:
    """The organisation number a sample file gives the unit with this name."""
    import gzip
    import json

    with gzip.open(path) as f:
        return next(r["organisasjonsnummer"] for r in json.load(f) if r["navn"] == name)


def rejects(report: Path) -> list[tuple[str, str]]:
    with open(report, newline="", encoding="utf-8") as f:
        return [(row["identifier"], row["reason"]) for row in csv.DictReader(f)]
