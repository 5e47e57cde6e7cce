"""The Fiks Arkiv messages of an agreement: valid against KS's V1 schemas (the vendored copy
and, where it is there, ../shared's), with the registrering, titles, parties, keywords, keys and
document descriptions the archive needs."""

import datetime
import zipfile

import pytest
from django.core.files.base import ContentFile

from agreements.exports.pdf import document_identifier, render_pdf
from agreements.filing import arkivmelding
from agreements.filing.package import add_filing
from agreements.filing.schema import OPPDATER, OPPRETT, SCHEMA_DIR, SCHEMA_FILES, validate
from agreements.filing.seal import seal_pdf
from agreements.models import Agreement, ArchiveFiling
from tests.agreements.filing.conftest import (
    SHARED_SCHEMAS,
    sha256,
    texts,
    validate_everywhere,
    xpath,
)
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
    TradeFactory,
)

pytestmark = pytest.mark.django_db

SIGNED = b"%PDF-1.4\n% signert original\n%%EOF\n"
TITLE = 'Praksis for <b>Ærlig</b> "Øl" & Å-bryggeri – Kari Nordmann'


def _info(name, when):
    return zipfile.ZipInfo(name, date_time=when.timetuple()[:6])


def file(agreement, *, document: bool):
    """Files the agreement into an in-memory ZIP; returns (filing, ZIP)."""
    if document:
        agreement.document.save("signert avtale.pdf", ContentFile(SIGNED))
        agreement.document_name = "Signert avtale æøå.pdf"
        agreement.save()
    agreement = Agreement.objects.for_full_page().get(pk=agreement.pk)
    pdf = seal_pdf(render_pdf(agreement, archival=True), agreement)
    sink = __import__("io").BytesIO()
    with zipfile.ZipFile(sink, "w") as archive:
        filing = add_filing(
            archive, None, agreement, pdf, datetime.datetime.now(datetime.UTC), _info
        )
    return filing, zipfile.ZipFile(sink), pdf


def nine_party_agreement():
    return AgreementFactory(
        title=TITLE,
        schools=[SchoolFactory(name="Bodø videregående skole"), SchoolFactory(name="Fauske vgs")],
        partners=[CompanyFactory(name=f"Kari Nordmann ENK {n}") for n in range(7)],
        programme_areas=[ProgrammeAreaFactory()],
        trades=[TradeFactory()],
    )


@pytest.mark.parametrize("parties", [1, 9])
@pytest.mark.parametrize("document", [False, True], ids=["no-document", "signed-document"])
def test_the_first_filing_is_one_valid_opprett(schema_dir, parties, document):
    if parties == 9:
        agreement = nine_party_agreement()
    else:
        agreement = AgreementFactory(title=TITLE, partners=[])
    filing, archive, pdf = file(agreement, document=document)
    folder = filing.package
    xml = archive.read(f"{folder}/arkivmelding.xml")
    validate(xml, OPPRETT, schema_dir)
    assert filing.messages == [OPPRETT]
    identifier = document_identifier(agreement)

    # The mappe: the agreement, recognised by our system and its stable identifier.
    assert texts(xml, "/a:arkivmelding/a:mappe/a:referanseEksternNoekkel/m:fagsystem") == [
        "Samarbeidsregisteret"
    ]
    assert texts(xml, "/a:arkivmelding/a:mappe/a:referanseEksternNoekkel/m:noekkel") == [identifier]
    # The registrering: an arkivnotat in that mappe, with the title as text (never markup).
    registration = "/a:arkivmelding/a:registrering"
    assert xpath(xml, registration)[0].get("{http://www.w3.org/2001/XMLSchema-instance}type") == (
        "arkivnotat"
    )
    assert texts(
        xml, f"{registration}/a:referanseForelderMappe/m:referanseEksternNoekkel/m:noekkel"
    ) == [identifier]
    assert texts(xml, f"{registration}/a:tittel") == [TITLE]
    assert b"<b>" not in xml and "&lt;b&gt;Ærlig".encode() in xml
    public = texts(xml, f"{registration}/a:offentligTittel")[0]
    assert "Kari" not in public and "Nordmann" not in public and identifier in public
    # The parties with their organisation numbers and roles.
    orgnrs = texts(xml, f"{registration}/a:part/a:organisasjonID/a:identifikator")
    assert sorted(orgnrs) == sorted(p.organisation.orgnr for p in agreement.parties.all())
    assert len(orgnrs) == parties
    assert set(texts(xml, f"{registration}/a:part/a:partRolle/m:kode")) <= {"school", "company"}
    # Keywords: cooperation types, programme areas, trades.
    keywords = texts(xml, f"{registration}/a:noekkelord")
    assert "Yrkesfaglig fordypning (YFF)" in keywords
    if parties == 9:
        assert {"Akvakultur", "Akvakulturfaget"} <= set(keywords)
    # The documents: the sealed PDF/A as hoveddokument, the signed one as vedlegg.
    roles = texts(xml, f"{registration}/a:dokumentbeskrivelse/a:tilknyttetRegistreringSom/m:kode")
    assert roles == (["H", "V"] if document else ["H"])
    objects = xpath(xml, f"{registration}/a:dokumentbeskrivelse/a:dokumentobjekt")
    main = objects[0]
    assert main.findtext("a:sjekksum", namespaces={"a": xml_ns()}) == sha256(pdf)
    assert main.findtext("a:filstoerrelse", namespaces={"a": xml_ns()}) == str(len(pdf))
    assert main.findtext("a:sjekksumAlgoritme", namespaces={"a": xml_ns()}) == "SHA256"
    assert (
        archive.read(
            f"{folder}/{main.findtext('a:referanseDokumentfil', namespaces={'a': xml_ns()})}"
        )
        == pdf
    )
    if document:
        attached = objects[1]
        reference = attached.findtext("a:referanseDokumentfil", namespaces={"a": xml_ns()})
        assert archive.read(f"{folder}/{reference}") == SIGNED
        assert attached.findtext("a:sjekksum", namespaces={"a": xml_ns()}) == sha256(SIGNED)
        assert (
            attached.findtext("a:filnavn", namespaces={"a": xml_ns()}) == "Signert avtale æøå.pdf"
        )
    assert texts(xml, "/a:arkivmelding/a:antallFiler") == [str(len(objects))]


