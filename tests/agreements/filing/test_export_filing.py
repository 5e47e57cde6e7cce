"""The county export with a folder of Fiks Arkiv messages per agreement beside the PDFs and the
index, the filings it records, and the "changed since last filed" filter."""

import json
import zipfile

import pytest
from django.core.files.base import ContentFile

from agreements.exports.archive import describe_filters, run_export_job
from agreements.exports.forms import ExportFilterForm
from agreements.exports.pdf import document_identifier
from agreements.filing.schema import OPPDATER, OPPRETT
from agreements.models import Agreement, ArchiveFiling, ExportJob
from tests.agreements.filing.conftest import sha256, texts, validate_everywhere, xpath
from tests.factories import AgreementFactory
from tests.pdf_checks import pdfa_identification
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db
SIGNED = b"%PDF-1.4\n% the signed original\n%%EOF\n"


@pytest.fixture
def world(settings):
    settings.EXPORT_PDF_PROCESSES = 1
    world = build_world()
    world.agreement.document.save("signert.pdf", ContentFile(SIGNED))
    world.second = AgreementFactory(
        title="Elektro <script>æøå</script>",
        schools=[world.byasen],
        partners=[world.training_office],
    )
    return world


def export(world, **filters):
    job = ExportJob.objects.create(
        county=world.agreement.county, requested_by=world.coordinator_trondelag, filters=filters
    )
    run_export_job(job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    return job, zipfile.ZipFile(job.archive.open("rb"))


def test_the_export_holds_a_valid_message_folder_per_agreement(world):
    job, archive = export(world)
    index = {e["document_identifier"]: e for e in json.loads(archive.read("index.json"))}
    names = set(archive.namelist())
    filings = {f.agreement_id: f for f in ArchiveFiling.objects.filter(export_job=job)}
    assert set(filings) == set(
        Agreement.objects.filter(county=world.agreement.county).values_list("pk", flat=True)
    )
    for pk, filing in filings.items():
        agreement = Agreement.objects.get(pk=pk)
        identifier = document_identifier(agreement)
        entry = index[identifier]
        assert entry["message_folder"] == filing.package
        assert filing.version == agreement.version and filing.messages == [OPPRETT]
        xml = archive.read(f"{filing.package}/arkivmelding.xml")
        validate_everywhere(xml, OPPRETT)
        # The folder's PDF is the index's sealed PDF, checksum and all.
        pdf = archive.read(f"{filing.package}/{identifier}.pdf")
        assert pdf == archive.read(entry["pdf_file"])
        assert sha256(pdf) == entry["pdf_sha256"] == filing.pdf_sha256
        assert pdfa_identification(pdf) == ("2", "A") and b"/ByteRange" in pdf
        described = texts(xml, "//a:dokumentobjekt/a:referanseDokumentfil")
        assert {f"{filing.package}/{name}" for name in described} <= names
        for element in xpath(xml, "//a:dokumentobjekt"):
            ns = {"a": element.nsmap[None]}
            data = archive.read(
                f"{filing.package}/{element.findtext('a:referanseDokumentfil', namespaces=ns)}"
            )
            assert element.findtext("a:sjekksum", namespaces=ns) == sha256(data)
            assert element.findtext("a:filstoerrelse", namespaces=ns) == str(len(data))
    main = filings[world.agreement.pk]
    assert (
        archive.read(f"{main.package}/{document_identifier(world.agreement)}-signert.pdf") == SIGNED
    )


def test_changed_since_last_filed(world):
    export(world)
    assert not ArchiveFiling.objects.filter(state=ArchiveFiling.State.PENDING).exists()
    Agreement.objects.filter(pk=world.second.pk).update(version=2, title="Ny tittel")
    job, archive = export(world, changed_since_filed=True)
    assert list(job.filings.values_list("agreement_id", "version", "messages")) == [
        (world.second.pk, 2, [OPPRETT, OPPDATER])
    ]
    filing = job.filings.get()
    validate_everywhere(archive.read(f"{filing.package}/arkivmelding.xml"), OPPRETT)
    validate_everywhere(archive.read(f"{filing.package}-oppdatering/arkivmelding.xml"), OPPDATER)
    assert job.total == 1
    assert ("Endret siden sist arkivert", "ja") in [
        (str(label), str(value)) for label, value in describe_filters(job)
    ]
    # Everything filed: nothing changed since.
    job, _archive = export(world, changed_since_filed=True)
    assert job.total == 0


def test_the_filter_on_the_export_page(world, client):
    form = ExportFilterForm({"changed_since_filed": "on"}, county=world.agreement.county)
    assert form.is_valid() and form.as_filters() == {"changed_since_filed": True}
    client.force_login(world.coordinator_trondelag)
    page = client.get(f"/ansatt/eksport/{world.agreement.county.number}/").content.decode()
    assert "Endret siden sist arkivert" in page and 'name="changed_since_filed"' in page


def test_a_missing_signed_document_gives_no_message(world):
    world.agreement.document.storage.delete(world.agreement.document.name)
    job, archive = export(world)
    assert not job.filings.filter(agreement=world.agreement).exists()
    assert job.filings.filter(agreement=world.second).exists()
