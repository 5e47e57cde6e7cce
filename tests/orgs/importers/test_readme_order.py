"""A freshly migrated, empty database and the README's import commands, in the README's order,
on the real-format samples: every valid row is accepted (issue: registers as they really are).
"""

import csv
import re
import shlex

import pytest
from django.conf import settings
from django.core.management import call_command

from orgs.models import County, Municipality, Organisation, ProgrammeArea, Trade

# The README's file names → the samples in demo/samples in the same format.
SAMPLES = {
    "grep.json": "grep.json",
    "enheter.json.gz": "enhetsregisteret_enheter.json.gz",
    "underenheter.json.gz": "enhetsregisteret_underenheter.json.gz",
    "nsr.json": "nsr_enheter.json",
}
# The samples' deliberately bad rows (demo/samples/make_samples.py) and why they are refused.
DELIBERATE = {"invalid_orgnr", "missing_name", "bad_date", "not_a_school", "unknown_status"}
DELIBERATE_GREP = {"unknown_education_programme": "XX"}  # a programme area of no programme
SCHOOLS_ABROAD = "2599"  # NSR's number for Norwegian schools abroad: no municipality


def readme_import_commands() -> list[list[str]]:
    readme = (settings.BASE_DIR / "README.md").read_text()
    section = readme.split("## Register imports", 1)[1].split("\n## ", 1)[0]
    commands = []
    for line in re.findall(r"^\.venv/bin/python manage\.py (import_\S+ [^#\n]*)", section, re.M):
        commands.append(shlex.split(line))
    return commands


def test_the_readme_names_the_three_imports_in_order():
    names = [command[0] for command in readme_import_commands()]
    assert names == ["import_grep", "import_enhetsregisteret", "import_nsr"]


@pytest.mark.django_db
def test_a_fresh_database_and_the_readme_commands_accept_every_valid_row(tmp_path):
    assert not Municipality.objects.exists() and not County.objects.exists()
    samples = settings.BASE_DIR / "demo" / "samples"
    for number, (name, *files) in enumerate(readme_import_commands()):
        report = tmp_path / f"rejects-{number}.csv"
        paths = [str(samples / SAMPLES[file]) for file in files]
        call_command(name, *paths, report=str(report), no_progress=True, verbosity=0)
        if not report.exists():
            continue
        with report.open(encoding="utf-8") as rejects:
            for row in csv.DictReader(rejects):
                if row["reason"] == "unknown_municipality":
                    assert row["detail"] == SCHOOLS_ABROAD, row
                elif row["reason"] in DELIBERATE_GREP:
                    assert row["detail"] == DELIBERATE_GREP[row["reason"]], row
                else:
                    assert row["reason"] in DELIBERATE, (name, row)
    assert County.objects.count() == 15 and Municipality.objects.count() == 357
    assert ProgrammeArea.objects.exists() and Trade.objects.exists()
    assert Organisation.objects.schools().exists()
    assert Organisation.objects.not_schools().filter(municipality__isnull=False).exists()
