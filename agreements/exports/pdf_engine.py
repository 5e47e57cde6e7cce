"""HTML to PDF/A-2a bytes with WeasyPrint: pure CPU, and no Django.

The archive export runs `safe_html_to_pdf` in a process pool whose processes start in a fresh
interpreter (from a fork server, not forked from the threaded worker). They import this module
and nothing else of the project, so it must not import Django models or need settings.
"""

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-2a"

# Made once per process: building a fetcher loads the system's TLS certificates (about 35 ms)
# and a font configuration scans the fonts. The fetcher reads data: URLs only, so a document
# never reaches the network or the file system.
_FETCHER = URLFetcher(allowed_protocols={"data"})
_FONTS = None


def _font_config():
    global _FONTS
    if _FONTS is None:
        _FONTS = FontConfiguration()
    return _FONTS


def html_to_pdf(html: str) -> bytes:
    """PDF/A-2a bytes. Pure CPU: safe to run in another process."""
    return HTML(string=html, url_fetcher=_FETCHER).write_pdf(
        pdf_variant=PDF_VARIANT, font_config=_font_config()
    )


def safe_html_to_pdf(html: str | None) -> bytes | Exception | None:
    """What the pool runs: None for no HTML, and a failure returned rather than raised, so
    that one broken agreement does not stop the export."""
    if html is None:
        return None
    try:
        return html_to_pdf(html)
    except Exception as error:
        return error
