"""`manage.py import_nsr enheter.json`

Imports schools from NSR, Udir's national school register (API v4 JSON), with their counties
and municipalities. Safe to run again: upserted by organisation number.
"""

from orgs.importers.command import ImportCommand
from orgs.importers.nsr import NsrImport


class Command(ImportCommand):
    help = "Imports schools, counties and municipalities from NSR (v4 JSON)."
    importer_class = NsrImport
    path_help = "NSR v4 JSON files (an array of units, or a page with Enheter)"
