"""Which agreements an organisation, a county, a municipality or a subject reaches: who may act
on them (registry.permissions.Policy.agreements), an organisation's page, the filters of
/avtaler/, the exports and the API, and the subject and programme pages. AgreementQuerySet
takes them from here."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from agreements.models.party import Party


class ScopeQueries(QuerySet):
    def for_organisations_or_counties(self, organisation_ids, county_ids):
        """Agreements these organisations are responsible for or party to, or owned by one of
        these counties. Who may act on what is decided by registry.permissions.Policy.agreements().
        """
        if not organisation_ids:
            # A coordinator's alone: the county by its index, walked in the list's order.
            return self.filter(county_id__in=county_ids)
        # The ids first, each part by its index, then the rows by key (one OR read the table).
        parties = Party.objects.filter(organisation_id__in=organisation_ids).values("agreement_id")
        owned = Q(county_id__in=county_ids) | Q(responsible_organisation_id__in=organisation_ids)
        ids = parties.order_by().union(self.model.objects.filter(owned).order_by().values("pk"))
        return self.filter(pk__among=ids.order_by())

    def for_organisation(self, organisation):
        return self.filter(
            Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation=organisation))
        )

    def covering(self, subject):
        """Those that cover this programme area or trade: its links first, by their index
        (agreements/migrations/0022), then the agreements by key."""
        links = subject.agreements.through.objects.filter(**{subject._meta.model_name: subject})
        return self.filter(pk__among=links.values("agreement_id"))

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
