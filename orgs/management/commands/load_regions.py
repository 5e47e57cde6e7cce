"""`manage.py load_regions`

Makes the database hold today's counties and municipalities from the data the project ships
(Statistics Norway's KLASS 104 and 131, orgs/data/) and prints what it created, renamed, moved,
merged and deleted. Safe to run again: when everything is current it writes nothing.
"""

from django.core.management.base import BaseCommand

from orgs.regions import classification, load_regions


class Command(BaseCommand):
    help = "Loads today's counties and municipalities (KLASS 104 and 131) into the database."

    def handle(self, *args, **options):
        changes = load_regions()
        for line in changes.lines():
            self.stdout.write(line)
        data = classification()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(data.counties)} counties, {len(data.municipalities)} municipalities"
                + ("" if changes else ": already current, nothing written")
            )
        )
