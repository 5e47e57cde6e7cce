"""Reference data: counties and municipalities (orgs/regions.py), and Grep's education
programmes, programme areas and trades (orgs/importers/grep.py), and occupations."""

from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.text import SearchableQuerySet, normalise_search_text


class BilingualTitleMixin:
    """Reference data from Grep carries a bokmål and an English title; show the user's."""

    @property
    def title(self) -> str:
        return self.title_in(get_language())

    def title_in(self, language: str | None) -> str:
        if (language or "nb").startswith("en") and self.title_en:
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

        agreements = (
            Agreement.objects.public_in_municipality(municipality)
            if municipality
            else Agreement.objects.public()
        )
        if county:
            agreements = agreements.filter(county__number=county)
        return agreements

    @staticmethod
    def _coverage():
        """The rule of what covers a programme, as (programme, agreement) pairs
        (covered_programme, covered_agreement): the agreements' links to one of its programme
        areas, and to a trade reached through one (Trade.programme_areas). Two querysets, for
        a union or to be filtered by programme."""
        from agreements.models import Agreement

        def pairs(links, programme: str):
            return links.order_by().values(
                covered_programme=F(programme), covered_agreement=F("agreement_id")
            )

        return (
            pairs(Agreement.programme_areas.through.objects, "programmearea__education_programme"),
            pairs(Agreement.trades.through.objects, "trade__programme_areas__education_programme"),
        )

    def covering(self, programme, county=None, municipality=None):
        """The ids of the public agreements that cover `programme` (_coverage), narrowed as
        public_agreements() narrows: over the whole country from the rows of public agreements
        that cover it (agreements.models.ProgrammeCoverage, kept from _coverage) alone."""
        from agreements.models import ProgrammeCoverage

        covered = ProgrammeCoverage.objects.public().filter(programme=programme)
        if not (county or municipality):
            return covered.values_list("agreement_id", flat=True)
        # IN, for PostgreSQL to hash the programme's ids against the region's agreements.
        narrowed = self.public_agreements(county, municipality)
        return narrowed.filter(pk__in=covered.values("agreement_id")).values_list("pk", flat=True)

    def public_agreement_counts(self, county=None, municipality=None) -> dict:
        """{programme pk: how many public agreements cover it}, narrowed as
        public_agreements() narrows: one grouped query over the rows of public agreements that
        cover a programme (agreements.models.ProgrammeCoverage, kept from _coverage), which
        are each agreement's programmes once; over the whole country from one index alone."""
        from agreements.models import ProgrammeCoverage

        covered = ProgrammeCoverage.objects.using(self.db).public()
        if county or municipality:
            narrowed = self.public_agreements(county, municipality).order_by().values("pk")
            covered = covered.filter(agreement_id__in=narrowed)
        return dict(
            covered.order_by()
            .values("programme")
            .annotate(n=Count("*"))
            .values_list("programme", "n")
        )


class EducationProgramme(TitledCode):
    """An utdanningsprogram, such as helse- og oppvekstfag."""

    # Grep's status: an expired (utgått) programme is kept for the agreements that cover it.
    active = models.BooleanField(_("active"), default=True)

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
