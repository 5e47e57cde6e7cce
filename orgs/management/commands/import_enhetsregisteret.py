"""`manage.py import_enhetsregisteret enheter.json.gz underenheter.json.gz`

Imports Enhetsregisteret's bulk downloads (gzipped JSON, or the CSV form). Give the main units
before the sub-units. Safe to run again: rows are upserted by organisation number, unchanged
rows are not written. Deleted, bankrupt or wound-up units are made inactive, never deleted.
"""

from orgs.importers.command import ImportCommand
from orgs.importers.enhetsregisteret import EnhetsregisteretImport


class Command(ImportCommand):
    help = "Imports main units and sub-units from Enhetsregisteret's bulk downloads."
    importer_class = EnhetsregisteretImport
    path_help = "enheter and/or underenheter files (.json.gz, .json, .csv or .csv.gz)"
