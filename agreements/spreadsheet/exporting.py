"""The template (XLSX with a sheet explaining each column, and CSV) and the export of a user's
agreements to it: edited in Excel, the export imports again (its reference names the agreement,
its version tells a change made in the registry since)."""

import csv
import io

from agreements.spreadsheet.columns import COLUMNS

STATUS_WORDS = {
    "draft": "utkast",
    "submitted": "sendt til godkjenning",
    "published": "publisert",
    "withdrawn": "trukket",
}
EXAMPLE = {
    "reference": "2024/1234",
    "title": "Samarbeidsavtale om helsearbeiderfaget",
    "parties": "974760673; 987654321",
    "cooperation_types": "Yrkesfaglig fordypning",
    "programme_areas": "HSHEA2----",
    "trades": "HEA3-01",
    "valid_from": "01.08.2024",
    "valid_to": "31.07.2026",
    "status": "utkast",
    "signed_on": "15.06.2024",
    "signed_place": "Trondheim",
    "document": "helsearbeider-2024.pdf",
}


def workbook_bytes(rows, *, explain=True) -> bytes:
    """An XLSX of the template's headings and `rows` (lists of cells), with the explanation
    sheet; written row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Avtaler")
    bold = Font(bold=True)
    sheet.append([_bold(WriteOnlyCell(sheet, c.heading), bold) for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    if explain:
        help_sheet = workbook.create_sheet("Forklaring")
        headings = ["Kolonne", "Engelsk navn", "Må fylles ut", "Forklaring", "Eksempel"]
        help_sheet.append([_bold(WriteOnlyCell(help_sheet, h), bold) for h in headings])
        for column in COLUMNS:
            help_sheet.append(
                [
                    column.heading,
                    column.english,
                    "ja" if column.required else "nei",
                    column.explanation,
                    EXAMPLE.get(column.key, ""),
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(cell, font):
    cell.font = font
    return cell


def csv_bytes(rows) -> bytes:
    """The same as CSV as Norwegian Excel reads it: semicolons, UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.heading for c in COLUMNS])
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def agreement_rows(agreements):
    """One template row per agreement (`agreements` from for_listing(), with import_reference
    selected)."""
    for agreement in agreements:
        reference = getattr(agreement, "import_reference", None)
        values = {
            "reference": reference.reference if reference else f"SAMREG-AVT-{agreement.pk:07d}",
            "title": agreement.title,
            "parties": "; ".join(p.organisation.orgnr for p in agreement.parties.all()),
            "cooperation_types": "; ".join(t.name_nb for t in agreement.cooperation_types.all()),
            "programme_areas": "; ".join(a.code for a in agreement.programme_areas.all()),
            "trades": "; ".join(t.code for t in agreement.trades.all()),
            "valid_from": agreement.valid_from.strftime("%d.%m.%Y"),
            "valid_to": agreement.valid_to.strftime("%d.%m.%Y"),
            "status": STATUS_WORDS[agreement.status],
            "purpose": agreement.purpose,
            "signed_on": agreement.signed_on.strftime("%d.%m.%Y") if agreement.signed_on else "",
            "signed_place": agreement.signed_place,
            "contact_persons": agreement.contact_persons,
            "document": agreement.document_name,
            "version": str(agreement.version),
        }
        yield [values[c.key] for c in COLUMNS]
