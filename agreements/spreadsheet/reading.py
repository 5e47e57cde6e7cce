"""Reading an uploaded sheet: XLSX (openpyxl, read-only, the values of formulas) or CSV as
Norwegian Excel writes it (semicolons; UTF-8 with or without a byte-order mark, or
Windows-1252). Every file it cannot read raises SheetError with a message for the user."""

import csv
import datetime
import io
import zipfile

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from agreements.spreadsheet.columns import BY_KEY, COLUMNS, column_of

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
# What an XLSX may unpack to: a sheet of MAX_ROWS rows is a few tens of megabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class SheetError(Exception):
    """The file cannot be imported; the message says why and what to do."""


def read_sheet(upload) -> list[tuple[int, dict]]:
    """(row number as the user sees it, {column key: text}) for each row that is not empty."""
    if upload.size > MAX_BYTES:
        raise SheetError(
            _("The file is %(size)s; the limit is %(limit)s. Split the sheet in parts.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "").casefold()
    if head == OLE_MAGIC:
        if ENCRYPTED_PACKAGE in upload.read():
            raise SheetError(
                _(
                    "The file is protected by a password. Remove the password in Excel and upload "
                    "it again."
                )
            )
        raise SheetError(
            _(
                "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV "
                "and upload it again."
            )
        )
    if name.endswith((".xlsm", ".xltm")):
        raise SheetError(
            _(
                "The workbook contains macros (.xlsm). Save it as an Excel workbook without "
                "macros (.xlsx)."
            )
        )
    if head.startswith(b"PK"):
        return _read_xlsx(upload)
    if name.endswith((".xlsx", ".xls", ".ods")):
        raise SheetError(
            _("The file is not an Excel workbook that can be read. Save it again as .xlsx.")
        )
    return _read_csv(upload)


def _read_xlsx(upload):
    import openpyxl

    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise SheetError(
                    _("The workbook unpacks to more than the import reads. Split it in parts.")
                )
            if "xl/vbaProject.bin" in names:
                raise SheetError(
                    _(
                        "The workbook contains macros (.xlsm). Save it as an Excel workbook "
                        "without macros (.xlsx)."
                    )
                )
            first = _first_sheet_path(archive)
            if first and _has_merged_cells(archive, first):
                raise SheetError(
                    _(
                        "The sheet has merged cells. Unmerge them, so that each agreement is one "
                        "row with one value in each cell."
                    )
                )
        upload.seek(0)
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except SheetError:
        raise
    except Exception:
        raise SheetError(
            _("The file is not an Excel workbook that can be read. Save it again as .xlsx.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        return _rows_with_headings(rows)
    finally:
        workbook.close()


def _first_sheet_path(archive) -> str | None:
    sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    return (
        "xl/worksheets/sheet1.xml"
        if "xl/worksheets/sheet1.xml" in sheets
        else (sheets or [None])[0]
    )


def _has_merged_cells(archive, path) -> bool:
    """Whether the sheet's XML has a <mergeCell>: read in pieces, never the whole sheet."""
    tail = b""
    with archive.open(path) as handle:
        while piece := handle.read(1 << 16):
            if b"<mergeCell " in tail + piece:
                return True
            tail = piece[-16:]
    return False


def _read_csv(upload):
    upload.seek(0)
    raw = upload.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise SheetError(_("The file is neither an Excel workbook (.xlsx) nor a CSV file."))
    first_line = text.split("\n", 1)[0]
    if ";" not in first_line:
        found = next((sep for sep in (",", "\t", "|") if sep in first_line), None)
        if found is not None:
            raise SheetError(
                _(
                    "The columns are separated by “%(separator)s”, not by semicolons. Save the "
                    "sheet as CSV (semicolon separated) or as .xlsx."
                )
                % {"separator": {"\t": "tab"}.get(found, found)}
            )
    return _rows_with_headings(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _rows_with_headings(rows):
    heading_row = 0
    for heading_row, headings in enumerate(rows, start=1):  # noqa: B007 (read after)
        if any(_text(value) for value in headings):
            break
    else:
        raise SheetError(_("The sheet is empty."))
    keys = _keys_of(headings)
    result = []
    for number, values in enumerate(rows, start=heading_row + 1):
        cells = {key: _text(values[i]) if i < len(values) else "" for i, key in keys.items()}
        if not any(cells.values()):
            continue  # an empty row, also in the middle of the sheet
        if len(result) == MAX_ROWS:
            raise SheetError(
                _(
                    "The sheet has more than %(limit)s agreements. Split it in sheets of at most "
                    "%(limit)s rows."
                )
                % {"limit": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        result.append((number, cells))
    return result


def _keys_of(headings) -> dict[int, str]:
    keys, unknown = {}, []
    for index, heading in enumerate(headings):
        if not _text(heading):
            continue
        key = column_of(_text(heading))
        if key is None or key in keys.values():
            unknown.append(_text(heading))
        else:
            keys[index] = key
    missing = [c.heading for c in COLUMNS if c.required and c.key not in keys.values()]
    if unknown or missing:
        expected = ", ".join(f"«{c.heading}»" for c in COLUMNS)
        problems = []
        if unknown:
            problems.append(
                _("Unknown columns: %(names)s.") % {"names": ", ".join(f"«{u}»" for u in unknown)}
            )
        if missing:
            problems.append(
                _("Missing columns: %(names)s.") % {"names": ", ".join(f"«{m}»" for m in missing)}
            )
        raise SheetError(
            " ".join(problems)
            + " "
            + _(
                "The first row must name the columns of the template: %(names)s (or their English "
                "names)."
            )
            % {"names": expected}
        )
    assert set(keys.values()) <= set(BY_KEY)
    return keys


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
