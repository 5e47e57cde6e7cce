"""Page timings at national scale, through the full middleware stack.

    .venv/bin/python bench/pages.py [--requests 30] [--only NAME]

Runs against registry_bench (bench/generate.py; BENCH_DATABASE picks another) with DEBUG off.
For every page in PAGES, each after three warm-up requests:

- queries (uncached): the SQL queries of a request with the cache empty;
- median uncached: over --requests requests, the cache emptied before each (outside the
  timing), so the page is computed every time;
- median repeat: over --requests repeat requests with the cache warm, what a visitor who is
  not the first gets (anonymous pages come from the cache of public pages);
- repeat × bare: the repeat median over the median of a bare view behind the same middleware
  (the framework's floor), for the same kind of user. The bar: a repeat anonymous request to
  any public page within 2× of the bare view.

A page whose URL does not resolve (not built yet) is skipped with a note. Add a page by
adding a (name, URL builder) pair; a builder gets the Sample and returns a path. Pages under
/ansatt/ and pages in STAFF whose name starts with "staff " are requested as bench-staff;
those whose name starts with "coordinator " as the coordinator of Sample.queue_county
(bench-coordinator-<number>). A streaming response (the open-data CSV) is read to its end.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import BENCH_URL, setup_django  # noqa: E402


@dataclass
class Sample:
    school: str
    company: str
    area: str
    trade: str
    programme: str
    public_id: int
    staff_id: int
    log_company: str
    municipality: str  # "county/municipality", the bench user's school's
    framework_id: int  # a public framework agreement with local agreements under it
    queue_county: str  # the county with the most agreements sent for approval

    @property
    def county(self) -> str:
        """The number of the bench user's school's county."""
        return self.municipality.split("/")[0]


def sample() -> Sample:
    from django.db.models import Count

    from agreements.models import Agreement, LogMessage, Party
    from orgs.models import Organisation, ProgrammeArea
    from registry.models import StaffMembership

    membership = StaffMembership.objects.select_related("organisation__municipality__county").get(
        user__username="bench-staff"
    )
    public = Agreement.objects.public()
    company = (
        Party.objects.filter(role=Party.Role.COMPANY, agreement__in=public.values("pk"))
        .values("organisation__orgnr")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["organisation__orgnr"]
    )
    place = membership.organisation.municipality
    own = Agreement.objects.for_organisation(membership.organisation).exclude(status="withdrawn")
    area = (
        public.filter(programme_areas__isnull=False)
        .values_list("programme_areas__code", flat=True)
        .first()
    )
    return Sample(
        school=membership.organisation.orgnr,
        company=company,
        area=area,
        trade=public.filter(trades__isnull=False).values_list("trades__code", flat=True).first(),
        programme=ProgrammeArea.objects.get(code=area).education_programme.code,
        public_id=public.filter(parties__organisation=membership.organisation).first().pk,
        staff_id=own.first().pk,
        log_company=Organisation.objects.get(
            pk=LogMessage.objects.values("organisation").order_by().first()["organisation"]
        ).orgnr,
        municipality=f"{place.county.number}/{place.number}",
        framework_id=public.filter(local_agreements__isnull=False)
        .values_list("pk", flat=True)
        .order_by("pk")
        .first()
        or public.first().pk,
        queue_county=Agreement.objects.awaiting_approval()
        .values("county__number")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["county__number"],
    )


PUBLIC = [
    ("front page", lambda s: "/"),
    ("front page search ?q=bygg", lambda s: "/?q=bygg"),
    ("front page search ?q=fjord bakeri", lambda s: "/?q=fjord+bakeri"),
    ("school", lambda s: f"/skoler/{s.school}/"),
    ("company", lambda s: f"/bedrifter/{s.company}/"),
    ("programme area", lambda s: f"/programomrader/{s.area}/"),
    ("trade", lambda s: f"/larefag/{s.trade}/"),
    ("trade ?fylke=18", lambda s: f"/larefag/{s.trade}/?fylke=18"),
    ("education programme", lambda s: f"/utdanningsprogram/{s.programme}/"),
    ("education programme ?fylke=18", lambda s: f"/utdanningsprogram/{s.programme}/?fylke=18"),
    (
        "education programme ?kommune=1804",
        lambda s: f"/utdanningsprogram/{s.programme}/?kommune=1804",
    ),
    ("agreements", lambda s: "/avtaler/"),
    ("agreements ?fylke=18", lambda s: "/avtaler/?fylke=18"),
    ("agreements ?kommune=5001", lambda s: "/avtaler/?kommune=5001"),
    ("programme area ?fylke=03", lambda s: f"/programomrader/{s.area}/?fylke=03"),
    ("agreements ?q=fjord", lambda s: "/avtaler/?q=fjord"),
    ("agreements page 50", lambda s: "/avtaler/?side=50"),
    ("agreement", lambda s: f"/avtaler/{s.public_id}/"),
    ("agreement PDF", lambda s: f"/avtaler/{s.public_id}/pdf/"),
    ("framework agreement, 40 local", lambda s: f"/avtaler/{s.framework_id}/"),
    ("municipality", lambda s: f"/oversikt/{s.municipality}/"),
    ("search, one group", lambda s: "/sok/?q=bygg&gruppe=virksomheter"),
    ("search suggestions", lambda s: "/sok/forslag/?q=byg"),
    ("country overview", lambda s: "/oversikt/"),
    ("county overview", lambda s: f"/oversikt/{s.county}/"),
    (
        "open data CSV ?fylke=",
        lambda s: f"/avtaler/eksport.csv?fylke={s.county}",
    ),
    (
        "open data JSON ?fylke=",
        lambda s: f"/avtaler/eksport.json?fylke={s.county}",
    ),
    # The open API (api/): a page of 100 public agreements (issue: ≤ 50 ms median).
    ("API agreements, 100", lambda s: "/api/v1/agreements?limit=100"),
    ("API agreements ?fylke=, 100", lambda s: f"/api/v1/agreements?fylke={s.county}&limit=100"),
    ("API schools, 100", lambda s: "/api/v1/organisations?school=true&limit=100"),
    ("API documentation", lambda s: "/api/"),
    ("verify a seal", lambda s: "/verifiser/"),
]
STAFF = [
    ("staff home", lambda s: "/ansatt/"),
    ("staff agreement", lambda s: f"/ansatt/avtaler/{s.staff_id}/"),
    ("staff new agreement", lambda s: "/ansatt/avtaler/ny/"),
    ("staff edit agreement", lambda s: f"/ansatt/avtaler/{s.staff_id}/endre/"),
    ("staff renew agreement", lambda s: f"/ansatt/avtaler/{s.staff_id}/forny/"),
    ("staff hand-over", lambda s: f"/ansatt/avtaler/{s.staff_id}/ansvarlig/"),
    ("staff organisation log", lambda s: f"/ansatt/organisasjoner/{s.log_company}/"),
    ("staff mapping", lambda s: "/ansatt/kartlegging/"),
    ("staff mapping ?q=bygg", lambda s: "/ansatt/kartlegging/?q=bygg"),
    ("staff mapping ?programomrade", lambda s: f"/ansatt/kartlegging/?programomrade={s.area}"),
    ("staff mapping ?fylke=18", lambda s: "/ansatt/kartlegging/?fylke=18"),
    ("staff mapping ?fylke=18 page 500", lambda s: "/ansatt/kartlegging/?fylke=18&side=500"),
    # Requested as the county's coordinator (bench-coordinator-<number>).
    ("coordinator home", lambda s: "/ansatt/"),  # "Mine avtaler": the county's agreements
    ("coordinator approval queue", lambda s: f"/ansatt/fylke/{s.queue_county}/godkjenning/"),
    ("coordinator county overview", lambda s: f"/ansatt/fylke/{s.queue_county}/oversikt/"),
    (
        "coordinator needing attention",
        lambda s: f"/ansatt/fylke/{s.queue_county}/oppfolging/",
    ),
    (
        "coordinator needing attention page 5",
        lambda s: f"/ansatt/fylke/{s.queue_county}/oppfolging/?side=5",
    ),
    ("coordinator archive export", lambda s: f"/ansatt/eksport/{s.queue_county}/"),
    ("staff municipality", lambda s: f"/oversikt/{s.municipality}/"),  # with the staff figures
    ("staff spreadsheet import", lambda s: "/ansatt/import/"),
    ("coordinator API tokens", lambda s: "/ansatt/api-nokler/"),
]
PAGES = PUBLIC + STAFF


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("<!doctype html><title>bare</title>")


def bench_urlconf():
    """The project's URLs plus the bare view, for this script only. The bare view is public,
    as the pages it is the floor of: anonymous visitors get it, not the login redirect."""
    import types

    from django.urls import path

    import registry.urls
    from registry.permissions import public

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [path("__bare__/", public(bare)), *registry.urls.urlpatterns]
    module.handler404 = getattr(registry.urls, "handler404", None)
    sys.modules["bench_urls"] = module
    return "bench_urls"


def measure(client, url: str, n: int, cold: bool = False) -> tuple[int, float, float, int]:
    """(queries, median ms, p95 ms, status) of GET url. With `cold`, the cache is emptied
    before each request (outside the timing), so nothing the page caches is reused."""
    from django.core.cache import cache
    from django.db import connection

    def empty_cache():
        cache.clear()
        # The session is read through the cache (cached_db): put it back, as any request
        # after a login would, so that "uncached" means the page, not the login.
        client.get("/__bare__/")

    def fetch():
        start = time.perf_counter()
        response = client.get(url)
        if response.streaming:  # the open-data exports: the work is in the reading
            b"".join(response.streaming_content)
        return response, (time.perf_counter() - start) * 1000

    def get():
        if cold:
            empty_cache()
        return fetch()

    for _ in range(3):
        get()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper, not CaptureQueriesContext: request_started empties the query log.
    empty_cache()  # the queries of a first request (a logged-in user's session is cached)
    with connection.execute_wrapper(count):
        response, _ms = fetch()
    times = sorted(get()[1] for _ in range(n))
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return len(queries), statistics.median(times), p95, response.status_code


def run(n: int = 30, out=print, only: str = "") -> list[tuple]:
    from django.test import Client, override_settings
    from django.urls import Resolver404, resolve

    from registry.models import User

    rows = []
    with override_settings(ROOT_URLCONF=bench_urlconf(), DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        s = sample()
        anonymous, staff, coordinator = Client(), Client(), Client()
        staff.force_login(User.objects.get(username="bench-staff"))
        coordinator.force_login(User.objects.get(username=f"bench-coordinator-{s.queue_county}"))
        floor = {}
        for who, client in (("anonymous", anonymous), ("staff", staff)):
            queries, median, _p95, status = measure(client, "/__bare__/", n)
            floor[who] = median
            rows.append((f"bare view ({who})", "/__bare__/", queries, median, median, 1.0, status))
        for name, build in PAGES:
            if only not in name:
                continue
            url = build(s)
            try:
                resolve(url.split("?")[0])
            except Resolver404:
                out(f"skipped {name}: {url} does not resolve (not built yet)")
                continue
            as_staff = url.startswith("/ansatt/") or name.startswith("staff ")
            who = "staff" if as_staff else "anonymous"
            client = staff if who == "staff" else anonymous
            if name.startswith("coordinator "):
                client = coordinator
            queries, uncached, _p95, status = measure(client, url, n, cold=True)
            _q, repeat, _p95, _status = measure(client, url, n)
            rows.append((name, url, queries, uncached, repeat, repeat / floor[who], status))
    return rows


def table(rows) -> str:
    lines = [
        "| page | URL | queries (uncached) | median uncached ms | median repeat ms "
        "| repeat × bare | status |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, url, queries, uncached, repeat, ratio, status in rows:
        lines.append(
            f"| {name} | `{url}` | {queries} | {uncached:.1f} | {repeat:.1f} | {ratio:.1f} "
            f"| {status} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--only", default="", help="only the pages whose name holds this")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # as in production
    setup_django(BENCH_URL)
    print(table(run(args.requests, only=args.only)))


if __name__ == "__main__":
    main()
