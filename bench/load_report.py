"""The load benchmark's figures (bench/load.py): percentiles by page kind and in all, and the
Markdown table for docs/performance.md."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass


@dataclass
class Result:
    """One request of the measured window."""

    kind: str
    seconds: float
    error: str | None
    repeat: bool  # the URL had been answered with 200 before (since the cache was flushed)


def ms(value: float) -> str:
    """Milliseconds for a table; a dash where there was nothing to measure."""
    return "–" if value != value else f"{value:.0f}"  # NaN is not equal to itself


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """(p50, p95, p99) in ms."""
    if len(seconds) < 2:
        ms = seconds[0] * 1000 if seconds else float("nan")
        return ms, ms, ms
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def report(name: str, results: list[Result], duration: float, out=print) -> dict:
    """Prints the run's figures by page kind and in all; returns the figures in all."""
    by_kind = defaultdict(list)
    for result in results:
        by_kind[result.kind].append(result)
    out(f"\n### {name}\n")
    out("| page kind | requests | share | p50 ms | p95 ms | repeats | p50 of repeats ms | errors |")
    out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, rows in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        p50, p95, _p99 = percentiles([r.seconds for r in rows])
        again = [r.seconds for r in rows if r.repeat]
        errors = sum(1 for r in rows if r.error)
        out(
            f"| {kind} | {len(rows)} | {100 * len(rows) / len(results):.0f} % | {ms(p50)} "
            f"| {ms(p95)} | {100 * len(again) / len(rows):.0f} % | {ms(percentiles(again)[0])} "
            f"| {errors} |"
        )
    p50, p95, p99 = percentiles([r.seconds for r in results])
    repeats = [r.seconds for r in results if r.repeat]
    errors = Counter(r.error for r in results if r.error)
    figures = {
        "run": name,
        "requests": len(results),
        "rate": len(results) / duration,
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "repeats": 100 * len(repeats) / max(1, len(results)),
        "repeat p50": percentiles(repeats)[0],
        "errors": sum(errors.values()),
    }
    out(
        f"\n{name}: {figures['requests']} requests in {duration:.0f} s, "
        f"{figures['rate']:.1f} requests/s, p50 {ms(p50)} ms, p95 {ms(p95)} ms, "
        f"p99 {ms(p99)} ms; {figures['repeats']:.0f} % repeats of a URL answered before "
        f"(p50 {ms(figures['repeat p50'])} ms); errors {figures['errors']}"
        + (f" ({', '.join(f'{e}: {n}' for e, n in errors.most_common())})" if errors else "")
    )
    return figures


def markdown_rows(figures: list[dict], args) -> str:
    lines = [
        "| run | gunicorn workers | visitors | seconds | requests | requests/s | p50 ms "
        "| p95 ms | p99 ms | repeats | p50 of repeats ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    workers = f"{args.workers} × {args.threads} threads" if args.threads > 1 else args.workers
    for f in figures:
        lines.append(
            f"| {f['run']} | {workers} | {args.visitors} | {args.duration:.0f} "
            f"| {f['requests']} | {f['rate']:.1f} | {ms(f['p50'])} | {ms(f['p95'])} "
            f"| {ms(f['p99'])} | {f['repeats']:.0f} % | {ms(f['repeat p50'])} | {f['errors']} |"
        )
    return "\n".join(lines)
