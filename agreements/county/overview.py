"""Where cooperation is strong and where it is missing: the numbers of the county overview.

Each function runs one or two aggregate queries, whatever the county's size. With
`public_only`, only public agreements count (the public rule), for the open overview.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Value, Window
from django.db.models.functions import Rank
from django.utils import timezone

from agreements.models import Agreement, LogMessage, PartyCoverage, oslo_today
from agreements.models.party import EDUCATION_KINDS
from orgs.models import County, Organisation, ProgrammeArea

EXPIRING_DAYS = 90
TREND_YEARS = 5


def _categories(prefix: str, today, public_only: bool) -> dict[str, Q]:
    """Count filters for each category, relative to the agreements reached through `prefix`."""
    published = Q(**{f"{prefix}status": Agreement.Status.PUBLISHED})
    categories = {
        "public": published
        & Q(**{f"{prefix}valid_from__lte": today, f"{prefix}valid_to__gte": today}),
        "upcoming": published & Q(**{f"{prefix}valid_from__gt": today}),
        "expiring": published
        & Q(
            **{
                f"{prefix}valid_to__gte": today,
                f"{prefix}valid_to__lte": today + datetime.timedelta(days=EXPIRING_DAYS),
            }
        ),
    }
    if not public_only:
        categories["expired"] = published & Q(**{f"{prefix}valid_to__lt": today})
        categories["draft"] = Q(
            **{f"{prefix}status__in": [Agreement.Status.DRAFT, Agreement.Status.SUBMITTED]}
        )
    return categories


def _with_values(rows, columns):
    """Each row's counts as a list in column order, for the templates and the CSV."""
    for row in rows:
        row.values = [getattr(row, column) for column in columns]
        row.label = getattr(row, "name", "") or getattr(row, "title", "")
    return rows


def _annotate(queryset, prefix, today, public_only, counted="pk"):
    """One count per category, of the rows' `counted` field. Without DISTINCT: each path
    counted here (a school's or an area's kept rows, a county's agreements) reaches an
    agreement once, and counting distinct values would sort every row."""
    counts = {
        name: Count(f"{prefix}{counted}", filter=condition)
        for name, condition in _categories(prefix, today, public_only).items()
    }
    return queryset.annotate(**counts)


@dataclass
class CountyOverview:
    county: County
    public_only: bool
    columns: list[str]
    schools: list = field(default_factory=list)
    programme_areas: list = field(default_factory=list)
    gaps: list = field(default_factory=list)  # (school, [programme areas with no partner])
    busy_companies: list = field(default_factory=list)
    trend: list = field(default_factory=list)  # (school year label, count)


def county_overview(county: County, *, public_only: bool, today=None) -> CountyOverview:
    """The county's numbers; the full overview (not `public_only`) wants the county read
    through with_trend()."""
    today = today or oslo_today()
    columns = list(_categories("", today, public_only))
    overview = CountyOverview(county, public_only, columns)

    schools, areas = _schools_and_programme_areas(county, today, public_only, columns)
    overview.schools = _with_values(schools, columns)
    overview.programme_areas = _with_values(areas, columns)

    overview.gaps = programme_areas_without_partner(overview.schools, today)
    if not public_only:
        overview.busy_companies = _companies_approached_by_several_schools(county)
        overview.trend = _trend(county, today)
    return overview


