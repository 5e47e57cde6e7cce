"""Which education programmes each agreement covers, kept as rows so that a page counting over
the whole country (the front page's programmes, a programme's page) reads one index instead of
joining every agreement's programme areas and trades to the programmes again.

The rule of what covers a programme stays where it is written, in
EducationProgrammeQuerySet._coverage (orgs/models/reference.py); ProgrammeCoverage.objects.
refresh is the only writer of these rows, and writes them from that rule. Each row carries the
agreement's status and valid_to, so that the public rule (AgreementQuerySet.public_condition, whose
fields are named alike) is applied to the rows themselves when they are read: the Oslo date
turning needs no write.

The rows are kept right by the writes (the receivers below, and refresh() where rows are
written in bulk past the signals): an agreement's save (the form's, a transition's, the
admin's), a change of its programme areas or trades, a programme area's programme or a trade's
areas (each refreshes every agreement: reference data changes seldom), the spreadsheet
import's batches and the generator (agreements/models/kept_rows.agreements_written) and the
Grep import (orgs/importers/grep.py).
"""

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from agreements.models.agreement import Agreement
from agreements.models.kept import KeptRowsQuerySet, rewrite_rows
from orgs.models import EducationProgramme, ProgrammeArea, Trade


class ProgrammeCoverageQuerySet(KeptRowsQuerySet):
    def refresh(self, agreement_ids=None) -> None:
        """Writes again the rows of the agreements with these ids (all agreements with None)
        from the rule (EducationProgrammeQuerySet._coverage) and the agreements' rows: two
        queries whatever their number."""
        from orgs.models.reference import EducationProgrammeQuerySet

        pairs = [
            links.filter(covered_programme__isnull=False).values(
                "covered_programme",
                "covered_agreement",
                status=models.F("agreement__status"),
                valid_to=models.F("agreement__valid_to"),
            )
            for links in EducationProgrammeQuerySet._coverage()
        ]
        pairs = [links.using(self.db) for links in pairs]
        if agreement_ids is not None:
            agreement_ids = list(agreement_ids)
            if not agreement_ids:
                return
            pairs = [links.filter(agreement_id__in=agreement_ids) for links in pairs]
        # UNION (not ALL): an agreement covers a programme once, through an area or a trade.
        rewrite_rows(
            self.model,
            "programme_id, agreement_id, status, valid_to",
            pairs[0].union(pairs[1]),
            agreement_ids,
            self.db,
        )


class ProgrammeCoverage(models.Model):
    """That an agreement covers an education programme, with the agreement's status and
    valid_to as they were when it was last saved (see the module's docstring)."""

    # Their indexes are the constraint's and programme_coverage_ids_idx.
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    programme = models.ForeignKey(
        EducationProgramme, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=10)
    valid_to = models.DateField()

    objects = ProgrammeCoverageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "programme"], name="programme_coverage_unique"
            ),
        ]
        indexes = [
            # The front page: every programme's public agreements counted from the index alone.
            models.Index(
                fields=["status", "valid_to", "programme"], name="programme_coverage_public_idx"
            ),
            # A programme's page: its public agreements' ids from the index alone.
            models.Index(
                fields=["programme", "status", "valid_to", "agreement"],
                name="programme_coverage_ids_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} covers {self.programme_id}"


@receiver(post_save, sender=Agreement, dispatch_uid="programme_coverage.agreement")
def _agreement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ProgrammeCoverage.objects.refresh([instance.pk])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:  # agreement.programme_areas.set(…)
        ProgrammeCoverage.objects.refresh([instance.pk])
    elif pk_set:  # area.agreements.add(…)
        ProgrammeCoverage.objects.refresh(pk_set)
    else:  # area.agreements.clear(): which agreements it had is gone
        ProgrammeCoverage.objects.refresh()


for _name in ("programme_areas", "trades"):
    m2m_changed.connect(
        _links_changed,
        sender=getattr(Agreement, _name).through,
        dispatch_uid=f"programme_coverage.{_name}",
    )


def _reference_changed(sender, raw=False, action="post_", **kwargs):
    if not raw and action.startswith("post_"):
        ProgrammeCoverage.objects.refresh()


post_save.connect(_reference_changed, sender=ProgrammeArea, dispatch_uid="programme_coverage.pa")
post_delete.connect(_reference_changed, sender=ProgrammeArea, dispatch_uid="programme_coverage.d")
post_delete.connect(_reference_changed, sender=Trade, dispatch_uid="programme_coverage.trade")
m2m_changed.connect(
    _reference_changed, sender=Trade.programme_areas.through, dispatch_uid="programme_coverage.t"
)
