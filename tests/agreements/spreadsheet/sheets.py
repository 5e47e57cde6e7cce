"""Sheets for the import tests: rows of the template as XLSX, CSV or a ZIP of PDFs."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.spreadsheet.columns import COLUMNS
from agreements.spreadsheet.exporting import csv_bytes, workbook_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agreement_row(school, partner, n=1, **values) -> dict:
    row = {
        "reference": f"SAK-{n}",
        "title": f"Avtale nummer {n}",
        "parties": f"{school.orgnr}; {partner.orgnr}",
        "cooperation_types": "Yrkesfaglig fordypning (YFF)",
        "valid_from": "01.08.2026",
        "valid_to": "31.07.2028",
        "status": "publisert",
    }
    row.update(values)
    return row


def as_cells(rows) -> list[list[str]]:
    return [[row.get(c.key, "") for c in COLUMNS] for row in rows]


def xlsx(rows, name="avtaler.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(as_cells(rows)), content_type=XLSX_TYPE)


def csv_file(rows, name="avtaler.csv", encoding="utf-8-sig") -> SimpleUploadedFile:
    text = csv_bytes(as_cells(rows)).decode("utf-8-sig")
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def zip_of(files: dict, name="signert.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in files.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")
