"""The load benchmark's visitors: which public pages they ask for, and how often.

A mix of page kinds, each with a share of the traffic, and within a kind many URLs drawn from
the data, weighted by popularity: a school or company by its number of public agreements, a
programme area, trade or county by its agreements, a municipality by its schools' agreements,
an agreement by a long-tailed (Zipf) draw. So the popular pages come back often, as in life,
and the long tail is long enough that a cache cannot serve everything from a few keys. No PDFs
or exports: they are benchmarked by bench/pdf_and_export.py.
"""

import itertools
import random
from dataclasses import dataclass, field
from urllib.parse import urlencode

# (kind, share of all requests in %); the shares add up to 100.
SHARES = {
    "front page": 12,
    "search, common word": 7,
    "search, rare words": 5,
    "search, one group": 2,
    "search suggestions": 6,
    "school": 12,
    "company": 10,
    "agreement": 14,
    "agreements": 4,
    "agreements, filtered": 6,
    "agreements, later page": 2,
    "programme area": 4,
    "trade": 4,
    "education programme": 2,
    "education programme, by county": 2,
    "country overview": 2,
    "county overview": 2,
    "municipality overview": 4,
}
COMMON_WORDS = ["bygg", "elektro", "transport", "bakeri", "helse", "trondheim", "bergen", "as"]
TAIL = 20_000  # at most this many URLs of one kind
COMPANIES_WITHOUT_AGREEMENTS = 2_000


@dataclass
class Kind:
    name: str
    urls: list[str]
    cum_weights: list[float] = field(default_factory=list)

    @classmethod
    def weighted(cls, name: str, pairs) -> "Kind":
        """From (url, weight) pairs, the heaviest first, cut to the TAIL."""
        pairs = sorted(pairs, key=lambda pair: -pair[1])[:TAIL]
        return cls(name, [u for u, _ in pairs], list(itertools.accumulate(w for _, w in pairs)))

    @classmethod
    def zipf(cls, name: str, urls: list[str], rng: random.Random, s: float = 1.0) -> "Kind":
        """The URLs in a random order, the n-th drawn in proportion to 1 / n^s."""
        urls = urls[:]
        rng.shuffle(urls)
        return cls.weighted(name, ((u, 1 / (n + 1) ** s) for n, u in enumerate(urls)))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.urls, cum_weights=self.cum_weights)[0]


@dataclass
class Mix:
    kinds: list[Kind]
    shares: list[float]

    def draw(self, rng: random.Random) -> tuple[str, str]:
        """(kind, URL) of one request."""
        kind = rng.choices(self.kinds, weights=self.shares)[0]
        return kind.name, kind.draw(rng)

    def distinct(self) -> int:
        return sum(len(kind.urls) for kind in self.kinds)


