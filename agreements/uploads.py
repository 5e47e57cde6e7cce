"""The one check of an uploaded PDF (the signed agreement, an annual plan, a meeting's minutes):
at most DOCUMENT_MAX_BYTES, and a PDF by its content, whatever its name or declared type says.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def looks_like_pdf(upload) -> bool:
    """A PDF by its content: the header in the first kilobyte, the end-of-file marker in the
    last two."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    return b"%PDF-" in head and b"%%EOF" in tail


def check_pdf_upload(upload, not_pdf_message=None) -> None:
    """Raises ValidationError (code too_large or not_pdf) for a file too large or not a PDF."""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(DOCUMENT_MAX_BYTES),
            },
        )
    if not looks_like_pdf(upload):
        raise ValidationError(
            not_pdf_message or _("The file is not a PDF. Upload it as a PDF file."),
            code="not_pdf",
        )


def validate_pdf_file(value) -> None:
    """The model field validator: checks a newly uploaded file (one already stored was checked
    when it came)."""
    if value and not getattr(value, "_committed", True):
        check_pdf_upload(value)