def xml_ns():
    return "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"


def test_a_change_after_filing_is_a_new_registrering_and_an_update_of_the_mappe(schema_dir):
    agreement = nine_party_agreement()
    first, _archive, _pdf = file(agreement, document=False)
    Agreement.objects.filter(pk=agreement.pk).update(version=2, title="Ny tittel æøå <i>")
    agreement.refresh_from_db()
    agreement.parties.filter(role="company").first().delete()
    second, archive, _pdf = file(agreement, document=True)
    assert second.messages == [OPPRETT, OPPDATER]
    assert ArchiveFiling.objects.filter(agreement=agreement).count() == 2

    created = archive.read(f"{second.package}/arkivmelding.xml")
    validate(created, OPPRETT, schema_dir)
    assert xpath(created, "/a:arkivmelding/a:mappe") == []  # the mappe is there already
    assert texts(created, "/a:arkivmelding/a:registrering/a:referanseEksternNoekkel/m:noekkel") == [
        f"{document_identifier(agreement)}-v2"
    ]
    update = archive.read(f"{second.package}-oppdatering/arkivmelding.xml")
    validate(update, OPPDATER, schema_dir)
    changes = "/u:arkivmeldingOppdatering/u:mappeOppdateringer"
    assert texts(update, f"{changes}/u:referanseTilMappe/m:referanseEksternNoekkel/m:noekkel") == [
        document_identifier(agreement)
    ]
    assert texts(update, f"{changes}/u:tittel") == ["Ny tittel æøå <i>"]
    assert len(texts(update, f"{changes}/u:partOppdateringer/u:slett/u:partID")) == 9
    assert len(xpath(update, f"{changes}/u:partOppdateringer/u:ny")) == 8
    assert first.metadata["title"] == TITLE


def test_no_update_message_when_the_mappe_is_as_filed():
    agreement = AgreementFactory()
    file(agreement, document=False)
    Agreement.objects.filter(pk=agreement.pk).update(version=2)
    agreement.refresh_from_db()
    second, archive, _pdf = file(agreement, document=False)
    assert second.messages == [OPPRETT]
    assert f"{second.package}-oppdatering/arkivmelding.xml" not in archive.namelist()
    validate_everywhere(archive.read(f"{second.package}/arkivmelding.xml"), OPPRETT)


def test_an_invalid_message_is_refused():
    with pytest.raises(ValueError, match="system"):
        validate(
            arkivmelding._serialise(
                arkivmelding.etree.Element(f"{{{arkivmelding.NS_OPPRETT}}}arkivmelding")
            ),
            OPPRETT,
        )


def test_the_vendored_schemas_are_kss_unchanged():
    names = [*SCHEMA_FILES, "LICENSE", "SOURCE.md"]
    assert all((SCHEMA_DIR / name).is_file() for name in names)
    if SHARED_SCHEMAS.is_dir():  # the workplace's copy, in CI
        for name in [*SCHEMA_FILES, "LICENSE"]:
            assert (SCHEMA_DIR / name).read_bytes() == (SHARED_SCHEMAS / name).read_bytes(), name
