"""`manage.py import_grep grep.json`

Imports education programmes, programme areas and trades from Grep, Udir's curriculum
register. Safe to run again: upserted by code; expired entries are kept, marked inactive.
"""

from orgs.importers.command import ImportCommand
from orgs.importers.grep import GrepImport


class Command(ImportCommand):
    help = "Imports education programmes, programme areas and trades from Grep (JSON)."
    importer_class = GrepImport
    path_help = "Grep JSON files with utdanningsprogram, programomraader and laerefag lists"
