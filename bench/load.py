"""Many visitors at once: the public pages under load, served by gunicorn as in production.

    .venv/bin/python bench/load.py [--visitors 50] [--duration 120] [--workers 3] [--threads 1]
                                   [--warmup 10] [--cached-warmup 60] [--no-cache | --cached-only]

Starts gunicorn with production settings (DJANGO_ENV=production, Redis as the cache,
persistent database connections, no debug) against the national-scale data (bench/generate.py;
BENCH_DATABASE picks another copy), then lets N visitors browse the public pages at once, each
asking for the next page as soon as the last one came (no pause: the server's throughput): a
mix of the front page, searches, schools, companies, agreements, the lists and the overviews,
drawn from the data with the popular pages asked for most (bench/load_mix.py). No PDFs or
exports. Two runs, each with its own gunicorn:

- uncached: the cache flushed and the cache of public pages off (PUBLIC_CACHE_ENABLED=false),
  so every page is computed;
- cached: the cache flushed, then warmed by the visitors themselves during a longer warm-up
  (--cached-warmup): the popular pages come from the cache, the long tail mostly does not.

Requests in the warm-up are not counted. For each run: requests per second, the median, 95th
and 99th percentile latency (from sending the request to the last byte, queueing in gunicorn
included), the share of repeats (a URL already answered with 200 since the flush: what the
cache can serve; in the uncached run the same share is computed again) and their median, and
the errors (a status other than 2xx or 3xx, or no answer), by page kind, with the gunicorn
command and a Markdown table for docs/performance.md. The visitors keep no cookies and send
no If-None-Match: each request is a first visit's. The rate limits are off
(RATELIMIT_ENABLE=false): every visitor comes from 127.0.0.1. The client is threads with
urllib3, in this process: on a small machine it takes some of the CPU the server would have.
"""

import argparse
import contextlib
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import BENCH_DB, BENCH_URL, setup_django  # noqa: E402
from bench.load_report import Result, markdown_rows, report  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
TIMEOUT = 60  # seconds a visitor waits for a page before counting it as an error


def production_env(args, cached: bool, static_root: str) -> dict[str, str]:
    """The environment gunicorn runs in: production settings against the benchmark data."""
    return {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": f"bench-load-{secrets.token_hex(32)}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "FEIDE_CLIENT_ID": "bench-load",
        "FEIDE_CLIENT_SECRET": "bench-load",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "REDIS_URL": args.redis_url,
        "DATABASE_URL": BENCH_URL,
        "DATABASE_CONN_MAX_AGE": "60",
        "RATELIMIT_ENABLE": "false",
        "PUBLIC_CACHE_ENABLED": "true" if cached else "false",
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def shown(env: dict[str, str], command: list[str]) -> str:
    """The command as one could type it, the secret key left out."""
    values = {**env, "DJANGO_SECRET_KEY": "<random>"}
    words = [f"{name}={shlex.quote(value)}" for name, value in values.items()]
    return " ".join(words + [shlex.quote(w) for w in command])


def collect_static(env: dict[str, str]) -> None:
    """The production storage needs the static files' manifest to render a page."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def flush_cache(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.exceptions.ConnectionError as exc:
        raise SystemExit(f"The cache at {url} does not answer ({exc}): start Redis.") from exc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own session (Ctrl-C reaches this script, which stops it), stopped with
    SIGTERM (its graceful shutdown), then killed if it has not gone within 30 s."""

    def __init__(self, env: dict[str, str], workers: int, threads: int, port: int, log):
        self.port = port
        self.env = env
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "registry.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            *(["--threads", str(threads)] if threads > 1 else []),
            "--log-level",
            "warning",
        ]
        self.log = log
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        import urllib3

        pool = urllib3.HTTPConnectionPool("127.0.0.1", self.port, retries=False, timeout=5)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.output()}")
            try:
                if pool.request("GET", "/healthz").status == 200:
                    return
            except urllib3.exceptions.HTTPError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Load:
    """Visitors that browse until stopped; only requests sent in the window are counted."""

    mix: object
    port: int
    visitors: int
    seed: int
    window: list[float] = field(default_factory=lambda: [float("inf"), float("inf")])
    results: list[Result] = field(default_factory=list)
    answered: set[str] = field(default_factory=set)
    stopped: threading.Event = field(default_factory=threading.Event)

    def visit(self, pool, number: int) -> None:
        import random

        import urllib3

        rng = random.Random(self.seed * 1000 + number)
        while not self.stopped.is_set():
            kind, url = self.mix.draw(rng)
            repeat = url in self.answered
            start = time.perf_counter()
            try:
                response = pool.request("GET", url, redirect=False, timeout=TIMEOUT)
                error = None if 200 <= response.status < 400 else f"HTTP {response.status}"
                if response.status == 200:
                    self.answered.add(url)
            except urllib3.exceptions.HTTPError as exc:
                error = type(exc).__name__
            elapsed = time.perf_counter() - start
            if self.window[0] <= start < self.window[1]:
                self.results.append(Result(kind, elapsed, error, repeat))

    def run(self, warmup: float, duration: float) -> None:
        import urllib3

        pool = urllib3.HTTPConnectionPool(
            "127.0.0.1",
            self.port,
            maxsize=self.visitors,
            block=True,
            retries=False,
            headers={"User-Agent": "registry-bench-load", "Accept-Language": "nb"},
        )
        threads = [
            threading.Thread(target=self.visit, args=(pool, n), daemon=True)
            for n in range(self.visitors)
        ]
        for thread in threads:
            thread.start()
        try:
            time.sleep(warmup)
            now = time.perf_counter()
            self.window[:] = [now, now + duration]
            time.sleep(duration)
        finally:
            self.stopped.set()
            for thread in threads:
                thread.join(TIMEOUT + 5)


