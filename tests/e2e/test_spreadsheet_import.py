"""Issue 17 in a browser: a Trøndelag coordinator imports a sheet of 20 agreements with 3
problem rows and 5 signed PDFs, fixes one row by uploading again, confirms, and sees the
agreements on the schools' public pages."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.agreements.spreadsheet.sheets import PDF, agreement_row, xlsx, zip_of
from tests.e2e.conftest import log_in_as, serious_accessibility_violations
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def sheet_rows(world, fixed=False):
    schools = [world.strinda, world.byasen]
    rows = [
        agreement_row(
            schools[n % 2],
            world.grytaga,
            n,
            title=f"Importert avtale {n:02}",
            document=f"avtale-{n}.pdf" if n < 5 else "",
        )
        for n in range(17)
    ]
    rows.append(
        agreement_row(
            world.strinda, world.grytaga, 17, title="Importert avtale 17", parties="999999999"
        )
    )
    rows.append(
        agreement_row(
            world.strinda,
            world.grytaga,
            18,
            title="Importert avtale 18",
            valid_from="01.08.2026" if fixed else "31.02.2026",
        )
    )
    rows.append(agreement_row(world.meloy_school, world.grytaga, 19, title="Importert avtale 19"))
    return rows


def upload(page, tmp_path, world, fixed):
    sheet, pdfs = tmp_path / "avtaler.xlsx", tmp_path / "signert.zip"
    sheet.write_bytes(xlsx(sheet_rows(world, fixed)).read())
    pdfs.write_bytes(zip_of({f"avtale-{n}.pdf": PDF for n in range(5)}).read())
    page.goto("/ansatt/import/")
    page.locator("#id_sheet").set_input_files(str(sheet))
    page.locator("#id_pdfs").set_input_files(str(pdfs))
    page.get_by_role("button", name="Vis forhåndsvisningen").click()
    expect(page.get_by_role("heading", name=re.compile("Forhåndsvisning av"))).to_be_visible()


def test_a_coordinator_imports_a_sheet_with_problems_and_signed_pdfs(
    desktop, live_server, tmp_path
):
    world = build_world()
    page = desktop
    log_in_as(page, world.coordinator_trondelag, live_server)
    page.goto("/ansatt/")
    page.get_by_role("link", name="Import fra regneark").first.click()
    expect(page.get_by_role("heading", name="Importer avtaler fra regneark")).to_be_visible()

    upload(page, tmp_path, world, fixed=False)
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(20)
    expect(page.locator("#rad-19")).to_contain_text("999999999")
    expect(page.locator("#rad-20")).to_contain_text("Gyldig fra")
    expect(page.locator("#rad-21")).to_contain_text("Meløy videregående skole")
    assert page.locator("input[name=leave_out]").count() == 17
    assert serious_accessibility_violations(page) == []
    assert Agreement.objects.filter(title__startswith="Importert").count() == 0

    upload(page, tmp_path, world, fixed=True)  # the date of row 20 corrected
    assert page.locator("input[name=leave_out]").count() == 18
    page.get_by_role("button", name="Importer radene uten problemer").click()
    expect(page.get_by_role("heading", name="Import av avtaler.xlsx")).to_be_visible()

    call_command("db_worker", "--batch", "--no-startup-delay")
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Importen er ferdig")
    expect(page.locator(".facts")).to_contain_text("18")
    assert Agreement.objects.filter(title__startswith="Importert").count() == 18
    assert Agreement.objects.exclude(document="").filter(title__startswith="Importert").count() == 5

    for school in (world.strinda, world.byasen):
        page.goto(f"/skoler/{school.orgnr}/")
        expect(
            page.get_by_text(
                "Importert avtale 00" if school == world.strinda else "Importert avtale 01"
            )
        ).to_be_visible()
    page.goto(f"/skoler/{world.strinda.orgnr}/")
    expect(page.get_by_text("Importert avtale 18")).to_be_visible()
