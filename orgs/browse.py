"""Browsing without a name: the education programmes on the front page, and a page per
programme with its programme areas and trades and the schools and companies that cooperate in
them, narrowed by county and municipality (?fylke=18&kommune=1837, kept in the URL).

Every count starts from the public rule, through EducationProgramme.objects.public_agreements
or the programmes' public agreements kept as rows (agreements.models.ProgrammeCoverage).
"""

from types import SimpleNamespace

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agreements.models import Agreement, Party
from orgs.models import EducationProgramme, Organisation, ProgrammeArea, Trade
from registry.expressions import Ids
from registry.filters import SearchFilterSet, choice_filter
from registry.permissions import public
from registry.public_cache import remembered

# A national programme or trade can have thousands of parties; the lists show the most active.
PARTICIPANTS_SHOWN = 50


class RegionFilter(SearchFilterSet):
    """The county and municipality that narrow the browsing pages: the programme's page and
    the programme area and trade pages. A county is the agreement's owning county; a
    municipality, that of one of its parties (EducationProgramme.objects.public_agreements,
    the one place they narrow). A value not in the lists is ignored, and its field says so; a
    municipality outside the chosen county is dropped with a notice (set_regions). Only its
    form and its values are used, not its `qs`."""

    q = None  # no text search here
    fylke = choice_filter(_("County"), _("All counties"))
    kommune = choice_filter(_("Municipality"), _("All municipalities"))

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.set_regions("fylke", "kommune")

    @property
    def region(self) -> tuple[str | None, str | None]:
        """(county number, municipality number) that were chosen and are valid."""
        self.form.is_valid()  # a value that is not a choice is left out of cleaned_data
        data = self.form.cleaned_data
        return data.get("fylke") or None, data.get("kommune") or None

    @property
    def region_name(self) -> str:
        """The chosen municipality's or county's name, for the page's text; "" for none."""
        county, municipality = self.region
        for name, number in (("kommune", municipality), ("fylke", county)):
            if number:
                return _label_of(self.form.fields[name].choices, number)
        return ""

    @property
    def query_string(self) -> str:
        """The valid choices as "?fylke=…&kommune=…", for links that keep them; "" for none."""
        county, municipality = self.region
        kept = {"fylke": county, "kommune": municipality}
        kept = {name: value for name, value in kept.items() if value}
        return f"?{urlencode(kept)}" if kept else ""

    def public_agreements(self):
        """The public agreements, narrowed to the chosen county and municipality."""
        return EducationProgramme.objects.public_agreements(*self.region)


def _label_of(choices, value: str) -> str:
    for key, label in choices:
        if isinstance(label, (list, tuple)):  # a group of choices
            found = _label_of(label, value)
            if found:
                return found
        elif key == value:
            return str(label)
    return ""


def agreement_ids(agreements) -> Ids:
    """The ids of `agreements`, read first in one query: the page's other queries (its count,
    its page of cards, its parties, its counts by subject) take them by key
    (`agreement__id__among`: through the agreement's id, not the relation, which the ORM
    would walk id by id to check each is an agreement), where each would otherwise find the
    agreements again."""
    return Ids(agreements.order_by().values_list("pk", flat=True))


def participants_of(
    agreement_ids: Ids, shown: int = PARTICIPANTS_SHOWN, counted: bool = False
) -> SimpleNamespace:
    """The organisations that are parties of the agreements with these ids: the `shown`
    schools and the `shown` others that are party to the most of them, by name, in one
    query; with `counted`, also how many there are of each (school_count, partner_count), in
    two queries.

    A national programme has thousands of parties: they are ranked and cut from the parties
    alone (a party's role says school or partner, as on the agreements' cards), so only the
    organisations shown are read, not every participant's row to sort them all by name."""
    is_school = Q(role=Party.Role.SCHOOL)
    # Each organisation once per side (school or partner) with how many of the agreements it
    # is party to; the `shown` with the most on each side, and each side's total.
    side = F("school")
    ranked = (
        Party.objects.filter(agreement__id__among=agreement_ids)
        .order_by()
        .values("organisation_id", school=Case(When(is_school, then=True), default=False))
        .annotate(n=Count("*"))
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[side], order_by=[F("n").desc(), F("organisation_id")]
            ),
            total=Window(Count("*"), partition_by=[side]),
        )
        .filter(rank__lte=shown)
    )
    found = SimpleNamespace(schools=[], partners=[], school_count=0, partner_count=0)
    if counted:
        rows = list(ranked.values_list("organisation_id", "school", "total"))
        shown_ids = [organisation_id for organisation_id, _school, _total in rows]
        for _id, school, total in rows:
            setattr(found, "school_count" if school else "partner_count", total)
    else:
        shown_ids = ranked.values("organisation_id")
    organisations = (
        Organisation.objects.filter(pk__in=shown_ids)
        .select_related("municipality")
        .only("orgnr", "name", "kind", "municipality__name")
        .order_by("name", "pk")
    )
    for organisation in organisations:
        (found.schools if organisation.is_school else found.partners).append(organisation)
    return found


def _with_count(queryset, agreement_ids: Ids, link) -> list:
    """The programme areas or trades of `queryset`, each with public_agreement_count: how many
    of the agreements with these ids cover it, counted from the links (`link`: the
    agreements' many-to-many through model and its column for the area or trade) in the same
    query; an inactive (expired) one is kept only if it has some."""
    through, column = link
    counts = (
        through.objects.filter(**{column: OuterRef("pk")}, agreement__id__among=agreement_ids)
        .order_by()
        .values(column)
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = queryset.annotate(public_agreement_count=Coalesce(Subquery(counts), 0))
    return [row for row in rows if row.active or row.public_agreement_count]


def front_page_programmes() -> list:
    """The education programmes with their public agreement counts, for the front page
    (templates/public/_education_programmes.html), in two queries, the counts grouped in one
    from the index of the programmes' public agreements (agreements.models.ProgrammeCoverage,
    kept right by the writes): kept in the cache until the data changes or the date turns."""
    return remembered("front-page-programmes", _programmes_with_counts)


def _programmes_with_counts() -> list:
    counts = EducationProgramme.objects.public_agreement_counts()
    programmes = list(EducationProgramme.objects.all())
    for programme in programmes:
        programme.public_agreement_count = counts.get(programme.pk, 0)
    return programmes


@public
@require_GET
def education_programme_detail(request, code):
    region_filter = RegionFilter(request.GET)
    programme = get_object_or_404(EducationProgramme, code=code)
    ids = Ids(EducationProgramme.objects.covering(programme, *region_filter.region))
    programme.public_agreement_count = len(ids)
    # Each area's and trade's agreements cover the programme: counted among its ids.
    areas = ProgrammeArea.objects.filter(education_programme=programme)
    trades = Trade.objects.filter(
        pk__in=Trade.programme_areas.through.objects.filter(
            programmearea__education_programme=programme
        ).values("trade_id")
    )
    context = {
        "programme": programme,
        "filter": region_filter,
        "region_query": region_filter.query_string,
        "region_name": region_filter.region_name,
        "programme_areas": _with_count(
            areas, ids, (Agreement.programme_areas.through, "programmearea")
        ),
        "trades": _with_count(trades, ids, (Agreement.trades.through, "trade")),
        "participants": participants_of(ids, counted=True),
    }
    return render(request, "public/education_programme_detail.html", context)
