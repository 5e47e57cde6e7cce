"""`manage.py import_enhetsregisteret enheter.json.gz underenheter.json.gz`

Imports Enhetsregisteret's bulk downloads (JSON or CSV, gzipped or not), API pages and single
responses, told apart by their content. Give the main units before the sub-units. Safe to run
again: rows are upserted by organisation number, unchanged rows are not written. Deleted,
bankrupt or wound-up units are made inactive, never deleted. A bulk download is the full list
of its unit type: the units of that type it no longer holds are marked missing from the
register, unless --partial; more than a small share of them is refused unless
--allow-mass-deactivation.
"""

from orgs.importers.command import ImportCommand
from orgs.importers.enhetsregisteret import EnhetsregisteretImport
from orgs.importers.enhetsregisteret_life import MASS_DEACTIVATION_MINIMUM, MASS_DEACTIVATION_SHARE


class Command(ImportCommand):
    help = (
        "Imports main units and sub-units from Enhetsregisteret's bulk downloads, API pages "
        "and single responses."
    )
    importer_class = EnhetsregisteretImport
    path_help = (
        "enheter and/or underenheter files: bulk downloads (JSON array or CSV, gzipped or "
        "not), API pages or single-unit responses"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The files are extracts, not full downloads: no unit is marked missing from "
            "the register for not being in them.",
        )
        parser.add_argument(
            "--allow-mass-deactivation",
            action="store_true",
            help="Mark the units a full download no longer holds as missing even when they "
            f"are more than {MASS_DEACTIVATION_SHARE:.0%} of that unit type's active units (and "
            f"more than {MASS_DEACTIVATION_MINIMUM}).".replace("%", "%%"),
        )

    def import_options(self, options) -> dict:
        return {
            "full": not options["partial"],
            "allow_mass_deactivation": options["allow_mass_deactivation"],
        }
