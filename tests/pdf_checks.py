"""Reading the PDFs the registry makes, with pypdf (no code of ours)."""

import io
import xml.etree.ElementTree as ET

from pypdf import PdfReader

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def read_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-"), data[:20]
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in read_pdf(data).pages)


def pdfa_identification(data: bytes) -> tuple[str | None, str | None]:
    """(part, conformance) from the XMP metadata's pdfaid schema."""
    reader = read_pdf(data)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    part = conformance = None
    for element in ET.fromstring(xmp).iter():
        part = element.get(f"{PDFAID}part", part)
        conformance = element.get(f"{PDFAID}conformance", conformance)
    return part, conformance


def xmp_text(data: bytes) -> str:
    reader = read_pdf(data)
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def is_tagged(data: bytes) -> bool:
    root = read_pdf(data).trailer["/Root"]
    return "/StructTreeRoot" in root and bool(root["/MarkInfo"].get("/Marked"))
