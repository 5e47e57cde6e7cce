"""The seal on archival PDF/A: made with pyHanko as an incremental update, verified by
pyHanko's own validator, the PDF/A identification kept; and /verifiser/ for everyone, with a
clear answer to every kind of upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter

from agreements.exports.pdf import render_pdf
from agreements.filing.seal import make_self_signed, seal_certificate, seal_pdf
from agreements.models import Agreement
from tests.factories import AgreementFactory
from tests.pdf_checks import pdfa_identification

pytestmark = pytest.mark.django_db
URL = "/verifiser/"


@pytest.fixture
def agreement():
    return Agreement.objects.for_full_page().get(pk=AgreementFactory(title="Sjø & fisk").pk)


@pytest.fixture
def pdfa(agreement):
    return render_pdf(agreement, archival=True)


@pytest.fixture
def sealed(pdfa, agreement):
    return seal_pdf(pdfa, agreement)


def upload(client, data: bytes, name="avtale.pdf", url=URL):
    return client.post(url, {"pdf": SimpleUploadedFile(name, data, "application/pdf")})


def test_the_seal_is_valid_to_pyhankos_validator(sealed):
    signature = PdfFileReader(io.BytesIO(sealed)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[seal_certificate()], allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert signature.field_name.startswith("Segl-")


def test_sealing_is_an_incremental_update_that_keeps_pdfa(pdfa, sealed):
    assert sealed.startswith(pdfa)  # the PDF/A as WeasyPrint wrote it, byte for byte
    assert pdfa_identification(sealed) == pdfa_identification(pdfa) == ("2", "A")
    assert b"/Encrypt" not in sealed  # PDF/A forbids encryption


def test_an_intact_seal_names_the_agreement_and_its_version(client, sealed, agreement):
    response = upload(client, sealed)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Seglet er intakt" in text
    assert "Sjø &amp; fisk, versjon 1" in text
    assert "gjeldende versjon" in text
    assert response["Cache-Control"] == "private, no-store"


def test_a_sealed_version_that_is_no_longer_current(client, sealed, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(version=3)
    text = upload(client, sealed).content.decode()
    assert "Seglet er intakt" in text and "gjeldende versjon er 3" in text


def test_one_byte_changed_breaks_the_seal(client, sealed, pdfa):
    changed = bytearray(sealed)
    changed[len(pdfa) // 2] ^= 0x01
    response = upload(client, bytes(changed))
    assert response.status_code == 200
    assert "Seglet er brutt" in response.content.decode()


def test_the_english_page(client, sealed):
    assert client.get("/en/verifiser/").status_code == 200
    assert "The seal is intact" in upload(client, sealed, url="/en/verifiser/").content.decode()


def test_the_page_asks_a_constant_number_of_queries(client, sealed):
    assert client.get(URL).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        upload(client, sealed)
    AgreementFactory.create_batch(3)
    with CaptureQueriesContext(connection) as more:
        upload(client, sealed)
    assert len(queries) == len(more) <= 2


# --- Bad input: a clear answer each, never a 500 ---------------------------------------------


def test_not_a_pdf(client):
    response = upload(client, b"GIF89a not a pdf", name="bilde.gif")
    assert response.status_code == 400
    assert "Dette er ikke en PDF-fil" in response.content.decode()


def test_no_file(client):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Velg en PDF-fil" in response.content.decode()


def test_a_50_mb_file(client):
    response = upload(client, b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "opptil 20 MB" in response.content.decode()


def test_an_encrypted_pdf(client, pdfa):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfa)))
    writer.encrypt("hemmelig", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    response = upload(client, out.getvalue())
    assert response.status_code == 200
    assert "kryptert" in response.content.decode()


def test_a_pdf_sealed_by_someone_else(client, pdfa, tmp_path):
    path = tmp_path / "other.p12"
    make_self_signed(path, b"x", common_name="Noen andre AS")
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=b"x")
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdfa)),
        signers.PdfSignatureMetadata(field_name="Segl-1-v1"),
        signer=signer,
    )
    text = upload(client, out.getvalue()).content.decode()
    assert "ikke av registeret" in text and "Noen andre AS" in text


def test_a_pdf_with_no_seal(client, pdfa):
    assert "har ikke noe segl" in upload(client, pdfa).content.decode()


def test_a_damaged_pdf(client):
    text = upload(client, b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage").content.decode()
    assert "skadet" in text


def test_uploads_are_rate_limited(client, settings, pdfa):
    settings.RATELIMITS = {**settings.RATELIMITS, "verify": "2/m"}
    assert [upload(client, pdfa).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(URL).status_code == 200  # the form itself is not counted
