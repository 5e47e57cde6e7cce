"""Says clearly which system library is missing, before anything fails obscurely later."""

import ctypes.util
import os
import sys

CHROMIUM = "/usr/bin/chromium"

try:
    import weasyprint  # noqa: F401  (loads Pango through cffi)
except OSError as error:
    print(
        "WeasyPrint cannot load Pango, which it needs to make PDFs:\n"
        f"  {error}\n"
        "Install it, for example on Debian or Ubuntu:\n"
        "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \\\n"
        "      fonts-dejavu-core\n"
        "or on macOS: brew install pango",
        file=sys.stderr,
    )
    sys.exit(1)

if not ctypes.util.find_library("harfbuzz-subset"):
    print(
        "Note: libharfbuzz-subset is not installed; PDFs work but are several times slower.\n"
        "  sudo apt-get install libharfbuzz-subset0",
        file=sys.stderr,
    )

if not os.path.exists(CHROMIUM):
    print(
        "Note: Chromium is not installed, so the browser tests (tests/e2e) will be skipped.\n"
        "  sudo apt-get install chromium",
        file=sys.stderr,
    )
