"""The archive export's PDF processes: not forked from the threaded worker, and no Django."""

import os
import subprocess
import sys
import threading
import warnings

from django.conf import settings

from agreements.exports.archive import _pdf_submitter


def test_the_pdf_processes_are_not_forked_from_a_threaded_worker():
    # fork() in a process with threads may deadlock the child on a lock another thread held;
    # Python says so with a DeprecationWarning (which it drops, rather than raise, when
    # warnings are errors: so the test records them).
    stop = threading.Event()
    other_thread = threading.Thread(target=stop.wait)
    other_thread.start()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with _pdf_submitter(2) as submit:
                pdfs = submit([None, "<p>Samarbeidsavtale</p>", "<p>Avtale to</p>"])()
    finally:
        stop.set()
        other_thread.join()
    assert pdfs[0] is None
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs[1:])
    assert not [w for w in caught if "fork()" in str(w.message)], [str(w.message) for w in caught]


def test_what_the_pdf_processes_run_imports_without_django():
    # A process of the pool starts in a fresh interpreter and imports the function it runs.
    code = (
        "import sys\n"
        "from agreements.exports.pdf_engine import safe_html_to_pdf\n"
        "assert safe_html_to_pdf('<p>Hei</p>').startswith(b'%PDF')\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] == 'django'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
