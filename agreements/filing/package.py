"""An agreement's filing in the county export: its messages and files in one folder of the ZIP,
and the ArchiveFiling that records it.

    arkivmeldinger/SAMREG-AVT-0000042-v3/arkivmelding.xml       opprett (registrering, files)
    arkivmeldinger/SAMREG-AVT-0000042-v3/SAMREG-AVT-0000042.pdf  the sealed PDF/A, hoveddokument
    arkivmeldinger/SAMREG-AVT-0000042-v3/SAMREG-AVT-0000042-signert.pdf   the signed document
    arkivmeldinger/SAMREG-AVT-0000042-v3-oppdatering/arkivmelding.xml     oppdater (the mappe)

Each folder is one message: what the folder transport (agreements/filing/transport.py) drops
as a package for an archive system that imports from a watched folder.
"""

import hashlib
import mimetypes
import os

from agreements.exports.pdf import document_identifier
from agreements.filing import arkivmelding
from agreements.filing.arkivmelding import HOVEDDOKUMENT, PRODUKSJONSFORMAT, VEDLEGG, FiledFile
from agreements.filing.schema import OPPDATER, OPPRETT, validate
from agreements.models import ArchiveFiling

ROOT = "arkivmeldinger"
MESSAGE = "arkivmelding.xml"
UPDATE_SUFFIX = "-oppdatering"
COPY_BUFFER = 1024 * 1024
PDFA_FORMAT = ("fmt/476", "PDF/A-2a")  # PRONOM's identifier of PDF/A-2a


def folder_name(agreement) -> str:
    return f"{document_identifier(agreement)}-v{agreement.version}"


def _previous(agreement):
    """The last filing of an earlier version, whose mappe metadata the update starts from."""
    return (
        ArchiveFiling.objects.filter(agreement=agreement, version__lt=agreement.version)
        .order_by("-version", "-filed_at")
        .first()
    )


def _copy(source, target) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while block := source.read(COPY_BUFFER):
        digest.update(block)
        size += len(block)
        target.write(block)
    return digest.hexdigest(), size


def add_filing(archive, job, agreement, sealed_pdf: bytes, when, zip_info) -> ArchiveFiling:
    """Writes the agreement's messages and files into the open ZIP `archive` and records the
    filing. `zip_info(name, when)` makes an entry (agreements.exports.archive._zip_info).
    A missing signed document raises OSError before the message is written."""
    identifier = document_identifier(agreement)
    folder = f"{ROOT}/{folder_name(agreement)}"
    pdf_name = f"{identifier}.pdf"
    archive.writestr(zip_info(f"{folder}/{pdf_name}", when), sealed_pdf)
    pdf_sha = hashlib.sha256(sealed_pdf).hexdigest()
    files = [
        FiledFile(
            HOVEDDOKUMENT,
            f"{agreement.title} (arkivversjon, versjon {agreement.version})",
            pdf_name,
            pdf_name,
            pdf_sha,
            len(sealed_pdf),
            *PDFA_FORMAT,
            "application/pdf",
        )
    ]
    if agreement.document:
        extension = os.path.splitext(agreement.document.name)[1].lower() or ".pdf"
        reference = f"{identifier}-signert{extension}"
        with (
            agreement.document.open("rb") as source,
            archive.open(zip_info(f"{folder}/{reference}", when), "w", force_zip64=True) as out,
        ):
            sha, size = _copy(source, out)
        code = extension.lstrip(".").upper() or "PDF"
        files.append(
            FiledFile(
                VEDLEGG,
                f"Signert avtale: {agreement.title}",
                agreement.document_name or os.path.basename(agreement.document.name),
                reference,
                sha,
                size,
                code,
                code,
                mimetypes.guess_type(reference)[0] or "application/octet-stream",
                variant=PRODUKSJONSFORMAT,
            )
        )
    previous = _previous(agreement)
    message = arkivmelding.opprett(agreement, files, first=previous is None, generated_at=when)
    validate(message, OPPRETT)
    archive.writestr(zip_info(f"{folder}/{MESSAGE}", when), message)
    messages = [OPPRETT]
    if previous is not None:
        update = arkivmelding.oppdater(
            agreement, arkivmelding.Metadata.from_json(previous.metadata)
        )
        if update is not None:
            validate(update, OPPDATER)
            archive.writestr(zip_info(f"{folder}{UPDATE_SUFFIX}/{MESSAGE}", when), update)
            messages.append(OPPDATER)
    return ArchiveFiling.objects.create(
        agreement=agreement,
        version=agreement.version,
        export_job=job,
        package=folder,
        messages=messages,
        metadata=arkivmelding.metadata(agreement).as_json(),
        pdf_sha256=pdf_sha,
    )


def package_folders(filing) -> list[str]:
    """The ZIP folders of the filing's messages, in the order they are sent."""
    return [filing.package + ("" if t == OPPRETT else UPDATE_SUFFIX) for t in filing.messages]
