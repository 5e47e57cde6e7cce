"""Nothing is lost when someone leaves: the agreements that need a new responsible person.

An agreement in force or in the making (a draft, awaiting approval, published, and not
expired) needs one when none of its responsible staff is still a member of its responsible
party (memberships are refreshed from Feide at every login: one that Feide no longer lists is
removed) or none of them has logged in for RESPONSIBLE_STAFF_INACTIVE_MONTHS. The same list
shows such agreements with a party the register import marks bankrupt, being wound up or
deleted. The querysets are AgreementQuerySet's (ResponsibilityQueries); the hand-over that
names a new responsible person is agreements.responsibility.hand_over.
"""

import calendar
import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.utils import timezone

# The statuses of an agreement someone must still answer for (not withdrawn).
ANSWERED_FOR = ("draft", "submitted", "published")
HAND_OVER_ORDER = ("valid_to", "title", "pk")  # the list's order: the soonest to expire first


def inactive_since(today) -> datetime.datetime:
    """The start, in Europe/Oslo, of the day RESPONSIBLE_STAFF_INACTIVE_MONTHS months before
    `today`: a responsible person who last logged in before it counts as gone."""
    months = settings.RESPONSIBLE_STAFF_INACTIVE_MONTHS
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date(year, month, day), datetime.time())
    )


def _answered_for(today) -> Q:
    return Q(status__in=ANSWERED_FOR, valid_to__gte=today)


class ResponsibilityQueries:
    """A mixin of AgreementQuerySet."""

    def answered_for(self, today):
        """Not withdrawn, and not expired."""
        return self.filter(_answered_for(today))

    def _present_responsible_staff(self, today, responsible=None, among=None) -> Exists:
        """`responsible`: the responsible organisations of the agreements asked about (a
        subquery). Asked of many rows at once, PostgreSQL hashes the responsible staff who
        are present; with `responsible` only these organisations' staff are read, by index,
        instead of every agreement's (46,000 rows hashed: 10 ms for a school's list).
        `among`: the ids of the agreements asked about, when a few thousand (a subquery or
        Ids), so that only their responsible staff are read, by the agreement's index."""
        from registry.models import User

        through = self.model.responsible_staff.through
        present = {"is_active": True, "last_login__gte": inactive_since(today)}
        rows = through.objects.filter(
            agreement=OuterRef("pk"),
            user__staff_memberships__organisation=OuterRef("responsible_organisation"),
        )
        if among is not None:
            rows = rows.filter(agreement__among=among)
        if responsible is None:
            rows = rows.filter(**{f"user__{name}": value for name, value in present.items()})
        else:
            # These organisations' present staff first (`among`: a few users), so that their
            # rows are read by the user's index.
            users = User.objects.filter(staff_memberships__organisation__in=responsible, **present)
            rows = rows.filter(user__among=users.order_by().values("pk"))
        return Exists(rows)

    def _party_out_of_business(self) -> Exists:
        from agreements.models.party_state import PartyState

        # Each party's kept row says whether its organisation has ended (the rule,
        # Organisation.objects.ended(), kept by agreements.models.party_state): the country's
        # few such rows are one small index, not each ended organisation's parties probed.
        return Exists(PartyState.objects.filter(agreement=OuterRef("pk"), organisation_ended=True))

    def needing_responsible_person(self, today=None):
        """In force or in the making, and none of its responsible staff is still there."""
        return self.filter(self.needing_responsible_person_condition(today))

    def needing_responsible_person_condition(self, today=None, among=None) -> Q:
        """needing_responsible_person as a condition on an agreement, for a figure computed
        beside others in one query; `among` as _present_responsible_staff takes it."""
        today = today or timezone.localdate()
        return _answered_for(today) & ~self._present_responsible_staff(today, among=among)

    def with_party_out_of_business(self, today=None):
        """In force or in the making, with a party that is bankrupt, being wound up or deleted
        from the register."""
        today = today or timezone.localdate()
        return self.answered_for(today).filter(self._party_out_of_business())

    def _needing_attention(self, today, present=None):
        """Either of the two (the rule, without the reasons); `present`, the
        _present_responsible_staff(today) a caller uses beside it, is built once."""
        present = present if present is not None else self._present_responsible_staff(today)
        return self.answered_for(today).filter(~present | self._party_out_of_business())

    def _with_reasons(self, today):
        return self.annotate(
            lacks_responsible_person=~self._present_responsible_staff(today),
            party_out_of_business=self._party_out_of_business(),
        )

    def needing_attention(self, today=None):
        """Either of the two, annotated `lacks_responsible_person` and `party_out_of_business`."""
        today = today or timezone.localdate()
        return self._needing_attention(today)._with_reasons(today)

    def _for_hand_over(self, today):
        """(those needing attention, the present-staff condition they were asked with): the
        responsible organisations' present staff are read first, by index
        (_present_responsible_staff)."""
        responsible = self.answered_for(today).order_by().values("responsible_organisation")
        present = self._present_responsible_staff(today, responsible)
        return self._needing_attention(today, present), present

    def needing_attention_total(self, today) -> int:
        """How many need attention: one count (the county overview's figure)."""
        needing, _present = self._for_hand_over(today)
        return needing.count()

    def hand_over_list(self, today, limit) -> list:
        """The first `limit` needing attention as for_hand_over_list() shows them, each with
        `lacks_responsible_person` and `needing_total` (how many need attention, counted beside
        them by a window), in one query and the prefetch: the condition is asked once, of narrow
        rows, for the count and the first together. A party out of business is the prefetch's
        `ended_parties` (the same rule, Organisation.objects.ended()), not asked again."""
        needing, present = self._for_hand_over(today)
        # Which agreements need attention is asked of index rows alone (the county's and the
        # responsible party's indexes hold every field the rule reads); only the ones that do
        # are read whole, not the thousands of a county's that are fine (10 ms).
        return list(
            self.model.objects.filter(pk__in=needing.order_by().values("pk"))
            .annotate(lacks_responsible_person=~present, needing_total=Window(Count("*")))
            .for_hand_over_list()[:limit]
        )

    def hand_over_keys_and_rows(self, today):
        """(the keys of those needing attention in the list's order, the rows that show them
        as hand_over_list's do): a paged list's two querysets (registry.pagination.
        paginate_by_key), the keys read from index rows, then only the page's rows whole."""
        needing, present = self._for_hand_over(today)
        keys = self.model.objects.filter(pk__in=needing.order_by().values("pk"))  # as above
        # A page's rows are few: each asked by the agreement's own responsible staff (by index),
        # not by the hash of every present person's agreements `present` builds.
        rows = self.model.objects.annotate(
            lacks_responsible_person=~self._present_responsible_staff(today)
        )
        return keys.order_by(*HAND_OVER_ORDER), rows.for_hand_over_list()

    def for_hand_over_list(self):
        """What the list of agreements needing attention shows: narrow rows and the parties out
        of business (`ended_parties`); with_hand_over_people adds the people, in one query."""
        from django.db.models import Prefetch

        from agreements.models.party import Party
        from orgs.models import Organisation

        # The name, and the fields that say whether and when a party ended (register_end).
        ended = {field for rule in Organisation.END_FIELDS for field in rule[::2] if field}
        return (
            self.select_related("responsible_organisation")
            .only("title", "version", "valid_to", "responsible_organisation__name")
            .prefetch_related(
                Prefetch(
                    "parties",
                    queryset=Party.objects.filter(organisation__in=Organisation.objects.ended())
                    .select_related("organisation")
                    .only(
                        "agreement_id",
                        "role",
                        "organisation__name",
                        *(f"organisation__{field}" for field in sorted(ended)),
                    )
                    .order_by("role", "organisation__name"),
                    to_attr="ended_parties",
                ),
            )
            .order_by(*HAND_OVER_ORDER)
        )


