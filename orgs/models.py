from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from orgs.validators import validate_orgnr
from registry.text import SearchableQuerySet, normalise_search_text


class BilingualTitleMixin:
    """Reference data from Grep carries a bokmål and an English title; show the user's."""

    @property
    def title(self) -> str:
        if (get_language() or "nb").startswith("en") and self.title_en:
            return self.title_en
        return self.title_nb

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class GrepSearchTextMixin:
    """A programme area's or trade's search columns: code and both titles; the bokmål title as
    the name the ranking compares.

    search_columns is their one writer, used by save() and by the Grep import's bulk upsert
    (orgs/importers/grep.py). In Python rather than a GeneratedField: the folding
    (registry.text.normalise_search_text) has no portable SQL form.
    """

    @staticmethod
    def search_columns(code: str, title_nb: str, title_en: str) -> dict:
        return {
            "search_text": normalise_search_text(code, title_nb, title_en),
            "search_name": normalise_search_text(title_nb),
        }

    def save(self, *args, **kwargs):
        for name, value in self.search_columns(self.code, self.title_nb, self.title_en).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)


class TitledCode(BilingualTitleMixin, models.Model):
    """Reference data named by a code, with a bokmål and an English title."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True


class GrepCodeQuerySet(SearchableQuerySet):
    def exact_match(self, query):
        return super().exact_match(query) | Q(code__iexact=query.text)


class GrepCode(GrepSearchTextMixin, TitledCode):
    """A programme area or a trade: searchable, and kept when Grep lets it expire."""

    # Grep's status: an expired (utgått) one is kept for the agreements that cover it.
    active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")
    search_name = models.TextField(editable=False, default="")

    objects = GrepCodeQuerySet.as_manager()

    class Meta:
        abstract = True


class County(models.Model):
    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class EducationProgrammeQuerySet(models.QuerySet):
    """Browsing by education programme (orgs/browse.py). A programme's public agreements are
    those that cover one of its programme areas or a trade reached through them
    (Trade.programme_areas), optionally narrowed to a county or a municipality."""

    @staticmethod
    def public_agreements(county=None, municipality=None):
        """Agreement.objects.public(), narrowed to those the county with this number owns
        (Agreement.county) and to those with a party in the municipality with this number."""
        from agreements.models import Agreement

        agreements = Agreement.objects.public()
        if county:
            agreements = agreements.filter(county__number=county)
        if municipality:
            agreements = agreements.in_municipality(municipality)
        return agreements

    @staticmethod
    def _links(programme):
        """The agreements' links to a programme area of `programme` (a programme, its pk or
        an outer reference to one) and to a trade reached through one, as agreement ids."""
        from agreements.models import Agreement

        areas = Agreement.programme_areas.through.objects.filter(
            programmearea__education_programme=programme
        ).values("agreement_id")
        trades = Agreement.trades.through.objects.filter(
            trade__programme_areas__education_programme=programme
        ).values("agreement_id")
        return areas, trades

    @staticmethod
    def covering(agreements, programme):
        """Those of `agreements` that cover a programme area of `programme` or a trade
        reached through one."""
        areas, trades = EducationProgrammeQuerySet._links(programme)
        return agreements.filter(Q(pk__in=areas) | Q(pk__in=trades))

    def with_public_agreement_count(self, county=None, municipality=None):
        """Annotates public_agreement_count: how many public agreements cover the programme,
        each counted once, narrowed as public_agreements() narrows; one query, in which the
        public agreements are read once (registry.expressions.CountIn)."""
        from registry.expressions import CountIn

        areas, trades = self._links(OuterRef("pk"))
        return self.annotate(
            public_agreement_count=CountIn(
                areas.union(trades),  # each agreement once
                self.public_agreements(county, municipality).values("pk"),
                column="agreement_id",
            )
        )


class EducationProgramme(TitledCode):
    """An utdanningsprogram, such as helse- og oppvekstfag."""

    objects = EducationProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title_nb"]
        verbose_name = _("education programme")
        verbose_name_plural = _("education programmes")


class ProgrammeArea(GrepCode):
    """A programområde from Udir's curriculum register (Grep)."""

    class Level(models.TextChoices):
        VG1 = "VG1", "Vg1"
        VG2 = "VG2", "Vg2"
        VG3 = "VG3", "Vg3"

    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    education_programme = models.ForeignKey(
        EducationProgramme,
        on_delete=models.PROTECT,
        related_name="programme_areas",
        verbose_name=_("education programme"),
    )

    class Meta:
        ordering = ["level", "title_nb"]
        verbose_name = _("programme area")
        verbose_name_plural = _("programme areas")

    def get_absolute_url(self) -> str:
        return reverse("programme_area_detail", args=[self.code])


