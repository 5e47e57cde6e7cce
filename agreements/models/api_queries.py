"""What the open API (api/) asks of the agreements beyond the list's filters: valid on a date,
with a party by organisation number, and what changed since a moment, for a mirror to follow.

An agreement stops being public in two ways (the public rule, AgreementQuerySet.public):
withdrawn, which is a save (updated_at moves), or expired, which is no write at all: the
public rule turns at midnight in Oslo after its valid_to. So the moment an agreement expired is
derived from valid_to (expired_at), never stored.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

# The moments a query can compare with: a timestamp as typed may have an offset the database
# does not take (+18:04) or lie where no time zone can move it (year 1, year 9999).
_EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
_LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)


def _bounded_utc(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC, within what the database and Oslo's local time can hold."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        moment = moment.astimezone(datetime.UTC)
    except OverflowError:
        return _LATEST if moment.year > 1 else _EARLIEST
    return min(max(moment, _EARLIEST), _LATEST)


def expired_at(valid_to: datetime.date) -> datetime.datetime:
    """The moment an agreement valid to this date stops being public: midnight in Oslo after it."""
    return timezone.make_aware(
        datetime.datetime.combine(valid_to + datetime.timedelta(days=1), datetime.time())
    )


def last_day_expired_since(since: datetime.datetime) -> datetime.date:
    """The earliest valid_to whose expiry (expired_at) is at `since` or later."""
    local = timezone.localtime(since)
    at_midnight = local.time() == datetime.time()
    return local.date() - datetime.timedelta(days=1 if at_midnight else 0)


class ApiQueries:
    def valid_on(self, day: datetime.date):
        """In force on this day (valid_from ≤ day ≤ valid_to)."""
        return self.filter(valid_from__lte=day, valid_to__gte=day)

    def with_party_orgnr(self, orgnr: str):
        """With the organisation with this organisation number among its parties."""
        from agreements.models.party import Party

        return self.filter(
            Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation__orgnr=orgnr))
        )

    def saved_since(self, since: datetime.datetime):
        """Saved at `since` or later (published, approved, changed, withdrawn)."""
        return self.filter(updated_at__gte=_bounded_utc(since))

    def changes_since(self, since: datetime.datetime, today=None):
        """Every agreement a mirror of the public ones must hear of since `since`: those public
        and saved since (saved_since), and those that stopped being public since: withdrawn
        (a save) or expired (valid_to, expired_at). Never a draft or one awaiting approval that
        was never public: those are none of a mirror's business."""
        from agreements.models.agreement import Agreement, oslo_today

        today = today or oslo_today()
        since = _bounded_utc(since)
        public = self.public_condition(today)
        withdrawn = Q(status=Agreement.Status.WITHDRAWN)
        expired = Q(status=Agreement.Status.PUBLISHED) & ~public  # was public, is no longer
        saved = Q(updated_at__gte=since)  # saved_since's condition
        return self.filter(
            (public & saved)
            | (withdrawn & saved)
            | (expired & (saved | Q(valid_to__gte=last_day_expired_since(since))))
        )

    def for_api(self):
        """The columns the API's shape of a public agreement shows (api/serialize.py): a page
        of 100 reads no snapshot, search column or staff field. Its relations come from
        api_relations, for the page's rows."""
        return self.select_related("county", "framework").only(
            *("id", "title", "purpose", "valid_from", "valid_to", "status", "updated_at"),
            *("county__number", "county__name", "framework__status", "framework__valid_to"),
        )

    def api_relations(self, ids) -> dict:
        """{agreement id: {"parties": [...], "cooperation_types": [...], "programme_areas":
        [...], "trades": [...]}} for these agreements, in four queries of plain values: a page
        of 100 agreements builds no model of a party, an organisation or a code."""
        from agreements.models.party import Party

        model = self.model
        relations = {
            pk: {"parties": [], "cooperation_types": [], "programme_areas": [], "trades": []}
            for pk in ids
        }
        parties = (
            Party.objects.filter(agreement_id__in=ids)
            .order_by("role", "organisation__name")
            .values_list(
                "agreement_id", "organisation__orgnr", "organisation__name", "role", "commitment"
            )
        )
        for agreement_id, *party in parties:
            relations[agreement_id]["parties"].append(party)
        for name, code in (
            ("cooperation_types", "cooperationtype__slug"),
            ("programme_areas", "programmearea__code"),
            ("trades", "trade__code"),
        ):
            through = getattr(model, name).through.objects.filter(agreement_id__in=ids)
            for agreement_id, value in through.order_by(code).values_list("agreement_id", code):
                relations[agreement_id][name].append(value)
        return relations
