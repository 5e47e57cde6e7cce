"""`manage.py import_nsr enheter.json`

Imports schools from NSR, Udir's national school register (API v4 JSON): a unit, an array of
units or a list page (`EnhetListe`), in municipalities orgs.regions knows. Safe to run again:
upserted by organisation number.
"""

from orgs.importers.command import ImportCommand
from orgs.importers.nsr import NsrImport


class Command(ImportCommand):
    help = "Imports schools from NSR (v4 JSON)."
    importer_class = NsrImport
    path_help = (
        "NSR v4 JSON files: a unit (/v4/enhet/{orgnr}), an array of units, or a list page "
        "(/v4/enheter, /v4/enheter/kommune/{nr}: units under EnhetListe; or under Enheter)"
    )
