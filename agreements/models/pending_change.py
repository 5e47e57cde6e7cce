"""A change to a published agreement that waits for the county's approval.

Under a county's approval routine, a change to a published agreement by someone who does not
publish directly is not saved on the agreement: the published version stays public and the
change is kept here, as the form's fields and relations, until a coordinator of the owning
county approves it (agreements.workflow.approve_change applies it through the one save of a
change) or returns it with a comment. At most one change per agreement is open; returned ones
are kept, with the comment, so the proposer reads it on the agreement's page.
"""

import datetime
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models.derived import derive_agreement_fields
from agreements.models.party import PartyRow
from registry.fields import user_reference

# The agreement's own fields a change proposes (the parties and relations are beside them).
PROPOSED_FIELDS = (
    "title",
    "purpose",
    "valid_from",
    "valid_to",
    "signed_on",
    "signed_place",
    "contact_persons",
    "yearly_meeting_due",
)
DATE_FIELDS = {"valid_from", "valid_to", "signed_on"}


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        """The changes waiting for a coordinator (not returned)."""
        return self.filter(returned_at__isnull=True)


class PendingChange(models.Model):
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="pending_changes",
        verbose_name=_("agreement"),
    )
    # PROPOSED_FIELDS (dates as ISO text), the responsible party's orgnr and the framework's
    # id, and the relations: cooperation_types, programme_areas and trades as lists of ids,
    # parties as [orgnr, role, signatory, commitment, cost amount as text or None, cost rule].
    proposal = models.JSONField(_("proposed change"), default=dict)
    document = models.FileField(
        _("proposed signed document"), upload_to="changes/%Y/", blank=True, max_length=255
    )
    document_name = models.CharField(
        _("file name of the proposed document"), max_length=255, blank=True
    )
    proposed_by = user_reference(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    # The agreement's version the change was made from: approving it later is refused.
    based_on_version = models.PositiveIntegerField(_("based on version"))
    # Counts the proposer's saves, so that a coordinator approves the one they read.
    revision = models.PositiveIntegerField(default=1, editable=False)
    returned_by = user_reference(_("returned by"))
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_comment = models.TextField(_("comment from the county"), blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("change awaiting approval")
        verbose_name_plural = _("changes awaiting approval")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(returned_at__isnull=True),
                name="one_open_change_per_agreement",
            ),
        ]

    def __str__(self) -> str:
        return str(self.proposal.get("title", ""))

    # What the permission policy's may_approve asks of what is sent for approval: the owning
    # county (the agreement's now) and who sent it.
    @property
    def county_id(self):
        return self.agreement.county_id

    @property
    def submitted_by_id(self):
        return self.proposed_by_id

    # --- Storing and reading the proposal -------------------------------------------------

    @staticmethod
    def proposal_of(agreement, *, parties, cooperation_types, programme_areas, trades) -> dict:
        """The proposal of the form's (unsaved) agreement and relations, as JSON."""
        proposal = {}
        for name in PROPOSED_FIELDS:
            value = getattr(agreement, name)
            proposal[name] = value.isoformat() if isinstance(value, datetime.date) else value
        proposal["cooperation_types"] = sorted(t.pk for t in cooperation_types)
        proposal["programme_areas"] = sorted(a.pk for a in programme_areas)
        proposal["trades"] = sorted(t.pk for t in trades)
        proposal["parties"] = [
            [row.organisation.orgnr, *row.terms[:3], _text(row.cost_amount), row.cost_rule]
            for row in map(PartyRow.of, parties)
        ]
        responsible = agreement.responsible_organisation
        proposal["responsible_organisation"] = responsible.orgnr if responsible else None
        proposal["framework"] = agreement.framework_id
        return proposal

    def fields(self) -> dict:
        """The proposed own fields, dates as dates."""
        values = {}
        for name in PROPOSED_FIELDS:
            value = self.proposal.get(name)
            if name in DATE_FIELDS:
                value = datetime.date.fromisoformat(value) if value else None
            values[name] = value if value is not None or name in DATE_FIELDS else ""
        return values

    def relations(self) -> dict:
        """The proposed relations, as agreements.workflow.save takes them (two queries: the
        parties' organisations, and the types, programme areas and trades together)."""
        from agreements.models.agreement import CooperationType
        from orgs.models import Organisation, ProgrammeArea, Trade
        from registry.together import Part, read_together

        rows = self.proposal.get("parties", [])
        organisations = Organisation.objects.select_related("municipality").in_bulk(
            [row[0] for row in rows], field_name="orgnr"
        )
        models = {
            "cooperation_types": CooperationType,
            "programme_areas": ProgrammeArea,
            "trades": Trade,
        }
        chosen = {
            name: Part(model.objects.filter(pk__in=self.proposal.get(name, [])))
            for name, model in models.items()
        }
        return {
            "parties": [
                PartyRow(organisations[orgnr], *_terms(terms))
                for orgnr, *terms in rows
                if orgnr in organisations
            ],
            **{name: [row for _, row in found] for name, found in read_together(chosen).items()},
        }

    def references(self) -> dict:
        """The proposed responsible party (an Organisation) and framework agreement (its id),
        as the form's fields are named."""
        from orgs.models import Organisation

        orgnr = self.proposal.get("responsible_organisation")
        return {
            "responsible_organisation": Organisation.objects.select_related("municipality")
            .filter(orgnr=orgnr)
            .first()
            if orgnr
            else None,
            "framework": self.proposal.get("framework"),
        }

    def apply_fields_to(self, agreement) -> None:
        """Puts the proposed own fields, responsible party and framework, and a newly uploaded
        document, on the agreement."""
        for name, value in self.fields().items():
            setattr(agreement, name, value)
        references = self.references()
        if references["responsible_organisation"] is not None:
            agreement.responsible_organisation = references["responsible_organisation"]
        agreement.framework_id = references["framework"]
        if self.document:
            agreement.document = self.document.name
            agreement.document_name = self.document_name

    def propose(self, edited, *, user, based_on_version, **relations) -> None:
        """Saves the form's (unsaved) agreement and relations as this change's proposal, with
        the document chosen in the form, if any (else the one proposed before stays)."""
        self.proposal = self.proposal_of(edited, **relations)
        self.proposed_by, self.based_on_version = user, based_on_version
        self.proposed_at = timezone.now()
        self.revision += 1
        upload = edited.document
        if upload and not upload._committed:  # a new file chosen in this form
            self.discard_document()
            self.document, self.document_name = upload.file, edited.document_name
        self.save()

    def give_document_to(self, agreement) -> None:
        """A direct save of the form that showed this change keeps the document it proposed,
        unless a new one was chosen."""
        if self.document and (not agreement.document or agreement.document._committed):
            agreement.document, agreement.document_name = self.document.name, self.document_name

    def discard_document(self) -> None:
        """The uploaded file, removed from storage once the transaction commits."""
        if self.document:
            storage, name = self.document.storage, self.document.name
            transaction.on_commit(lambda: storage.delete(name))
            self.document, self.document_name = "", ""