def _schools_and_programme_areas(county, today, public_only, columns):
    """([the county's schools], [the programme areas of its agreements]), each with its
    counts, by name and by level and title: the two aggregates in one query (a union). A
    school's agreements are counted from its kept party rows (agreements.models.PartyState,
    each with its agreement's status and dates) by their index alone, not by looking up each
    of the county's schools' agreements."""
    schools = _annotate(
        Organisation.objects.schools().filter(municipality__county=county).order_by(),
        "party_states__",
        today,
        public_only,
        counted="organisation",
    ).values_list("pk", "name", "orgnr", Value(""), Value(""), *columns, Value("school"))
    areas = _programme_areas(county, today, public_only).values_list(
        "pk", "title_nb", "code", "title_en", "level", *columns, Value("area")
    )
    found = {"school": [], "area": []}
    # By name in the database's collation (Norwegian letters), each kind keeping that order.
    for pk, name, code, title_en, level, *counts, kind in schools.union(areas, all=True).order_by(
        "name", "pk"
    ):
        row = (
            _plain(Organisation, id=pk, name=name, orgnr=code)
            if kind == "school"
            else _plain(
                ProgrammeArea, id=pk, title_nb=name, code=code, title_en=title_en, level=level
            )
        )
        row.__dict__.update(zip(columns, counts, strict=True))
        found[kind].append(row)
    found["area"].sort(key=lambda area: area.level)  # stable: by title within a level
    return found["school"], found["area"]


def _plain(model, **fields):
    """A row as an instance with only these fields loaded (as only() gives): an instance
    made with every field's default costs far more, over a county's schools."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in fields]
    return model.from_db("default", names, [fields[name] for name in names])


def _programme_areas(county, today, public_only):
    """The programme areas of the county's agreements, with their counts: from the kept rows of
    the agreements' areas (agreements.models.AreaState, each with its agreement's county,
    status and dates) by their index alone, never from every agreement of each area. Publicly,
    an area only drafts or expired agreements cover is not shown."""
    # filter() before annotate(): the counts join the same rows the filter narrowed. A row is
    # one agreement's area: counted by a field of the index (as the schools' rows are), so that
    # the rows are read from the index alone.
    areas = _annotate(
        ProgrammeArea.objects.filter(area_states__county=county),
        "area_states__",
        today,
        public_only,
        counted="programme_area",
    )
    if public_only:
        # Counted with the rest (HAVING): an area none of whose county agreements is public
        # drops out, without a second walk of each area's agreements.
        public = _prefixed(Agreement.objects.public_condition(today), "area_states__")
        areas = areas.annotate(shown=Count("area_states__programme_area", filter=public)).filter(
            shown__gt=0
        )
    return areas.order_by()


def _prefixed(condition: Q, prefix: str) -> Q:
    """`condition` (on an agreement's own fields) as a condition on the agreements reached
    through `prefix`, so that a rule written once on Agreement counts beside the others."""
    return Q(
        *(
            _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
            for child in condition.children
        ),
        _connector=condition.connector,
        _negated=condition.negated,
    )


def programme_areas_without_partner(schools: list, today):
    """Programme areas each school offers that no public agreement of the school covers:
    (school, [programme areas]) for each school with any, by name; one query, plain rows
    (an area offered by several schools is one object). Each (school, area) is one probe of
    the kept rows of the school's agreements' areas (agreements.models.PartyCoverage)."""
    covered = PartyCoverage.objects.public(today).filter(
        organisation=OuterRef("organisation_id"),
        programme_area=OuterRef("programmearea_id"),
    )
    rows = (
        Organisation.programme_areas.through.objects.filter(
            organisation_id__in=[school.pk for school in schools]
        )
        .exclude(Exists(covered))
        .order_by(
            "organisation__name",
            "organisation_id",
            "programmearea__level",
            "programmearea__title_nb",
        )
        .values_list(
            "organisation_id",
            "programmearea_id",
            "programmearea__code",
            "programmearea__title_nb",
            "programmearea__title_en",
            "programmearea__level",
        )
    )
    by_pk = {school.pk: school for school in schools}
    areas, gaps = {}, {}
    for school_pk, pk, code, title_nb, title_en, level in rows:
        area = areas.get(pk)
        if area is None:
            area = areas[pk] = _plain(
                ProgrammeArea, id=pk, code=code, title_nb=title_nb, title_en=title_en, level=level
            )
        gaps.setdefault(school_pk, (by_pk[school_pk], []))[1].append(area)
    return list(gaps.values())


def _companies_approached_by_several_schools(county, days=365, shown=50):
    """(company, number of schools), most schools first and by name: two queries. The
    messages are counted by company first, and only the companies ranked among the first
    `shown` have their names read (not the hundreds counted). An author's school is one of the
    education organisations the author is staff of (registry.permissions.Policy), so the
    county's few of those (by their kind's index) pick the messages, not all of its
    organisations."""
    since = timezone.now() - datetime.timedelta(days=days)
    schools_of = dict(
        LogMessage.objects.visible()
        .filter(
            created_at__gte=since,
            author_school__kind__in=EDUCATION_KINDS,
            author_school__municipality__county=county,
        )
        .order_by()  # grouped by company alone, not by the messages' own order
        .values("organisation")
        .annotate(schools=Count("author_school", distinct=True))
        .filter(schools__gte=2)
        # Ties with the last one shown are kept, to be ordered by name below.
        .annotate(rank=Window(Rank(), order_by=F("schools").desc()))
        .filter(rank__lte=shown)
        .values_list("organisation", "schools")
    )
    companies = (
        Organisation.objects.filter(pk__in=schools_of)
        .order_by("name", "pk")  # in the database's collation, as the page's other lists
        .values_list("pk", "name", "orgnr")
    )
    # sorted() is stable: by name within each number of schools.
    by_schools = sorted(companies, key=lambda company: -schools_of[company[0]])[:shown]
    return [(Company(name, orgnr), schools_of[pk]) for pk, name, orgnr in by_schools]


@dataclass(frozen=True)
class Company:
    name: str
    orgnr: str


def _school_year_start(day) -> datetime.date:
    return datetime.date(day.year if day.month >= 8 else day.year - 1, 8, 1)


def _trend_years(today) -> list[datetime.date]:
    """The first days of the last TREND_YEARS school years (1 August to 31 July), oldest first."""
    first = _school_year_start(today)
    return [first.replace(year=first.year - n) for n in range(TREND_YEARS - 1, -1, -1)]


def with_trend(counties, today=None):
    """`counties` (a County queryset) each with its trend, the published agreements in force
    during each of the last school years, counted in the query that reads the county: the
    coordinator's overview reads its county and the trend at once."""
    published = Q(agreements__status=Agreement.Status.PUBLISHED)
    return counties.annotate(
        **{
            f"trend_{start.year}": Count(
                "agreements",
                filter=published
                & Q(
                    agreements__valid_from__lte=start.replace(year=start.year + 1)
                    - datetime.timedelta(1),
                    agreements__valid_to__gte=start,
                ),
            )
            for start in _trend_years(today or oslo_today())
        }
    )