def with_hand_over_people(agreements: list) -> list:
    """Sets on each agreement (of hand_over_list or hand_over_keys_and_rows) `responsible_people`,
    its responsible staff, and `hand_over_to`, the active staff of its responsible party to
    choose from, by name: both in one query (a union), not a prefetch each; and
    `party_out_of_business` from the prefetched `ended_parties`."""
    from django.db.models import CharField, Value

    from agreements.models.agreement import Agreement
    from registry.models import StaffMembership, User

    if not agreements:
        return agreements
    through = Agreement.responsible_staff.through
    names = ("user_id", "user__first_name", "user__last_name", "user__username")
    responsible = through.objects.filter(agreement_id__in=[a.pk for a in agreements]).values_list(
        "agreement_id", *names, Value("responsible", output_field=CharField())
    )
    members = StaffMembership.objects.filter(
        organisation_id__in={a.responsible_organisation_id for a in agreements},
        user__is_active=True,
    ).values_list("organisation_id", *names, Value("member", output_field=CharField()))
    people = {"responsible": {}, "member": {}}
    rows = responsible.union(members, all=True).order_by(*names[1:])
    for owner, pk, first_name, last_name, username, kind in rows:
        user = User(pk=pk, first_name=first_name, last_name=last_name, username=username)
        people[kind].setdefault(owner, []).append(user)
    for agreement in agreements:
        agreement.party_out_of_business = bool(agreement.ended_parties)
        agreement.responsible_people = people["responsible"].get(agreement.pk, [])
        agreement.hand_over_to = people["member"].get(agreement.responsible_organisation_id, [])
    return agreements