def derived_fields_of_change(
    agreement, *, parties, title="", purpose="", responsible=None, framework=None, **relations
):
    """The derived fields (derived.py, their one writer) the agreement would have with these
    parties, responsible party, framework and relations: the parties in the order its save
    would keep them (those it has keep their rows, new ones follow), so the owning county is
    the one the save would give."""
    rows = {p.organisation_id: p.pk for p in agreement.parties.all()}
    parties = [PartyRow.of(row) for row in parties]
    kept = sorted((r for r in parties if r.organisation.pk in rows), key=lambda r: rows[r[0].pk])
    ordered = kept + [r for r in parties if r.organisation.pk not in rows]
    return derive_agreement_fields(
        title=title,
        purpose=purpose,
        parties=ordered,
        responsible=responsible,
        framework=framework,
        responsible_staff=relations.get("responsible_staff", ()),
        cooperation_types=relations.get("cooperation_types", []),
        programme_areas=relations.get("programme_areas", []),
        trades=relations.get("trades", []),
    )


def _text(amount) -> str | None:
    return None if amount is None else str(amount)


def _terms(terms) -> tuple:
    """A stored party's terms (role, signatory, commitment, cost amount, cost rule) as PartyRow
    takes them; a change stored before commitments and cost shares has only the first two."""
    terms = list(terms)
    role, signatory, commitment, amount, rule = terms + ["", "", "", None, ""][len(terms) :]
    return role, signatory, commitment, None if amount in (None, "") else Decimal(amount), rule
