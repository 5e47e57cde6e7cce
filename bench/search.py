"""The organisation text search at national scale: the front page's query, on its own.

    .venv/bin/python bench/search.py

Median and p95 over repeated runs of the front page's organisation search (active, every
word in search_text, with municipality and public agreement counts, first 20 schools and
first 20 others), for a few typical queries. Against registry_bench.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import BENCH_URL, setup_django  # noqa: E402

QUERIES = ["bygg", "fjord bakeri", "trondheim", "elektro bodø as", "80000", "ørnes"]


def run(n: int = 30) -> list[tuple]:
    from orgs.models import Organisation

    rows = []
    for query in QUERIES:
        organisations = (
            Organisation.objects.active()
            .search(query)
            .select_related("municipality")
            .with_public_agreement_count()
        )
        times = []
        for i in range(n + 3):
            start = time.perf_counter()
            list(organisations.schools()[:20])
            list(organisations.not_schools()[:20])
            if i >= 3:
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        rows.append((query, statistics.median(times), times[round(0.95 * (n - 1))]))
    return rows


def table(rows) -> str:
    lines = ["| query | median ms | p95 ms |", "| --- | ---: | ---: |"]
    lines += [f"| `{q}` | {m:.1f} | {p:.1f} |" for q, m, p in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    setup_django(BENCH_URL)
    print(table(run()))
