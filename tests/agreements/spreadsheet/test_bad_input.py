"""Every bad file of the issue gets a clear bokmål message next to its field, and nothing is
saved: no import, no agreement."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, ImportJob
from agreements.spreadsheet import reading
from agreements.spreadsheet.columns import COLUMNS
from tests.agreements.spreadsheet.sheets import (
    PDF,
    XLSX_TYPE,
    agreement_row,
    as_cells,
    csv_file,
    xlsx,
    zip_of,
)

pytestmark = pytest.mark.django_db


def refused(client, field, message, **files):
    agreements = Agreement.objects.count()
    response = client.post("/ansatt/import/", files)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]), errors[field]
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert ImportJob.objects.count() == 0 and Agreement.objects.count() == agreements


def workbook(fill) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([c.heading for c in COLUMNS])
    fill(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_macro_enabled_workbook(coordinator, world):
    sheet = SimpleUploadedFile("avtaler.xlsm", xlsx([]).read())
    refused(coordinator, "sheet", "makroer", sheet=sheet)


def test_an_old_xls(coordinator, world):
    sheet = SimpleUploadedFile("avtaler.xls", reading.OLE_MAGIC + bytes(4096))
    refused(coordinator, "sheet", "gammel Excel-fil", sheet=sheet)


def test_a_password_protected_workbook(coordinator, world):
    # Excel encrypts a workbook into an OLE file with an EncryptedPackage stream.
    content = reading.OLE_MAGIC + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(99)
    refused(coordinator, "sheet", "passord", sheet=SimpleUploadedFile("avtaler.xlsx", content))


def test_merged_cells(coordinator, world):
    def fill(sheet):
        sheet.append(["SAK-1", "Avtale"])
        sheet.merge_cells("A2:B2")

    sheet = SimpleUploadedFile("avtaler.xlsx", workbook(fill), content_type=XLSX_TYPE)
    refused(coordinator, "sheet", "sammenslåtte celler", sheet=sheet)


def test_a_formula_counts_by_its_value(coordinator, world):
    """openpyxl reads the value Excel stored (data_only); a formula without one is empty."""
    row = agreement_row(world.strinda, world.grytaga)

    def fill(sheet):
        sheet.append([row.get(c.key, "") for c in COLUMNS])
        sheet["B2"] = '="Avtale"&" med formel"'  # no stored value: the title is empty

    sheet = SimpleUploadedFile("avtaler.xlsx", workbook(fill), content_type=XLSX_TYPE)
    response = coordinator.post("/ansatt/import/", {"sheet": sheet})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert "title" in dict(job.preview[0]["errors"])
    assert "formel" not in str(job.preview)


def test_empty_rows_in_the_middle_are_skipped(coordinator, world):
    rows = [
        agreement_row(world.strinda, world.grytaga, 1),
        {},
        {},
        agreement_row(world.strinda, world.grytaga, 2),
    ]
    coordinator.post("/ansatt/import/", {"sheet": xlsx(rows)})
    job = ImportJob.objects.get()
    assert [e["row"] for e in job.preview] == [2, 5]
    assert all(e["action"] == "create" for e in job.preview)


def test_too_many_rows(coordinator, world, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    rows = [agreement_row(world.strinda, world.grytaga, n) for n in range(6)]
    refused(coordinator, "sheet", "mer enn 5 avtaler", sheet=xlsx(rows))


def test_fifty_thousand_rows_are_refused_by_the_row_limit(coordinator, world):
    text = ";".join(c.heading for c in COLUMNS) + "\r\n" + "SAK;Tittel\r\n" * 50_000
    sheet = SimpleUploadedFile("avtaler.csv", text.encode("utf-8"))
    refused(coordinator, "sheet", "mer enn 10 000 avtaler", sheet=sheet)


def test_a_file_over_the_size_limit(coordinator, world, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    sheet = SimpleUploadedFile("avtaler.csv", b"x" * 1001)
    refused(coordinator, "sheet", "grensen er 1000", sheet=sheet)


def test_a_zip_bomb(coordinator, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bombe.pdf", bytes(50 * 1024 * 1024))
    pdfs = SimpleUploadedFile("signert.zip", buffer.getvalue())
    sheet = xlsx([agreement_row(world.strinda, world.grytaga)])
    refused(coordinator, "pdfs", "ZIP-bombe", sheet=sheet, pdfs=pdfs)


@pytest.mark.parametrize(
    "path", ["../../etc/passwd", "/etc/passwd", "mappe/../../x.pdf", "C:\\x.pdf"]
)
def test_a_path_outside_the_zip(coordinator, world, path):
    pdfs = zip_of({path: PDF})
    sheet = xlsx([agreement_row(world.strinda, world.grytaga)])
    refused(coordinator, "pdfs", "utenfor arkivet", sheet=sheet, pdfs=pdfs)


def test_not_a_zip(coordinator, world):
    sheet = xlsx([agreement_row(world.strinda, world.grytaga)])
    pdfs = SimpleUploadedFile("signert.zip", b"not a zip")
    refused(coordinator, "pdfs", "ikke en ZIP-fil", sheet=sheet, pdfs=pdfs)


def test_a_csv_with_commas(coordinator, world):
    text = ",".join(c.heading for c in COLUMNS) + "\r\nSAK-1,Avtale\r\n"
    sheet = SimpleUploadedFile("avtaler.csv", text.encode("utf-8"))
    refused(coordinator, "sheet", "skilt med «,»", sheet=sheet)


def test_unknown_column_names(coordinator, world):
    text = "Name;Partner;Start\r\nA;B;C\r\n"
    sheet = SimpleUploadedFile("avtaler.csv", text.encode("utf-8"))
    refused(coordinator, "sheet", "Ukjente kolonner: «Name», «Partner», «Start»", sheet=sheet)


def test_english_column_names_are_read(coordinator, world):
    row = agreement_row(world.strinda, world.grytaga)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([[c.english for c in COLUMNS], *as_cells([row])])
    text = buffer.getvalue()
    coordinator.post("/ansatt/import/", {"sheet": SimpleUploadedFile("a.csv", text.encode())})
    entry = ImportJob.objects.get().preview[0]
    assert entry["action"] == "create", entry["errors"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-8"])
def test_csv_as_norwegian_excel_writes_it(coordinator, world, encoding):
    row = agreement_row(world.strinda, world.grytaga, title="Ærlig samarbeid på Øya")
    coordinator.post("/ansatt/import/", {"sheet": csv_file([row], encoding=encoding)})
    entry = ImportJob.objects.get().preview[0]
    assert entry["action"] == "create", entry["errors"]
    assert dict(entry["cells"])["title"] == "Ærlig samarbeid på Øya"


def test_not_a_spreadsheet(coordinator, world):
    sheet = SimpleUploadedFile("bilde.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(100))
    refused(coordinator, "sheet", "ikke en Excel-arbeidsbok", sheet=sheet)


def test_an_empty_sheet(coordinator, world):
    refused(coordinator, "sheet", "Arket er tomt", sheet=SimpleUploadedFile("a.csv", b"\r\n"))