def _trend(county, today):
    """(school year label, count) from the counts with_trend() read with the county."""
    return [
        (f"{start.year}/{str(start.year + 1)[2:]}", getattr(county, f"trend_{start.year}"))
        for start in _trend_years(today)
    ]


def country_overview(today=None):
    """Public numbers for every county, for the open overview: two queries, the counts over
    the public agreements only (each public category is a part of them), by index."""
    today = today or oslo_today()
    columns = list(_categories("", today, True))
    counts = {
        row["county"]: row
        for row in _annotate(
            Agreement.objects.public(today).order_by().values("county"), "", today, True
        )
    }
    counties = list(County.objects.order_by("number"))
    for county in counties:
        for column in columns:
            setattr(county, column, counts.get(county.pk, {}).get(column, 0))
    return _with_values(counties, columns)


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: float


def bar_chart(rows, *, width: float = 300.0, step: int = 26) -> dict:
    """Geometry for a horizontal SVG bar chart of (label, value) rows, drawn by the template."""
    top = max((value for _label, value in rows), default=0) or 1
    bars = [
        Bar(_shortened(label), value, index * step, round(width * value / top, 1))
        for index, (label, value) in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(bars), 1) * step}


def _shortened(label: str, length: int = 40) -> str:
    """A chart label of at most `length` characters, cut with an ellipsis (the table beside
    the chart has it in full)."""
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"
