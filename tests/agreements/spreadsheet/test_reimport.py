"""Importing again: the external reference names the agreement, no duplicate is made, and one
changed in the registry since is a conflict, not overwritten. The template and the round trip
through the export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from agreements import workflow
from agreements.models import Agreement, ImportJob
from agreements.spreadsheet.columns import COLUMNS
from agreements.staff.forms import AgreementForm
from registry.permissions import Policy
from tests.agreements.spreadsheet.sheets import XLSX_TYPE, agreement_row, xlsx
from tests.agreements.spreadsheet.test_import import confirm, preview_of
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def import_sheet(client, sheet):
    ImportJob.objects.all().delete()
    job, _location = preview_of(client, sheet)
    return confirm(client, job)


def test_importing_the_same_sheet_again_updates_and_makes_no_duplicate(coordinator, world):
    rows = [agreement_row(world.strinda, world.grytaga, n) for n in (1, 2)]
    import_sheet(coordinator, xlsx(rows))
    rows[0]["title"] = "Ny tittel"
    job = import_sheet(coordinator, xlsx(rows))
    assert (job.created, job.updated) == (0, 2)
    titles = Agreement.objects.filter(import_reference__isnull=False).values_list(
        "title", flat=True
    )
    assert sorted(titles) == ["Avtale nummer 2", "Ny tittel"]
    updated = Agreement.objects.get(title="Ny tittel")
    assert updated.version == 2 and updated.history.count() == 2


def test_a_row_changed_in_the_registry_since_is_a_conflict(coordinator, world):
    import_sheet(coordinator, xlsx([agreement_row(world.strinda, world.grytaga)]))
    agreement = Agreement.objects.get(title="Avtale nummer 1")
    agreement.title = "Endret i registeret"
    workflow.save(
        agreement,
        policy=Policy.for_user(world.coordinator_trondelag),
        version=agreement.version,
        parties=[p.row for p in agreement.parties.all()],
        cooperation_types=agreement.cooperation_types.all(),
        programme_areas=[],
        trades=[],
    )
    ImportJob.objects.all().delete()
    job, location = preview_of(
        coordinator, xlsx([agreement_row(world.strinda, world.grytaga, title="Fra arket")])
    )
    assert job.preview[0]["action"] == "conflict"
    assert "Konflikt" in coordinator.get(location).content.decode()
    job = confirm(coordinator, job)
    assert Agreement.objects.get(pk=agreement.pk).title == "Endret i registeret"
    assert "endret i registeret" in job.report[0]["reason"]


def test_the_template_explains_each_column_in_bokmal(coordinator, world):
    response = coordinator.get("/ansatt/import/mal.xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Avtaler", "Forklaring"]
    headings = next(book["Avtaler"].iter_rows(values_only=True))
    assert list(headings) == [c.heading for c in COLUMNS]
    explained = list(book["Forklaring"].iter_rows(values_only=True))
    assert explained[0][0] == "Kolonne" and len(explained) == len(COLUMNS) + 1
    assert "Datoen avtalen gjelder fra" in str(explained)
    csv = coordinator.get("/ansatt/import/mal.csv").content
    assert csv.startswith(b"\xef\xbb\xbfEkstern referanse;Tittel;Parter")


def test_the_round_trip_through_the_export(coordinator, world):
    """The coordinator's agreements, exported, edited in Excel and imported again: updated in
    place, none made twice."""
    before = Agreement.objects.count()
    response = coordinator.get("/ansatt/import/mine-avtaler.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Avtaler"]
    assert sheet.max_row == 2  # the world's agreement in Trøndelag
    assert sheet["A2"].value == f"SAMREG-AVT-{world.agreement.pk:07d}"
    sheet["B2"] = "Endret i Excel"
    buffer = io.BytesIO()
    book.save(buffer)
    job = import_sheet(coordinator, SimpleUploadedFile("mine-avtaler.xlsx", buffer.getvalue()))
    assert (job.created, job.updated) == (0, 1), job.report
    assert Agreement.objects.count() == before
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Endret i Excel"
    assert world.agreement.status == Agreement.Status.DRAFT  # "utkast" leaves it a draft


def test_the_export_of_a_changed_agreement_is_a_conflict(coordinator, world):
    response = coordinator.get("/ansatt/import/mine-avtaler.xlsx")
    Agreement.objects.filter(pk=world.agreement.pk).update(version=5)
    job = import_sheet(coordinator, SimpleUploadedFile("x.xlsx", response.content))
    assert job.updated == 0 and "versjon 1, nå 5" in job.report[0]["reason"]


def test_one_set_of_rules_for_the_form_and_the_row(coordinator, world):
    """The date rule of the agreement form is the row's."""
    earliest = AgreementForm().fields["valid_from"].widget.attrs["min"]
    row = agreement_row(world.strinda, world.grytaga, valid_from="01.01.1900")
    job, _location = preview_of(coordinator, xlsx([row]))
    assert earliest[:4] in dict(job.preview[0]["errors"])["valid_from"][0]


def test_the_preview_and_progress_pages_have_a_constant_number_of_queries(coordinator, world):
    def measured(n):
        ImportJob.objects.all().delete()
        rows = [agreement_row(world.strinda, world.grytaga, i) for i in range(n)]
        job, location = preview_of(coordinator, xlsx(rows))
        preview = page_queries(coordinator, location)
        job = confirm(coordinator, job)
        progress = page_queries(coordinator, f"/ansatt/import/{job.pk}/framdrift/")
        home = page_queries(coordinator, "/ansatt/import/")
        return preview, progress, home

    assert measured(1) == measured(6)
