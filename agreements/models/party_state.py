"""Each party's agreement's status and dates kept beside the party, so that the county overview
counts each school's agreements by category from one index (PartyState's) instead of looking up
every one of the schools' ten thousand agreements, and finds the programme areas a school
offers that none of its public agreements covers by one probe of an index each
(PartyCoverage's) instead of walking the school's agreements for each area, and counts the
county's programme areas from each agreement's areas kept with its county, status and dates
(AreaState's index) instead of joining the county's thousands of agreements to every
agreement's areas (agreements/county/overview.py).

Each PartyState also keeps whether its organisation has gone out of business
(Organisation.objects.ended(), the rule), so that the agreements with a party out of business
(agreements.models.responsibility) are the few rows of one small index, not a probe of each of
the country's thousands of ended organisations' parties.

refresh_party_rows is the only writer of the three; it writes them from the parties, the
agreements' programme areas, the agreements' rows and the parties' organisations;
organisations_written() sets the organisation_ended of rows it did not rewrite. The rows
carry the agreement's status and dates as they are, never a category: the categories (in
force, upcoming, expiring, expired) and the public rule (AgreementQuerySet.public_condition,
whose fields are named alike) are conditions on these fields, applied when the rows are read,
so the Oslo date turning needs no write. An agreement's county is copied the same way: it
changes only with the agreement's save.

The rows are kept right by the writes that change what they copy: an agreement's save (a
form's, a transition's, the admin's: its status or dates), a party added, moved to another
organisation or removed, a change of an agreement's programme areas (an agreement's or an
area's deletion removes its rows with it), and agreements/models/kept_rows.agreements_written()
where agreements, parties and links are written in bulk past the signals (the spreadsheet
import, the benchmark's generator); an organisation's save (the admin's) and, after a register
import's bulk writes, organisations_written() for all (orgs.importers.run_import).
"""

from django.db import models, transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from agreements.models.agreement import Agreement
from agreements.models.kept import KeptRowsQuerySet, rewrite_rows
from agreements.models.party import Party
from orgs.models import County, Organisation, ProgrammeArea


def refresh_party_rows(agreement_ids=None, using="default") -> None:
    """Writes again the PartyState, PartyCoverage and AreaState rows of the agreements with these
    ids (all agreements with None) from their parties, programme areas and rows: six queries
    whatever their number."""
    if agreement_ids is not None:
        agreement_ids = list(agreement_ids)
        if not agreement_ids:
            return
    state = {"kept_status": F("agreement__status"), "kept_valid_to": F("agreement__valid_to")}
    parties = Party.objects.using(using).order_by()
    sources = [
        (
            PartyState,
            "agreement_id, organisation_id, status, valid_to, valid_from, organisation_ended",
            parties.values(
                "agreement_id",
                "organisation_id",
                **state,
                kept_valid_from=F("agreement__valid_from"),
                kept_ended=_organisation_ended(),
            ),
        ),
        (
            # Each party once with each of its agreement's programme areas (an inner join).
            PartyCoverage,
            "agreement_id, organisation_id, programme_area_id, status, valid_to",
            parties.values(
                "agreement_id",
                "organisation_id",
                kept_area=F("agreement__programme_areas"),
                **state,
            ).filter(kept_area__isnull=False),
        ),
        (
            AreaState,
            "agreement_id, programme_area_id, county_id, status, valid_to, valid_from",
            Agreement.programme_areas.through.objects.using(using)
            .order_by()
            .values(
                "agreement_id",
                "programmearea_id",
                kept_county=F("agreement__county_id"),
                **state,
                kept_valid_from=F("agreement__valid_from"),
            ),
        ),
    ]
    with transaction.atomic(using=using, savepoint=False):  # the three tables together
        for model, columns, rows in sources:
            if agreement_ids is not None:
                rows = rows.filter(agreement_id__in=agreement_ids)
            rewrite_rows(model, columns, rows, agreement_ids, using)


def _organisation_ended() -> Exists:
    """Whether a row's organisation has gone out of business: the rule is
    Organisation.objects.ended()'s, asked of the row's organisation_id."""
    return Exists(Organisation.objects.ended().filter(pk=OuterRef("organisation_id")))


def organisations_written(organisation_ids=None) -> None:
    """After a write of these organisations (every one with None) past the signals (a register
    import): each of their party rows' organisation_ended set again where it has changed, in
    two UPDATEs (the rows now ended, by the ended organisations' ids; the rows no longer
    ended, by the flag's own index)."""
    rows = PartyState.objects.all()
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=list(organisation_ids))
    ended = Organisation.objects.ended().order_by().values("pk")
    with transaction.atomic(savepoint=False):
        rows.filter(organisation_ended=False, organisation_id__in=ended).update(
            organisation_ended=True
        )
        rows.filter(organisation_ended=True).exclude(organisation_id__in=ended).update(
            organisation_ended=False
        )


