"""Is this PDF one the registry sealed, unchanged? The answer /verifiser/ gives.

Each answer is a Verdict with a kind; every kind has its own sentence on the page
(templates/filing/verify.html). Nothing here raises on bad input: a PDF that cannot be read is
an answer too.
"""

import io
import logging
from dataclasses import dataclass

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

from agreements.filing.seal import seal_certificate, sealed_agreement
from agreements.models import Agreement

logger = logging.getLogger(__name__)

NOT_PDF = "not_pdf"
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"
NO_SEAL = "no_seal"
FOREIGN = "foreign"  # sealed or signed, but not by the registry
BROKEN = "broken"  # our seal, but the document was changed after it
INTACT = "intact"


@dataclass
class Verdict:
    kind: str
    agreement: Agreement | None = None
    version: int | None = None
    signed_at: object = None
    signer: str = ""

    @property
    def intact(self) -> bool:
        return self.kind == INTACT

    @property
    def current(self) -> bool:
        """The sealed version is the agreement's version now."""
        return self.agreement is not None and self.agreement.version == self.version


def looks_like_pdf(head: bytes) -> bool:
    """A PDF starts with %PDF- within its first kilobyte (ISO 32000 allows leading bytes)."""
    return b"%PDF-" in head[:1024]


def verify(data: bytes) -> Verdict:
    if not looks_like_pdf(data):
        return Verdict(NOT_PDF)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            return Verdict(ENCRYPTED)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        logger.info("Unreadable PDF at /verifiser/: %s", error)
        return Verdict(UNREADABLE)
    if not signatures:
        return Verdict(NO_SEAL)
    ours = seal_certificate()
    # The last signature covers the most; ours is the only one the registry makes.
    signature = signatures[-1]
    try:
        signer = signature.signer_cert
    except (ValueError, KeyError, AttributeError, SignatureValidationError):
        return Verdict(BROKEN)
    if signer is None or signer.sha256 != ours.sha256:
        name = signer.subject.human_friendly if signer is not None else ""
        return Verdict(FOREIGN, signer=name)
    sealed = sealed_agreement(signature.field_name)
    try:
        status = validate_pdf_signature(
            signature,
            ValidationContext(trust_roots=[ours], allow_fetching=False),
        )
        whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
        intact = status.intact and status.valid and whole
    except Exception as error:  # pyHanko raises many kinds on a damaged signature
        logger.info("Seal not verified at /verifiser/: %s", error)
        intact, status = False, None
    if not intact or sealed is None:
        return Verdict(BROKEN)
    pk, version = sealed
    agreement = Agreement.objects.filter(pk=pk).first()
    return Verdict(
        INTACT,
        agreement=agreement,
        version=version,
        signed_at=status.signer_reported_dt,
        signer=ours.subject.human_friendly,
    )
