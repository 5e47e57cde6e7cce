"""The registry's seal on its archival PDF/A: a PAdES signature made with pyHanko.

The seal is added as an incremental update, so the PDF/A-2 document it covers stays byte for
byte as WeasyPrint wrote it (its XMP identification included). The certificate and key come
from a PKCS#12 file (settings.SEAL_PKCS12_PATH, SEAL_PKCS12_PASSWORD): in production the
operator's enterprise certificate; in development and tests a self-signed one is made on first
use (SEAL_SELF_SIGNED) in a private directory that is never committed.

The signature field's name says which agreement and version it seals, e.g. "Segl-42-v3";
agreements.filing.verify reads it back once the seal is found intact.
"""

import datetime
import io
import os
import re
import tempfile
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

FIELD_NAME = re.compile(r"^Segl-(\d+)-v(\d+)$")
SELF_SIGNED_NAME = "Samarbeidsregisteret (selvsignert testsegl)"
_lock = threading.Lock()
_signers: dict = {}


def field_name(agreement) -> str:
    return f"Segl-{agreement.pk}-v{agreement.version}"


def sealed_agreement(name: str) -> tuple[int, int] | None:
    """(agreement id, version) from a seal's field name, or None for another name."""
    match = FIELD_NAME.match(name or "")
    return (int(match[1]), int(match[2])) if match else None


def _password() -> bytes:
    return (settings.SEAL_PKCS12_PASSWORD or "").encode()


def make_self_signed(path: Path, password: bytes, common_name: str = SELF_SIGNED_NAME) -> None:
    """A self-signed sealing certificate and its key as PKCS#12, written atomically (a temp
    name, then a rename) into a directory only its owner can read."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Samarbeidsregisteret"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(b"seal", key, certificate, None, encryption)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".seal-")
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def _signer():
    path = Path(settings.SEAL_PKCS12_PATH)
    with _lock:
        if not path.exists():
            if not settings.SEAL_SELF_SIGNED:
                raise ImproperlyConfigured(
                    f"SEAL_PKCS12_PATH: no sealing certificate at {path} (a PKCS#12 file)"
                )
            make_self_signed(path, _password())
        key = (str(path), path.stat().st_mtime_ns)
        if key not in _signers:
            signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=_password() or None)
            if signer is None:
                raise ImproperlyConfigured(f"SEAL_PKCS12_PATH: cannot read {path}")
            _signers.clear()
            _signers[key] = signer
        return _signers[key]


def seal_certificate():
    """The sealing certificate (asn1crypto), the one trust root verify accepts."""
    return _signer().signing_cert


def seal_pdf(pdf: bytes, agreement) -> bytes:
    """The PDF with the registry's seal for this agreement's version, as an incremental
    update (PAdES baseline B, SHA-256, an invisible field)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    name = field_name(agreement)
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=f"Samarbeidsregisteret: avtale {agreement.pk}, versjon {agreement.version}",
        location="Norge",
    )
    out = signers.sign_pdf(writer, meta, signer=_signer())
    return out.getvalue()
