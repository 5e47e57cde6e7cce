"""An organisation: a school, a company or any other unit of the national registers."""

import functools
import operator

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orgs.models.reference import Municipality, Occupation, ProgrammeArea, Trade
from orgs.validators import validate_orgnr
from registry.text import SearchableQuerySet, normalise_search_text


class OrganisationQuerySet(SearchableQuerySet):
    def schools(self):
        return self.filter(kind__in=Organisation.SCHOOL_KINDS)

    def not_schools(self):
        return self.exclude(kind__in=Organisation.SCHOOL_KINDS)

    def active(self):
        return self.filter(active=True)

    def ended(self):
        """Gone out of business by the registers (END_FIELDS)."""
        return self.filter(ENDED)

    def with_public_agreement_count(self):
        """Annotates public_agreement_count: how many public agreements it is party to."""
        from agreements.models import PartyState

        # From its kept party rows (each with its agreement's status and dates, one row an
        # agreement) by their index alone: a school's hundreds of agreements are not looked up.
        counts = (
            PartyState.objects.public()
            .filter(organisation=OuterRef("pk"))
            .order_by()
            .values("organisation")
            .annotate(n=Count("*"))
            .values("n")
        )
        return self.annotate(
            public_agreement_count=Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)
        )

    def with_public_agreements(self, today=None):
        """Those party to an agreement that is public today (public_until)."""
        from agreements.models import oslo_today

        return self.filter(public_until__gte=today or oslo_today())

    def refresh_public_until(self, organisation_ids=None) -> None:
        """Writes public_until again for these organisations (a list or a subquery of ids;
        every organisation that is or was a party with None), in one UPDATE: the last day on
        which an agreement it is party to is public (AgreementQuerySet.public_on_some_day).

        Called by the writes of agreements and parties (agreements/models/public_until.py)."""
        from agreements.models import Agreement, Party

        latest = (
            Agreement.objects.filter(parties__organisation=OuterRef("pk"))
            .public_on_some_day()
            .values("valid_to")[:1]
        )
        if organisation_ids is None:
            rows = self.filter(
                Q(pk__in=Party.objects.values("organisation_id")) | Q(public_until__isnull=False)
            )
        else:
            rows = self.filter(pk__in=organisation_ids)
        rows.update(public_until=Subquery(latest))

    def exact_match(self, query):
        return super().exact_match(query) | Q(orgnr=query.text)

    def search_words(self):
        from orgs.models.search_word import SearchWord

        return SearchWord.objects.using(self.db)

    def search_tiebreak(self):
        """Among results the query ranks equal, those with public agreements first: what a
        student is looking for."""
        from agreements.models import oslo_today

        # From the row itself (public_until): looking at the agreements had PostgreSQL hash
        # every public party of the country, or probe the parties of each of thousands of names.
        has_public = Case(
            When(public_until__gte=oslo_today(), then=True),
            default=False,  # never NULL, which a descending order puts first
            output_field=BooleanField(),
        )
        return self.annotate(has_public_agreements=has_public), ("-has_public_agreements",)


