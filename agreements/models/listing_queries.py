"""What lists of agreements read, in a fixed number of queries: the staff's table, the lists
and pages of whole agreements, and the public cards (registry/templatetags/cards.py).
AgreementQuerySet takes them from here."""

from django.db import models

from agreements.models.party import Party
from orgs.models import ProgrammeArea, Trade
from registry.together import ReadsTogether, ReadTogether

# The relations a whole agreement's page lists, read in one query (registry/together.py).
RELATIONS = ("cooperation_types", "programme_areas", "trades")


class ListingQueries(ReadsTogether):
    def for_table(self):
        """What a table of agreements shows (the staff's "Mine avtaler"): the parties' names."""
        return self.prefetch_related(
            models.Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation").order_by(
                    "role", "organisation__name"
                ),
            )
        )

    def for_listing(self):
        """Everything a list of agreements shows, in a fixed number of queries."""
        return (
            self.for_table()
            .select_related("county")
            .prefetch_related("cooperation_types", "programme_areas", "trades")
        )

    def for_full_page(self, *together):
        """What a page of the whole agreement shows (the staff's page, the archival PDF): the
        listing's relations, the agreement it continues and its framework, who created and last
        changed it. The relations in one query (RELATIONS, with `together`: more ReadTogether
        lookups, such as the responsible staff, in the same query)."""
        return (
            self.for_table()
            .select_related(
                "county",
                "renews",
                "framework",
                "responsible_organisation",
                "created_by",
                "updated_by",
            )
            .prefetch_related(*(ReadTogether(name) for name in RELATIONS), *together)
        )

    def for_cards(self):
        """for_listing() narrowed to the columns the public cards read (their title, dates and
        links): a public page of twenty cards reads no wide rows (the snapshot, the search
        column, the parties' whole organisations)."""
        parties = (
            Party.objects.select_related("organisation")
            .only(
                "agreement",
                "role",
                "organisation__orgnr",
                "organisation__name",
                "organisation__kind",
            )
            .order_by("role", "organisation__name")
        )
        curriculum = ("code", "title_nb", "title_en")
        return self.only("title", "valid_from", "valid_to").prefetch_related(
            models.Prefetch("parties", queryset=parties),
            "cooperation_types",
            models.Prefetch("programme_areas", ProgrammeArea.objects.only(*curriculum)),
            models.Prefetch("trades", Trade.objects.only(*curriculum)),
        )
