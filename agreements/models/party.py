"""A party to an agreement: an organisation, its role, what it commits to and its share of the
cost. The roles, which of them are education parties, and which role an organisation of each
kind may have, are written here once."""

from decimal import Decimal
from typing import NamedTuple

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation

Kind = Organisation.Kind


class Role(models.TextChoices):
    SCHOOL = "school", _("school")
    SCHOOL_OWNER = "school_owner", _("school owner")
    COMPANY = "company", _("company")
    TRAINING_OFFICE = "training_office", _("training office")
    UNIVERSITY = "university", _("university or college")
    PUBLIC_AGENCY = "public_agency", _("public agency")
    UNION = "union", _("union or employers' organisation")
    COUNTY_GOVERNOR = "county_governor", _("county governor")
    OTHER = "other", _("other partner")


# The education parties: an agreement needs one, and only one of them is responsible for it.
# Each education role is open to the organisations of these kinds, and no other role is open
# to a school; the other roles are open to every organisation that is not a school.
EDUCATION_ROLE_KINDS = {
    Role.SCHOOL: Organisation.SCHOOL_KINDS,
    Role.SCHOOL_OWNER: (Kind.MUNICIPALITY, Kind.COUNTY_AUTHORITY),
    Role.TRAINING_OFFICE: (Kind.TRAINING_OFFICE,),
    Role.UNIVERSITY: (Kind.HIGHER_EDUCATION,),
}
EDUCATION_ROLES = tuple(EDUCATION_ROLE_KINDS)
# The education organisations: schools, school owners, training offices, universities. Their
# staff act for them (registry.permissions), as a school's staff act for their school.
EDUCATION_KINDS = tuple(kind for kinds in EDUCATION_ROLE_KINDS.values() for kind in kinds)
DEFAULT_ROLE_OF_KIND = {
    **{kind: role for role, kinds in EDUCATION_ROLE_KINDS.items() for kind in kinds},
    Kind.COMPANY: Role.COMPANY,
    Kind.PUBLIC_AGENCY: Role.PUBLIC_AGENCY,
    Kind.UNION: Role.UNION,
}
COUNTY_GOVERNOR_NAME = "statsforvalteren"


def default_role(organisation) -> str:
    """The role an organisation has unless the form says otherwise: by its kind in the
    register (a county governor, a public agency, by its name)."""
    role = DEFAULT_ROLE_OF_KIND.get(organisation.kind, Role.OTHER)
    if role == Role.PUBLIC_AGENCY and organisation.name.casefold().startswith(COUNTY_GOVERNOR_NAME):
        return Role.COUNTY_GOVERNOR
    return role


def role_fits(organisation, role) -> bool:
    """Whether an organisation of its kind may be party in this role."""
    if role in EDUCATION_ROLE_KINDS:
        return organisation.kind in EDUCATION_ROLE_KINDS[role]
    return role in Role.values and not organisation.is_school


class PartyRow(NamedTuple):
    """One party as a change carries it: the form, a proposed change, the workflow's save."""

    organisation: Organisation
    role: str
    signatory: str = ""
    commitment: str = ""
    cost_amount: Decimal | None = None
    cost_rule: str = ""

    @classmethod
    def of(cls, row) -> "PartyRow":
        """A PartyRow from a PartyRow or a shorter tuple (organisation, role, signatory, …)."""
        return row if isinstance(row, cls) else cls(*row)

    @property
    def terms(self) -> tuple:
        """What a party row stores besides its organisation."""
        return self[1:]


class Party(models.Model):
    Role = Role

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("agreement"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)
    commitment = models.TextField(_("commits to"), max_length=4000, blank=True)
    # Its share of the cost: an amount in kroner, a rule such as "14 000 kr + 1,50 kr per
    # innbygger", or both.
    cost_amount = models.DecimalField(
        _("cost share (NOK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_rule = models.CharField(_("cost share rule"), max_length=200, blank=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="party_organisation_once_per_agreement"
            ),
            models.CheckConstraint(
                condition=Q(cost_amount__gte=0) | Q(cost_amount__isnull=True),
                name="party_cost_amount_not_negative",
            ),
        ]
        indexes = [
            # An organisation's agreements from the index alone (a school's counts on the
            # county and municipality overviews).
            models.Index(fields=["organisation", "agreement"], name="party_organisation_agr_idx"),
            # The partner companies of given agreements from the index alone (a municipality's
            # agreements by industry).
            models.Index(
                fields=["agreement", "organisation"],
                condition=Q(role="company"),
                name="party_company_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def is_education_party(self) -> bool:
        return self.role in EDUCATION_ROLES

    @property
    def row(self) -> PartyRow:
        return PartyRow(
            self.organisation,
            self.role,
            self.signatory,
            self.commitment,
            self.cost_amount,
            self.cost_rule,
        )

    @property
    def has_cost_share(self) -> bool:
        return self.cost_amount is not None or bool(self.cost_rule)


def replace_parties(agreement, rows) -> None:
    """Makes the agreement's parties these rows (PartyRow, or shorter tuples): a party it keeps
    keeps its row (and so its place in the order of rows), changed terms are updated."""
    wanted = _by_organisation(rows)
    existing = {p.organisation_id: p for p in agreement.parties.all()}
    Party.objects.filter(agreement=agreement).exclude(organisation_id__in=wanted).delete()
    for org_id, row in wanted.items():
        party = existing.get(org_id)
        if party is None:
            Party.objects.create(agreement=agreement, **row._asdict())
        elif party.row.terms != row.terms:
            for name in TERMS:
                setattr(party, name, getattr(row, name))
            party.save(update_fields=TERMS)


def new_parties(agreement, rows) -> list[Party]:
    """A new agreement's parties as replace_parties saves them, unsaved (the import's bulk save)."""
    return [Party(agreement=agreement, **row._asdict()) for row in _by_organisation(rows).values()]


def _by_organisation(rows) -> dict:
    """The rows (PartyRow, or shorter tuples) by organisation: one party an organisation."""
    return {row.organisation.pk: row for row in map(PartyRow.of, rows)}


TERMS = list(PartyRow._fields[1:])