# The one rule of a unit gone out of business, gravest first: (field, what ended it, the
# field holding since when). The import makes such a unit inactive (ended_by), the
# hand-over list (agreements/models/responsibility.py) shows its agreements (ended()).
END_FIELDS = (
    ("deleted_on", _("deleted from the register"), "deleted_on"),
    ("bankrupt", _("bankrupt"), "bankrupt_on"),
    ("being_wound_up", _("being wound up"), "being_wound_up_on"),
    ("closed_on", _("closed"), "closed_on"),
    ("main_unit_ended", _("its main unit has ended"), None),
    ("missing_from_register_on", _("missing from the register"), "missing_from_register_on"),
)
# The same rule as a condition, for querysets and the index of the ended units: a date field
# (its own "since") set, or a flag true.
ENDED = functools.reduce(
    operator.or_,
    (
        Q(**{f"{name}__isnull": False}) if name == since else Q(**{name: True})
        for name, _label, since in END_FIELDS
    ),
)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UPPER_SECONDARY = "upper_secondary", _("upper-secondary school")
        LOWER_SECONDARY = "lower_secondary", _("lower-secondary school")
        COMPANY = "company", _("company")
        TRAINING_OFFICE = "training_office", _("training office")
        MUNICIPALITY = "municipality", _("municipality")
        COUNTY_AUTHORITY = "county_authority", _("county authority")
        PUBLIC_AGENCY = "public_agency", _("public agency")
        HIGHER_EDUCATION = "higher_education", _("university or college")
        UNION = "union", _("union or employers' organisation")
        ASSOCIATION = "association", _("association or foundation")
        ADULT_EDUCATION = "adult_education", _("adult education centre")
        SPECIAL_SCHOOL = "special_school", _("special school")
        OTHER = "other", _("other")

    # Which organisation forms and NSR school kinds become which kind: orgs/kinds.py.
    SCHOOL_KINDS = (
        Kind.UPPER_SECONDARY,
        Kind.LOWER_SECONDARY,
        Kind.ADULT_EDUCATION,
        Kind.SPECIAL_SCHOOL,
    )

    orgnr = models.CharField(
        _("organisation number"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    industry_code = models.CharField(_("industry code (NACE)"), max_length=10, blank=True)
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_units",
        verbose_name=_("main unit"),
    )
    # The main unit's organisation number as the register gives it, so a sub-unit imported
    # before its main unit is linked when the main unit arrives.
    main_unit_orgnr = models.CharField(
        _("main unit's organisation number"), max_length=9, blank=True, editable=False
    )
    active = models.BooleanField(_("active"), default=True)
    # The unit's life as the registers tell it (orgs/importers/): an ended unit is kept and
    # made inactive, so the agreements it was party to keep their parties. END_FIELDS is the rule.
    deleted_on = models.DateField(_("deleted from the register"), null=True, blank=True)
    # A sub-unit's nedleggelsesdato: the branch closed while its main unit lives on.
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    bankrupt = models.BooleanField(_("bankrupt"), default=False)
    bankrupt_on = models.DateField(_("bankrupt since"), null=True, blank=True)
    being_wound_up = models.BooleanField(_("being wound up"), default=False)
    being_wound_up_on = models.DateField(_("being wound up since"), null=True, blank=True)
    # Missing from a full bulk download of the register, first on this date.
    missing_from_register_on = models.DateField(
        _("missing from the register since"), null=True, blank=True
    )
    # A sub-unit whose main unit is bankrupt, being wound up or deleted.
    main_unit_ended = models.BooleanField(_("main unit ended"), default=False)

    # Which of Enhetsregisteret's lists last brought the unit; empty for one it never did.
    # A full download of a list marks its units that are no longer in it as missing.
    class RegisterUnit(models.TextChoices):
        MAIN_UNIT = "enhet", _("main unit")
        SUB_UNIT = "underenhet", _("sub-unit")

    register_unit = models.CharField(
        _("unit in Enhetsregisteret"),
        max_length=10,
        choices=RegisterUnit.choices,
        blank=True,
        editable=False,
    )
    # A school's offer and a company's competence profile.
    programme_areas = models.ManyToManyField(
        ProgrammeArea,
        blank=True,
        related_name="schools",
        verbose_name=_("programme areas offered"),
    )
    approved_trades = models.ManyToManyField(
        Trade,
        blank=True,
        related_name="approved_companies",
        verbose_name=_("approved training company for"),
    )
    occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="organisations", verbose_name=_("occupations")
    )
    search_text = models.TextField(editable=False, default="")
    search_name = models.TextField(editable=False, default="")
    # The last day it is party to a public agreement (None: to none), so that "has public
    # agreements today" is a comparison on its own row, not a look at its agreements: the
    # search's tiebreak over thousands of names. Written by OrganisationQuerySet.
    # refresh_public_until alone, from the public rule; the date turning needs no write.
    public_until = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    END_FIELDS = END_FIELDS  # the module's rule, where the importers read it

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(orgnr__regex=r"^[0-9]{9}$"), name="organisation_orgnr_nine_digits"
            ),
        ]
        indexes = [
            # Lists ordered by name (search results, the mapping): with it PostgreSQL can walk
            # the names in order and stop at the page's end instead of sorting every match.
            models.Index(fields=["name", "id"], name="organisation_name_idx"),
            # A kind in a place: a municipality's schools and its own organisation, a county's
            # county authority (the municipality's picture, agreements/county/municipality.py).
            models.Index(fields=["kind", "municipality"], name="organisation_kind_place_idx"),
            # The company mapping (orgs/mapping/): the active organisations of a municipality
            # or county, not schools (the kind), counted and paged by name from the index
            # alone, however deep the page.
            models.Index(
                fields=["municipality", "name", "id", "kind"],
                condition=Q(active=True),
                name="organisation_active_place_idx",
            ),
            # The ids of a municipality's organisations from the index alone: the agreements
            # with a party there (AgreementQuerySet.in_municipality; Trondheim has 18,000).
            models.Index(fields=["municipality", "id"], name="organisation_place_ids_idx"),
            # Those of a municipality party to a public agreement, for the public pages'
            # municipality filter (AgreementQuerySet.public_in_municipality): Trondheim's 550.
            models.Index(
                fields=["municipality", "public_until", "id"],
                condition=Q(public_until__isnull=False),
                name="organisation_place_public_idx",
            ),
            # The few ended units (ENDED), so "an agreement with a party out of business" (the
            # hand-over list) reads them instead of scanning every organisation.
            models.Index(fields=["id"], condition=ENDED, name="organisation_ended_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        place = self.municipality.name if self.municipality_id else ""
        for name, value in self.search_columns(self.name, self.orgnr, place).items():
            setattr(self, name, value)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # public_until has its own writer (refresh_public_until): a row read before an
            # agreement changed must not put the old date back when it is saved.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "public_until"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("school_detail" if self.is_school else "company_detail", args=[self.orgnr])

    @staticmethod
    def search_columns(name: str, orgnr: str, place: str = "") -> dict:
        """The search columns: name, organisation number and the municipality's name (so
        "settefisk meløy" finds a fish farm in Meløy); the name alone for the ranking. The one
        writer, used by save(), the register imports' bulk upserts (orgs/importers/) and
        bench/generate.py; in Python rather than a GeneratedField, since the folding
        (registry.text.normalise_search_text) has no portable SQL form."""
        return {
            "search_text": normalise_search_text(name, orgnr, place),
            "search_name": normalise_search_text(name),
        }

    @property
    def register_end(self) -> tuple[str, object] | None:
        """(what ended it, since when or None) by END_FIELDS; None for a living unit."""
        for name, label, since in self.END_FIELDS:
            if getattr(self, name):
                return label, getattr(self, since) if since else None
        return None

    @staticmethod
    def ended_by(values: dict) -> bool:
        """Whether these field values (an import's row) end the unit, by END_FIELDS."""
        return any(values.get(name) for name, _label, _since in END_FIELDS)

    @property
    def is_ended(self) -> bool:
        return self.register_end is not None

    @property
    def is_school(self) -> bool:
        return self.kind in self.SCHOOL_KINDS

    @property
    def orgnr_display(self) -> str:
        return f"{self.orgnr[:3]} {self.orgnr[3:6]} {self.orgnr[6:]}"
