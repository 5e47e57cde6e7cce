"""The agreements with a party in a municipality, as the filters of /avtaler/, the exports, the
API and the education programme's page narrow them. AgreementQuerySet takes them from here."""

from django.db.models import Exists, OuterRef, QuerySet

from agreements.models.party import Party


class PlaceQueries(QuerySet):
    def in_municipality(self, number: str):
        """Agreements with a party in the municipality with this four-digit number."""
        return self.filter(_party_in(number))

    def public_in_municipality(self, number: str, today=None):
        """The public agreements (public()) with a party in the municipality with this number.

        Only the organisations party to a public agreement on `today` (public_until) are
        probed, which every party of a public agreement is: a large municipality's
        organisations are mostly party to none (Trondheim: 18,500, of which about 550 are),
        and probing the parties of each cost a page 20 ms."""
        from agreements.models.agreement import oslo_today

        today = today or oslo_today()
        return self.public(today).filter(_party_in(number, organisation__public_until__gte=today))


def _party_in(number: str, **organisation) -> Exists:
    return Exists(
        Party.objects.filter(
            agreement=OuterRef("pk"), organisation__municipality__number=number, **organisation
        )
    )
