"""The front page's search at national scale, query by query.

    .venv/bin/python bench/search.py [--requests 30] [query …]   # some of QUERIES only

For each query in QUERIES: the matches (schools + other organisations + programme areas +
trades, as the page counts them), the queries the page runs, and the median and p95 time of
GET /?q=… through the full middleware stack (bench/pages.py's measure), against registry_bench
(bench/generate.py) with DEBUG off: cold (the cache emptied before each request, so every
request searches) and warm (a repeat request: what the cache keeps, once pages are cached).

The generator's small vocabulary makes one of its words match 4–5 % of the country (the
pessimistic case: "bygg", "trondheim"); half of the companies also have a name of their own
(Solvik, Bergheim, …; bench/vocabulary.py NAME_STARTS × NAME_ENDS), each about 0.1 % of the
country (the realistic case).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import BENCH_URL, setup_django  # noqa: E402

# (kind, query); organisation numbers are read from the data (see numbers()).
QUERIES = [
    ("common word", "bygg"),
    ("common word", "trondheim"),
    ("common word", "elektro"),
    ("common place", "ørnes"),
    ("common place, no ø", "ornes"),
    ("common two words", "fjord bakeri"),
    ("rare two words", "settefisk nord"),
    ("rare three words", "elektro bodø as"),
    ("rare, words swapped", "nord settefisk fauske"),
    ("abbreviation", "bergen vgs"),
    ("abbreviation", "avd rognan"),
    ("short word only", "as"),
    ("realistic name", "solvik"),
    ("realistic name, no å", "asrud"),
    ("realistic two words", "bergheim transport"),
    ("realistic three words", "strandvik bygg as"),
    ("typo", "settefisj nord"),
    ("typo", "transpott"),
    ("typo", "logistik"),
    ("typo, realistic name", "bergheom"),
    ("no match", "finnesikke"),
]


def numbers() -> list[tuple[str, str]]:
    from orgs.models import Organisation

    number = Organisation.objects.order_by("pk").values_list("orgnr", flat=True)[1000]
    return [
        ("organisation number", number),
        ("organisation number, spaced", f"{number[:3]} {number[3:6]} {number[6:]}"),
    ]


def matches(query: str) -> int:
    from orgs.search import search_everything

    return sum(group.count for group in search_everything(query, agreement_counts=False))


def run(n: int = 30, only=()) -> list[tuple]:
    from urllib.parse import urlencode

    from django.test import Client, override_settings

    from bench.pages import bench_urlconf, measure

    rows = []
    with override_settings(ROOT_URLCONF=bench_urlconf(), DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        for kind, query in QUERIES + numbers():
            if only and query not in only:
                continue
            url = "/?" + urlencode({"q": query})
            queries, median, p95, status = measure(client, url, n, cold=True)
            assert status == 200, (query, status)
            _queries, warm, _p95, _status = measure(client, url, n)
            rows.append((kind, query, matches(query), queries, median, p95, warm))
    return rows


def table(rows) -> str:
    lines = [
        "| kind | query | matches | queries | cold median ms | cold p95 ms | warm median ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {k} | `{q}` | {m:,} | {n} | {md:.1f} | {p:.1f} | {w:.1f} |"
        for k, q, m, n, md, p, w in rows
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("queries", nargs="*", help="only these of QUERIES (as typed)")
    args = parser.parse_args()
    setup_django(BENCH_URL)
    print(table(run(args.requests, args.queries)))