def run(args, out=print) -> list[dict]:
    """Both runs (or the one asked for); returns their figures."""
    from django.conf import settings
    from django.db import connection

    from bench import load_mix

    if not hasattr(settings, "PUBLIC_CACHE_ENABLED"):
        out("Note: there is no PUBLIC_CACHE_ENABLED setting yet, so the runs do not differ.")
    mix = load_mix.build(args.seed)
    connection.close()
    out(f"URL mix: {len(mix.kinds)} page kinds, {mix.distinct()} distinct URLs (seed {args.seed})")
    runs = [("uncached", False), ("cached", True)]
    if args.no_cache:
        runs = runs[:1]
    elif args.cached_only:
        runs = runs[1:]
    figures = []
    with contextlib.ExitStack() as stack:
        static_root = stack.enter_context(tempfile.TemporaryDirectory(prefix="registry-load-"))
        collect_static(production_env(args, True, static_root))
        for name, cached in runs:
            env = production_env(args, cached, static_root)
            log = stack.enter_context(tempfile.TemporaryFile(mode="w+"))
            server = Server(env, args.workers, args.threads, args.port or free_port(), log)
            flush_cache(args.redis_url)
            out(f"\n{name}: {shown(env, server.command)}")
            out(f"load average before: {os.getloadavg()[0]:.2f}")
            try:
                server.start()
                load = Load(mix, server.port, args.visitors, args.seed)
                load.run(args.cached_warmup if cached else args.warmup, args.duration)
            finally:
                server.stop()
            figures.append(report(name, load.results, args.duration, out))
            if any(result.error for result in load.results):
                out(f"gunicorn's log, the end (what the errors were):\n{server.output()}")
    return figures


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=50, help="at once (default 50)")
    parser.add_argument("--duration", type=float, default=120, help="seconds counted (120)")
    parser.add_argument(
        "--warmup", type=float, default=10, help="seconds not counted, uncached run (10)"
    )
    parser.add_argument(
        "--cached-warmup",
        type=float,
        default=60,
        help="seconds not counted in the cached run, for the visitors to warm the cache (60)",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (1: gunicorn's sync worker)"
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--redis-url", default=REDIS_URL, help=f"the cache, flushed before each run ({REDIS_URL})"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--no-cache", action="store_true", help="only the uncached run (PUBLIC_CACHE_ENABLED=false)"
    )
    which.add_argument("--cached-only", action="store_true", help="only the cached run")
    return parser.parse_args(argv)


def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so gunicorn is stopped on the way out."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv=None):
    args = arguments(argv)
    stop_on_sigterm()
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    setup_django(BENCH_URL)
    threads = f" of {args.threads} threads" if args.threads > 1 else ""
    print(f"Load on {BENCH_DB}: {args.visitors} visitors, {args.workers} gunicorn workers{threads}")
    try:
        figures = run(args)
    except KeyboardInterrupt:
        raise SystemExit("Interrupted: gunicorn is stopped.") from None
    print("\n" + markdown_rows(figures, args))


if __name__ == "__main__":
    main()
