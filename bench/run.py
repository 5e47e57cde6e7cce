"""`make bench`: the national-scale benchmarks in one run.

    .venv/bin/python bench/run.py [--skip-generate] [--skip-load] [--skip-imports]
                                  [--skip-refresh] [--skip-spreadsheet] [--requests 30]
                                  [--load-visitors 50] [--load-duration 120]

Generates registry_bench (bench/generate.py) unless --skip-generate and it exists, then
prints, as Markdown for docs/performance.md with the machine it ran on: the page table
(bench/pages.py: queries, uncached and repeat medians, the repeat against a bare view), the
organisation search (bench/search.py), the load benchmark (bench/load.py: 50 visitors at once
for 120 s against gunicorn with production settings, uncached and cached), the import
throughput for one million rows (bench/imports.py) and a night's refresh of 20,000 changes
(bench/refresh.py), and the spreadsheet import's preview and import of 5,000 agreements
(bench/spreadsheet_import.py). The load benchmark takes about five minutes and the whole
machine: skip it with --skip-load on a shared one.
"""

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, {memory:.0f} GB RAM, {platform.platform()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--load-visitors", type=int, default=50)
    parser.add_argument("--load-duration", type=float, default=120, help="seconds per run")
    parser.add_argument("--skip-imports", action="store_true")
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--skip-spreadsheet", action="store_true")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    if not args.skip_generate:
        subprocess.run([sys.executable, "bench/generate.py"], cwd=ROOT, check=True)
    print(f"Machine: {machine()}\n")
    from bench import pages, search
    from bench.generate import BENCH_URL, setup_django

    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    setup_django(BENCH_URL)
    print("## Pages\n")
    print(pages.table(pages.run(args.requests)))
    print("\n## Organisation search\n")
    print(search.table(search.run(args.requests)))
    if not args.skip_load:
        from bench import load

        print("\n## Load: many visitors at once on the public pages\n")
        load.stop_on_sigterm()
        load_args = load.arguments(
            ["--visitors", str(args.load_visitors), "--duration", str(args.load_duration)]
        )
        print(load.markdown_rows(load.run(load_args), load_args))
    if not args.skip_imports:
        from bench import imports

        print("\n## Import of one million Enhetsregisteret rows\n")
        print(imports.table(imports.run(1_000_000)))
    if not args.skip_refresh:
        from bench import refresh

        print("\n## The nightly refresh: 20,000 changes from Enhetsregisteret's update feeds\n")
        print(refresh.table(refresh.run(20_000, 500_000)))
    if not args.skip_spreadsheet:
        # Its own database (bench/spreadsheet_import.py), so in a process of its own.
        print("\n## Spreadsheet import: the preview and the import of 5,000 agreements\n")
        sys.stdout.flush()
        subprocess.run([sys.executable, "bench/spreadsheet_import.py"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