def query(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def some_pks(rng: random.Random, n: int) -> list[int]:
    """About n organisations' keys, the same for the same seed (the generator numbers them
    from 1 without gaps)."""
    from django.db.models import Max

    from orgs.models import Organisation

    last = Organisation.objects.aggregate(last=Max("pk"))["last"] or 0
    return rng.sample(range(1, last + 1), min(n, last))


def search_words(rng: random.Random) -> tuple[list[str], list[str]]:
    """(common words, rare queries): rare ones are the words of real names in the data (a
    company's own name, a place, two words) that match a few organisations."""
    from bench.vocabulary import NAME_ENDS, NAME_STARTS
    from orgs.models import Organisation

    names = Organisation.objects.filter(pk__in=some_pks(rng, 400)).values_list("name", flat=True)
    rare = []
    for name in names:
        words = [w for w in name.lower().split() if len(w) > 2 and w not in COMMON_WORDS]
        if words:
            rare.append(" ".join(words[:2]))
    rare += [f"{start}{rng.choice(NAME_ENDS)}".lower() for start in NAME_STARTS]
    return COMMON_WORDS, rare


def build(seed: int = 2026) -> Mix:
    """The mix, read from the connected database (the benchmark data, bench/generate.py)."""
    from django.db.models import Count

    from agreements.models import Agreement, Party
    from orgs.models import Organisation, ProgrammeArea

    rng = random.Random(seed)
    public = Agreement.objects.public()
    parties = (
        Party.objects.filter(agreement__in=public.values("pk"))
        .values(
            "organisation__orgnr",
            "organisation__kind",
            "organisation__municipality__number",
            "organisation__municipality__county__number",
        )
        .annotate(n=Count("pk"))
    )
    schools, companies, municipalities = [], [], {}
    for row in parties:
        orgnr, n = row["organisation__orgnr"], row["n"]
        if row["organisation__kind"] in Organisation.SCHOOL_KINDS:
            schools.append((f"/skoler/{orgnr}/", n))
            place = row["organisation__municipality__number"]
            if place:
                county = row["organisation__municipality__county__number"]
                path = f"/oversikt/{county}/{place}/"
                municipalities[path] = municipalities.get(path, 0) + n
        else:
            companies.append((f"/bedrifter/{orgnr}/", n))
    # Three companies in four have no public agreement; a few of them are looked up too.
    known = {url for url, _n in companies}
    others = (
        Organisation.objects.exclude(kind__in=Organisation.SCHOOL_KINDS)
        .filter(pk__in=some_pks(rng, 2 * COMPANIES_WITHOUT_AGREEMENTS))
        .values_list("orgnr", flat=True)
    )
    quiet = [f"/bedrifter/{orgnr}/" for orgnr in others if f"/bedrifter/{orgnr}/" not in known]
    companies += [(url, 0.5) for url in quiet[:COMPANIES_WITHOUT_AGREEMENTS]]

    def counted(column):
        rows = public.filter(**{f"{column}__isnull": False}).values(column).annotate(n=Count("pk"))
        return [(row[column], row["n"]) for row in rows]

    areas, trades = counted("programme_areas__code"), counted("trades__code")
    counties = counted("county__number")
    places = sorted(municipalities.items(), key=lambda pair: -pair[1])
    programme_of = dict(ProgrammeArea.objects.values_list("code", "education_programme__code"))
    programmes = {}
    for code, n in areas:
        programmes[programme_of[code]] = programmes.get(programme_of[code], 0) + n
    agreement_ids = list(public.order_by("pk").values_list("pk", flat=True))
    common, rare = search_words(rng)

    def filtered():
        for county, n in counties:
            yield query("/avtaler/", fylke=county), n
        for path, n in places[:100]:
            yield query("/avtaler/", kommune=path.split("/")[3]), n / 2
        for code, n in areas:
            yield query("/avtaler/", programomrade=code), n / 4
        for code, n in trades:
            yield query("/avtaler/", larefag=code), n / 4
        for word in common + rare[:50]:
            yield query("/avtaler/", q=word), 20
        for county, n in counties:
            yield query("/avtaler/", fylke=county, side=2), n / 4

    kinds = {
        "front page": Kind("front page", ["/"], [1]),
        "search, common word": Kind.zipf("", [query("/", q=w) for w in common], rng, 0.5),
        "search, rare words": Kind.zipf("", [query("/", q=w) for w in rare], rng, 0.5),
        "search, one group": Kind.zipf(
            "",
            [
                query("/sok/", q=w, gruppe=group, **({"side": page} if page > 1 else {}))
                for w in common + rare[:40]
                for group in ("skoler", "virksomheter")
                for page in (1, 2)
            ],
            rng,
        ),
        "search suggestions": Kind.zipf(
            "",
            [query("/sok/forslag/", q=w[:n]) for w in common + rare for n in (3, 5, len(w))],
            rng,
            0.7,
        ),
        "school": Kind.weighted("", schools),
        "company": Kind.weighted("", companies),
        "agreement": Kind.zipf("", [f"/avtaler/{pk}/" for pk in agreement_ids], rng, 0.8),
        "agreements": Kind("", ["/avtaler/"], [1]),
        "agreements, filtered": Kind.weighted("", filtered()),
        "agreements, later page": Kind.zipf(
            "", [query("/avtaler/", side=n) for n in range(2, 101)], rng
        ),
        "programme area": Kind.weighted("", ((f"/programomrader/{c}/", n) for c, n in areas)),
        "trade": Kind.weighted("", ((f"/larefag/{c}/", n) for c, n in trades)),
        "education programme": Kind.weighted(
            "", ((f"/utdanningsprogram/{c}/", n) for c, n in programmes.items())
        ),
        "education programme, by county": Kind.weighted(
            "",
            (
                (query(f"/utdanningsprogram/{code}/", fylke=county), n * m)
                for code, n in programmes.items()
                for county, m in counties
            ),
        ),
        "country overview": Kind("", ["/oversikt/"], [1]),
        "county overview": Kind.weighted("", ((f"/oversikt/{c}/", n) for c, n in counties)),
        "municipality overview": Kind.weighted("", places),
    }
    for name, kind in kinds.items():
        kind.name = name
    return Mix([kinds[name] for name in SHARES], list(SHARES.values()))