class Trade(GrepCode):
    """A lærefag from Grep, reached through one or more Vg2 programme areas."""

    programme_areas = models.ManyToManyField(
        ProgrammeArea,
        blank=True,
        related_name="trades",
        verbose_name=_("Vg2 programme areas leading to it"),
    )

    class Meta:
        ordering = ["title_nb"]
        verbose_name = _("trade")
        verbose_name_plural = _("trades")

    def get_absolute_url(self) -> str:
        return reverse("trade_detail", args=[self.code])


class Occupation(TitledCode):
    """An occupation (STYRK-08) a company employs people in."""

    code = models.CharField(_("code"), max_length=10, unique=True)  # STYRK's are shorter

    class Meta:
        ordering = ["title_nb"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")


class OrganisationQuerySet(SearchableQuerySet):
    def schools(self):
        return self.filter(kind__in=Organisation.SCHOOL_KINDS)

    def not_schools(self):
        return self.exclude(kind__in=Organisation.SCHOOL_KINDS)

    def active(self):
        return self.filter(active=True)

    def with_public_agreement_count(self):
        """Annotates public_agreement_count: how many public agreements it is party to."""
        from agreements.models import Agreement, Party

        counts = (
            Party.objects.filter(
                organisation=OuterRef("pk"), agreement__in=Agreement.objects.public().values("pk")
            )
            .order_by()
            .values("organisation")
            .annotate(n=Count("agreement", distinct=True))
            .values("n")
        )
        return self.annotate(
            public_agreement_count=Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)
        )

    def _has_public_agreements(self) -> Exists:
        from agreements.models import Agreement

        return Exists(Agreement.objects.public().filter(parties__organisation=OuterRef("pk")))

    def with_public_agreements(self):
        return self.filter(self._has_public_agreements())

    def exact_match(self, query):
        return super().exact_match(query) | Q(orgnr=query.text)

    def search_tiebreak(self):
        """Among results the query ranks equal, those with public agreements first: what a
        student is looking for."""
        return (
            self.annotate(has_public_agreements=self._has_public_agreements()),
            ("-has_public_agreements",),
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
        OTHER = "other", _("other")

    SCHOOL_KINDS = (Kind.UPPER_SECONDARY, Kind.LOWER_SECONDARY)

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
    # From Enhetsregisteret: a deleted, bankrupt or wound-up unit is kept, made inactive,
    # so the agreements it was party to keep their parties.
    deleted_on = models.DateField(_("deleted from the register"), null=True, blank=True)
    bankrupt = models.BooleanField(_("bankrupt"), default=False)
    being_wound_up = models.BooleanField(_("being wound up"), default=False)
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

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
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        place = self.municipality.name if self.municipality_id else ""
        for name, value in self.search_columns(self.name, self.orgnr, place).items():
            setattr(self, name, value)
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
    def is_school(self) -> bool:
        return self.kind in self.SCHOOL_KINDS

    @property
    def orgnr_display(self) -> str:
        return f"{self.orgnr[:3]} {self.orgnr[3:6]} {self.orgnr[6:]}"