class PartyState(models.Model):
    """That an organisation is party to an agreement, with the agreement's status and dates as
    they were when it was last written (see the module's docstring)."""

    # Their indexes are the constraint's and party_state_counts_idx.
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="party_states", db_index=False
    )
    status = models.CharField(max_length=10)
    valid_from = models.DateField()
    valid_to = models.DateField()
    # Organisation.objects.ended() of the organisation, as it was when last written.
    organisation_ended = models.BooleanField(default=False)

    objects = KeptRowsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="party_state_unique"
            ),
        ]
        indexes = [
            # The county overview: each school's agreements counted by category from the index.
            models.Index(
                fields=["organisation", "status", "valid_from", "valid_to"],
                name="party_state_counts_idx",
            ),
            # The agreements with a party out of business (agreements.models.responsibility):
            # the country's few such rows, not a probe of every ended organisation's parties.
            models.Index(
                fields=["agreement"],
                condition=models.Q(organisation_ended=True),
                name="party_state_ended_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.agreement_id}: {self.status}"


class PartyCoverage(models.Model):
    """That an organisation is party to an agreement that covers a programme area, with the
    agreement's status and valid_to as they were when it was last written (see the module's
    docstring)."""

    # Their indexes are the constraint's and party_coverage_public_idx.
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    programme_area = models.ForeignKey(
        ProgrammeArea, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=10)
    valid_to = models.DateField()

    objects = KeptRowsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation", "programme_area"],
                name="party_coverage_unique",
            ),
        ]
        indexes = [
            # The programme areas a school offers without a partner: one probe each.
            models.Index(
                fields=["organisation", "programme_area", "status", "valid_to"],
                name="party_coverage_public_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} covers {self.programme_area_id} by {self.agreement_id}"


class AreaState(models.Model):
    """That an agreement covers a programme area, with the agreement's county, status and dates
    as they were when it was last written (see the module's docstring)."""

    # Their indexes are the constraint's and area_state_counts_idx.
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    programme_area = models.ForeignKey(
        ProgrammeArea, on_delete=models.CASCADE, related_name="area_states", db_index=False
    )
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="+", null=True, db_index=False
    )
    status = models.CharField(max_length=10)
    valid_from = models.DateField()
    valid_to = models.DateField()

    objects = KeptRowsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "programme_area"], name="area_state_unique"
            ),
        ]
        indexes = [
            # The county overview: the county's areas counted by category from the index.
            models.Index(
                fields=["county", "programme_area", "status", "valid_from", "valid_to"],
                name="area_state_counts_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} covers {self.programme_area_id}: {self.status}"


@receiver(post_save, sender=Agreement, dispatch_uid="party_state.agreement")
def _agreement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_party_rows([instance.pk])


@receiver(post_delete, sender=Agreement, dispatch_uid="party_state.agreement_deleted")
def _agreement_deleted(sender, instance, **kwargs):
    # Its parties' deletion, before its own, wrote its areas' rows again from its links to
    # them, which may still be there then: they go with the agreement.
    AreaState.objects.filter(agreement_id=instance.pk)._raw_delete(AreaState.objects.db)


@receiver(post_save, sender=Party, dispatch_uid="party_state.party_saved")
def _party_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    # replace_parties updates a kept party's terms only: nothing these rows copy.
    moved = update_fields is None or {"agreement", "organisation"} & set(update_fields)
    if not raw and (created or moved):
        refresh_party_rows([instance.agreement_id])


@receiver(post_save, sender=Organisation, dispatch_uid="party_state.organisation_saved")
def _organisation_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:  # a new organisation is party to nothing yet
        organisations_written([instance.pk])


@receiver(post_delete, sender=Party, dispatch_uid="party_state.party_deleted")
def _party_deleted(sender, instance, **kwargs):
    refresh_party_rows([instance.agreement_id])


@receiver(m2m_changed, sender=Agreement.programme_areas.through, dispatch_uid="party_state.areas")
def _areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:  # agreement.programme_areas.set(…)
        refresh_party_rows([instance.pk])
    elif pk_set:  # area.agreements.add(…)
        refresh_party_rows(pk_set)
    else:  # area.agreements.clear(): which agreements it had is gone
        refresh_party_rows()
