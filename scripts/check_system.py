"""Checks that the system libraries work, after scripts/install-system-packages installed them.

    python scripts/check_system.py            # PDFs (Pango) and the browser tests (Chromium)
    python scripts/check_system.py pdf        # only PDFs, for `make run` and `make bench`

Exits 1 with the exact command to run when something is missing. A missing Chromium fails too:
the browser tests are never skipped silently. SKIP_BROWSER_TESTS=1 (outside CI) skips them, and
this says so loudly.
"""

import ctypes.util
import os
import sys

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def apt_command(packages: str) -> str:
    """The command that installs these Debian packages, with sudo unless run as root."""
    sudo = "" if os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends {packages}"


def check_pdf() -> bool:
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError as error:
        print(
            "WeasyPrint cannot load Pango, which it needs to make PDFs:\n"
            f"  {error}\n"
            "Install it on Debian or Ubuntu with (it runs apt-get, or prints the command):\n\n"
            "    scripts/install-system-packages pdf\n\n"
            "or on macOS: brew install pango",
            file=sys.stderr,
        )
        return False
    if not ctypes.util.find_library("harfbuzz-subset"):
        print(
            "Note: libharfbuzz-subset is not installed; PDFs work but are several times slower.\n"
            f"    {apt_command('libharfbuzz-subset0')}",
            file=sys.stderr,
        )
    return True


def check_browser() -> bool:
    if os.environ.get("SKIP_BROWSER_TESTS") == "1" and not os.environ.get("CI"):
        print(
            "*** SKIP_BROWSER_TESTS=1: the browser tests (tests/e2e) will be SKIPPED. ***",
            file=sys.stderr,
        )
        return True
    if os.path.exists(CHROMIUM):
        return True
    print(
        f"Chromium is not installed (no {CHROMIUM}), so the browser tests (tests/e2e) cannot "
        "run. Install Debian's package with:\n\n"
        f"    {apt_command('chromium')}\n\n"
        "(scripts/install-system-packages does it, and `make test` runs that). Elsewhere, set "
        "CHROMIUM_PATH to a Chromium.",
        file=sys.stderr,
    )
    return False


CHECKS = {"pdf": check_pdf, "browser": check_browser}


def main(argv: list[str]) -> int:
    names = argv or list(CHECKS)
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        print(f"Unknown check {unknown[0]!r}; the checks are: {', '.join(CHECKS)}", file=sys.stderr)
        return 2
    results = [CHECKS[name]() for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
